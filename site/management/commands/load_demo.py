from django.core.management.base import BaseCommand

from lune_site.demo import DEMO_USERS, load_demo


class Command(BaseCommand):
    help = "Charge le contenu de démonstration (idempotent : deux fois, même arbre)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Ne pas afficher les accès")

    def handle(self, *args, **options):
        load_demo(self.stdout)
        if not options["quiet_logins"]:
            self.stdout.write("\nComptes de démonstration (démo seulement) :\n")
            for username, password, _group, _superuser in DEMO_USERS:
                self.stdout.write(f"  {username:<16} {password}\n")
