from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "lune_search"
    verbose_name = "Recherche"
    default_auto_field = "django.db.models.BigAutoField"
