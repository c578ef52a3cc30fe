from django.core.management.base import BaseCommand

from lune_site.demo import DEMO_TOKEN_COUNT, DEMO_USERS, demo_token, load_demo


class Command(BaseCommand):
    help = "Charge le contenu de démonstration (idempotent : deux fois, même arbre)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Ne pas afficher les accès")

    def handle(self, *args, **options):
        load_demo(self.stdout)
        if not options["quiet_logins"]:
            self.stdout.write(
                "\nComptes de démonstration (démo seulement). Code de vérification : le code "
                f"affiché, puis -2, -3… jusqu'à -{DEMO_TOKEN_COUNT} (chacun sert une fois).\n"
            )
            for username, password, _group, _superuser in DEMO_USERS:
                code = "" if username == "membre" else demo_token(username, 1)
                self.stdout.write(f"  {username:<16} {password:<28} {code}\n")
