from django.core.management.base import BaseCommand, CommandError

from lune_site.backup import counts, media_checksum, read_manifest, restore


class Command(BaseCommand):
    help = "Restaure une archive faite par backup_site (base de données et médias), puis vérifie."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--yes", action="store_true", help="Ne pas demander de confirmation")

    def handle(self, *args, archive, yes, **options):
        manifest = read_manifest(archive)
        if not yes:
            answer = input("Ceci remplace la base et les médias actuels. Continuer ? [o/N] ")
            if answer.strip().lower() not in ("o", "oui", "y", "yes"):
                raise CommandError("Restauration annulée.")
        restore(archive)
        restored = counts()
        for label, expected in manifest["counts"].items():
            mark = "ok" if restored.get(label) == expected else "DIFFÉRENT"
            self.stdout.write(f"  {label:<32} {expected:>8} {restored.get(label, 0):>8}  {mark}\n")
        same_media = media_checksum() == manifest["media_sha256"]
        self.stdout.write(f"  médias : {'ok' if same_media else 'DIFFÉRENT'}\n")
        if restored != manifest["counts"] or not same_media:
            raise CommandError("La restauration ne correspond pas à la sauvegarde.")
