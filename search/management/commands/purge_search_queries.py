from django.core.management.base import BaseCommand, CommandError

from search.query_log import KEEP_DAYS, purge_search_queries


class Command(BaseCommand):
    help = (
        "Efface du journal des recherches les comptes des jours plus vieux que N jours "
        f"(par défaut {KEEP_DAYS})."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=KEEP_DAYS, metavar="JOURS", help="Âge en jours."
        )

    def handle(self, *args, days=KEEP_DAYS, **options):
        if days < 1:
            raise CommandError("--days : au moins 1 jour.")
        deleted = purge_search_queries(days)
        self.stdout.write(
            f"Journal des recherches : {deleted} ligne(s) de plus de {days} jours effacée(s)."
        )
