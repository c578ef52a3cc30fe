from django.core.management.base import BaseCommand

from lune_site.backup import backup


class Command(BaseCommand):
    help = "Sauvegarde la base de données et les médias dans une archive .tar."

    def add_arguments(self, parser):
        parser.add_argument("--output", default="backups", help="Dossier de destination")

    def handle(self, *args, output, **options):
        path = backup(output)
        self.stdout.write(f"Sauvegarde écrite : {path}\n")
