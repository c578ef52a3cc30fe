from django.core.management.base import BaseCommand, CommandError

from search.status import backend_names, backend_status


class Command(BaseCommand):
    help = (
        "Affiche le moteur de recherche de chaque réglage de WAGTAILSEARCH_BACKENDS, ses index "
        "et leur nombre de documents, par modèle."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--backend", dest="names", action="append", help="Un moteur seulement (par nom)."
        )

    def handle(self, *args, names=None, **options):
        known = backend_names()
        unknown = [name for name in names or [] if name not in known]
        if unknown:
            raise CommandError(
                f"Moteur inconnu : {', '.join(unknown)} (connus : {', '.join(known)})"
            )
        unreadable = False
        for name in names or known:
            status = backend_status(name)
            self.stdout.write(f"Moteur « {status.name} » : {status.backend}")
            for index in status.indexes:
                count = "?" if index.documents is None else index.documents
                note = f" ({index.note})" if index.note else ""
                self.stdout.write(f"  Index {index.name} : {count} document(s){note}")
                for model, documents in index.by_model.items():
                    self.stdout.write(f"    {model} : {documents}")
                unreadable = unreadable or index.documents is None
        if unreadable:
            raise CommandError("Au moins un index n'a pas pu être lu.")
