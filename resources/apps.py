from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = "Centre de documentation"
    default_auto_field = "django.db.models.BigAutoField"
