from django.core.management.base import BaseCommand

from resources.importing import write_csv


class Command(BaseCommand):
    help = "Exporte les ressources en CSV (mêmes colonnes que import_resources)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="Fichier à écrire (par défaut : la sortie).")

    def handle(self, *args, file=None, **options):
        if file:
            # With a BOM, Excel reads the accents right.
            with open(file, "w", encoding="utf-8-sig", newline="") as stream:
                count = write_csv(stream)
            self.stderr.write(f"{count} ressource(s) exportée(s) dans {file}.")
        else:
            # The raw stream: OutputWrapper would add line endings of its own.
            count = write_csv(self.stdout._out)
            self.stderr.write(f"{count} ressource(s) exportée(s).")
