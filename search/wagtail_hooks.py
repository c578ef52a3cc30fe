from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search.models import SynonymGroup
from search.reports import EmptySearchesReport, FrequentSearchesReport


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "search"
    menu_label = _("Synonymes de recherche")
    list_display = ["__str__", "note"]
    search_fields = ["words"]
    search_backend_name = None  # a plain database filter: the list is short
    add_to_admin_menu = False


register_snippet(SynonymGroupViewSet)


@hooks.register("register_admin_urls")
def register_search_report_urls():
    return [
        path("recherches/", FrequentSearchesReport.as_view(), name="search_frequent_queries"),
        path(
            "recherches/results/",
            FrequentSearchesReport.as_view(results_only=True),
            name="search_frequent_queries_results",
        ),
        path(
            "recherches/sans-resultat/",
            EmptySearchesReport.as_view(),
            name="search_empty_queries",
        ),
        path(
            "recherches/sans-resultat/results/",
            EmptySearchesReport.as_view(results_only=True),
            name="search_empty_queries_results",
        ),
    ]


class SearchLogMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("lune_search.view_dailysearchquery")


@hooks.register("register_reports_menu_item")
def register_frequent_queries_menu_item():
    return SearchLogMenuItem(
        _("Recherches fréquentes"),
        reverse("search_frequent_queries"),
        icon_name="search",
        order=710,
    )


@hooks.register("register_reports_menu_item")
def register_empty_queries_menu_item():
    return SearchLogMenuItem(
        _("Recherches sans résultat"),
        reverse("search_empty_queries"),
        icon_name="warning",
        order=711,
    )
