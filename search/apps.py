from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "lune_search"
    verbose_name = "Recherche"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lune_site.setup import register_permissions

        # Communications staff keep the synonyms current.
        register_permissions(
            "communications",
            "lune_search.add_synonymgroup",
            "lune_search.change_synonymgroup",
            "lune_search.delete_synonymgroup",
            # ...and read what visitors search for, to add what they do not find.
            "lune_search.view_dailysearchquery",
            # ...and promote the right pages for a query ("logement": emergency housing first).
            "wagtailsearchpromotions.add_searchpromotion",
            "wagtailsearchpromotions.change_searchpromotion",
            "wagtailsearchpromotions.delete_searchpromotion",
        )
