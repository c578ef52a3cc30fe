from django.core.management.base import BaseCommand

from lune_site.setup import setup_site


class Command(BaseCommand):
    help = "Crée ou répare les parties fixes du site (idempotent)."

    def handle(self, *args, **options):
        setup_site(stdout=self.stdout)
