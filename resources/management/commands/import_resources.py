from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from resources.importing import COLUMNS, ResourceImporter


class Command(BaseCommand):
    help = (
        "Importe des ressources d'un fichier CSV (colonnes : " + ", ".join(COLUMNS) + "). "
        "Avec une erreur, rien n'est changé, sauf avec --skip-invalid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Fichier CSV (UTF-8 ou Windows-1252, virgules ou « ; »)")
        parser.add_argument(
            "--dry-run", action="store_true", help="Vérifier et compter, sans rien changer."
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Importer les lignes valides et ignorer les autres.",
        )

    def handle(self, *args, file, dry_run, skip_invalid, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        step = {"last": 0}

        def progress(done, total):
            if done == total or done - step["last"] >= max(50, total // 20):
                step["last"] = done
                self.stdout.write(f"  {done}/{total} ressources enregistrées")

        report = ResourceImporter().run(
            path.read_bytes(), dry_run=dry_run, skip_invalid=skip_invalid, progress=progress
        )
        for error in report.errors:
            self.stderr.write(str(error))
        self.stdout.write(report.summary())
        if report.errors and not skip_invalid and not dry_run:
            raise CommandError("Import annulé : le fichier contient des erreurs.")
