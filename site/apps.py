from django.apps import AppConfig


class LuneSiteConfig(AppConfig):
    name = "lune_site"
    verbose_name = "Site L.U.N.E."
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lune_site import (
            checks,  # noqa: F401  (registers the system checks)
            staff_area,  # noqa: F401  (staff area: permissions, demo)
        )
        from lune_site.page_cache import connect_invalidation

        connect_invalidation()
