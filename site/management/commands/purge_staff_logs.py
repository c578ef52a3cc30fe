from django.core.management.base import BaseCommand, CommandError

from lune_site.retention import purge_night_log_text, retention_months


class Command(BaseCommand):
    help = (
        "Efface le texte libre (notes, descriptions des incidents, commentaires) des registres "
        "de nuit plus vieux que N mois, partout : pages, révisions, historique, index. "
        "Les chiffres restent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            dest="months",
            default=None,
            metavar="MOIS",
            help="Âge en mois (par défaut : le réglage STAFF_LOG_RETENTION_MONTHS, 24).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Dire ce qui serait effacé, sans rien effacer."
        )

    def handle(self, *args, months=None, dry_run=False, **options):
        months = retention_months() if months is None else months
        if months < 1:
            raise CommandError("--older-than : au moins 1 mois.")
        report = purge_night_log_text(months, dry_run=dry_run)
        verb = "serait effacé" if dry_run else "effacé"
        self.stdout.write(
            f"Registres des nuits avant le {report.cutoff.isoformat()} ({months} mois) : "
            f"{len(report.logs)} registre(s) à traiter."
        )
        for log in report.logs:
            self.stdout.write(f"- {log.describe()}")
        if dry_run:
            self.stdout.write("Essai (--dry-run) : rien n'a été modifié.")
        else:
            self.stdout.write(f"Terminé : texte {verb}, chiffres conservés.")
