from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = "Centre de documentation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lune_site.demo import register_demo
        from lune_site.setup import register_permissions, register_section
        from resources.demo import build_resources

        register_section(
            "ressources",
            "resources.ResourceLibraryPage",
            "Ressources",
            intro="Emploi, logement, santé, droits : des ressources de Québec qui vous accueillent "
            "sans jugement.",
        )
        register_permissions(
            "communications",
            *(
                f"resources.{action}_{model}"
                for model in ("category", "neighbourhood")
                for action in ("add", "change")
            ),
        )
        register_demo(build_resources)
