"""Admin wiring for the resource library: snippets, CSV import, the freshness report."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from resources import views
from resources.models import Category, Neighbourhood


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = _("Catégories")
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


class NeighbourhoodViewSet(SnippetViewSet):
    model = Neighbourhood
    icon = "site"
    menu_label = _("Quartiers")
    list_display = ["name", "slug"]
    search_fields = ["name"]


class ResourceSnippetsGroup(SnippetViewSetGroup):
    items = (CategoryViewSet, NeighbourhoodViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = _("Ressources")
    menu_name = "resources"


register_snippet(ResourceSnippetsGroup)


@hooks.register("register_admin_urls")
def register_resource_admin_urls():
    return [
        path("ressources/importer/", views.import_view, name="resources_import"),
        path(
            "ressources/a-verifier/",
            views.StaleResourcesReport.as_view(),
            name="resources_stale",
        ),
        path(
            "ressources/a-verifier/results/",
            views.StaleResourcesReport.as_view(results_only=True),
            name="resources_stale_results",
        ),
    ]


class ResourceAdminMenuItem(MenuItem):
    def is_shown(self, request):
        return views.may_import(request.user)


@hooks.register("register_reports_menu_item")
def register_stale_report_menu_item():
    return ResourceAdminMenuItem(
        _("Ressources à vérifier"), reverse("resources_stale"), icon_name="warning", order=700
    )


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ResourceAdminMenuItem(
        _("Importer des ressources"),
        reverse("resources_import"),
        icon_name="upload",
        order=310,
    )
