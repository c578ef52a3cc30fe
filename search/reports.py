"""Admin reports of the search log: the most searched queries, and those that found nothing,
over the days the log keeps (staff add the resources people look for in vain)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from search.models import DailySearchQuery
from search.query_log import KEEP_DAYS, flush_search_log, report_start


class SiteSearchColumn(Column):
    """The query, linked to the site search, so staff see what visitors saw."""

    cell_template_name = "search/admin/query_cell.html"


class FrequentSearchesReport(ReportView):
    page_title = _("Recherches fréquentes")
    header_icon = "search"
    index_url_name = "search_frequent_queries"
    index_results_url_name = "search_frequent_queries_results"
    permission_policy = ModelPermissionPolicy(DailySearchQuery)
    permission_required = "view"
    paginate_by = 50
    list_export = ["query", "searches", "empty_searches", "last_day"]
    export_headings = {
        "query": _("Recherche"),
        "searches": _("Recherches"),
        "empty_searches": _("Sans résultat"),
        "last_day": _("Dernier jour"),
    }
    columns = [
        SiteSearchColumn("query", label=_("Recherche")),
        Column("searches", label=_("Recherches")),
        Column("empty_searches", label=_("Dont sans résultat")),
        DateColumn("last_day", label=_("Dernier jour")),
    ]

    def get_log(self):
        flush_search_log()  # this process's last counts, before they are read
        return DailySearchQuery.objects.since(report_start())

    def get_queryset(self):
        return self.get_log().by_query()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["days"] = KEEP_DAYS
        return context


class EmptySearchesReport(FrequentSearchesReport):
    page_title = _("Recherches sans résultat")
    header_icon = "warning"
    index_url_name = "search_empty_queries"
    index_results_url_name = "search_empty_queries_results"
    list_export = ["query", "searches", "last_day"]
    columns = [
        SiteSearchColumn("query", label=_("Recherche")),
        Column("searches", label=_("Recherches sans résultat")),
        DateColumn("last_day", label=_("Dernier jour")),
    ]

    def get_log(self):
        return super().get_log().filter(found_nothing=True)
