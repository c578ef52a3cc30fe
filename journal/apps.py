from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "journal"
    verbose_name = "Les voix de la ruELLES"
    default_auto_field = "django.db.models.BigAutoField"
