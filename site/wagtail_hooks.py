"""Admin wiring: the closed areas are hidden from users outside their group."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from lune_site.models import (
    CLOSED_AREA_ROOTS,
    STAFF_AREA_PAGE_TYPES,
    HygieneKitBatch,
    NightLogPage,
    OutreachKitDistribution,
    ShelterLogIndexPage,
)


def hidden_closed_area_paths(user):
    """Paths of the closed areas that `user` may not see in the admin."""
    if user.is_superuser:
        return []
    groups = set(user.groups.values_list("name", flat=True))
    paths = []
    for model in CLOSED_AREA_ROOTS:
        if model.closed_area_group_name() not in groups:
            paths.extend(model.objects.values_list("path", flat=True))
    return paths


def hide_closed_areas(pages, request):
    for closed_path in hidden_closed_area_paths(request.user):
        pages = pages.exclude(path__startswith=closed_path)
    return pages


@hooks.register("construct_page_chooser_queryset")
def hide_closed_areas_in_chooser(pages, request):
    return hide_closed_areas(pages, request)


@hooks.register("construct_explorer_page_queryset")
def hide_closed_areas_in_explorer(parent_page, pages, request):
    return hide_closed_areas(pages, request)


# === Staff area (issue 7): hygiene kits, the figures panel, publishing a night log =========


class HygieneKitBatchViewSet(SnippetViewSet):
    model = HygieneKitBatch
    icon = "folder-open-inverse"
    menu_label = _("Trousses assemblées")
    list_display = ["assembled_on", "number", "content"]
    list_filter = ["assembled_on"]
    ordering = ["-assembled_on"]


class OutreachKitDistributionViewSet(SnippetViewSet):
    model = OutreachKitDistribution
    icon = "folder-open-inverse"
    menu_label = _("Trousses remises en proximité")
    list_display = ["given_on", "number", "place"]
    list_filter = ["given_on"]
    ordering = ["-given_on"]


class HygieneKitViewSetGroup(SnippetViewSetGroup):
    # Shown only to users holding the kits' permissions: the staff group (set by setup_site).
    items = (HygieneKitBatchViewSet, OutreachKitDistributionViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Trousses d'hygiène")
    menu_name = "trousses"


register_snippet(HygieneKitViewSetGroup)


def is_staff_member(user):
    """Staff group members (and superusers) see the staff area's figures in the admin."""
    if not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=settings.STAFF_GROUP_NAME).exists()


class ShelterFiguresPanel(Component):
    """The dashboard's figures for the chosen month or year, with their charts."""

    name = "shelter_figures"
    order = 90
    template_name = "lune_site/admin/shelter_figures_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        from lune_site.figures import kit_stock, period_from_query, shelter_figures
        from lune_site.models import ShelterFiguresPage

        period, error = period_from_query(self.request.GET)
        return {
            "period": period,
            "period_error": error,
            "figures": shelter_figures(period),
            "kit_stock": kit_stock(),
            "figures_page": ShelterFiguresPage.objects.live().first(),
            "request": self.request,
        }


@hooks.register("construct_homepage_panels")
def add_shelter_figures_panel(request, panels):
    if is_staff_member(request.user):
        panels.append(ShelterFiguresPanel(request))


def in_staff_area(page):
    return page is not None and isinstance(page.specific, STAFF_AREA_PAGE_TYPES)


@hooks.register("construct_page_action_menu")
def staff_area_action_menu(menu_items, request, context):
    page = context.get("page") or context.get("parent_page")
    if not in_staff_area(page):
        return
    # Wagtail's default workflow would show staff pages to the Moderators group: never here.
    menu_items[:] = [item for item in menu_items if item.name != "action-submit"]
    # At 4 a.m. the team fills the log and publishes it: the next shift reads published logs.
    if isinstance(page.specific, NightLogPage | ShelterLogIndexPage):
        for position, item in enumerate(menu_items):
            if item.name == "action-publish":
                menu_items.insert(0, menu_items.pop(position))
                break


@hooks.register("before_edit_page")
def refuse_moderation_of_staff_pages(request, page):
    if request.method == "POST" and "action-submit" in request.POST and in_staff_area(page):
        raise PermissionDenied


@hooks.register("before_create_page")
def refuse_moderation_of_new_staff_pages(request, parent_page, page_class):
    if request.method == "POST" and "action-submit" in request.POST and in_staff_area(parent_page):
        raise PermissionDenied


# Wagtail's "page types usage" report names each type's last edited page, whatever its place in
# the tree, to anyone with page rights: outside their group, the closed areas' pages stay blank.

_decorate_page_types = PageTypesUsageReportView.decorate_paginated_queryset


def hide_closed_area_pages_in_page_types_report(view, page_types):
    page_types = _decorate_page_types(view, page_types)
    hidden = hidden_closed_area_paths(view.request.user)
    for item in page_types:
        page = item.last_edited_page
        if page is not None and page.path.startswith(tuple(hidden) or ("\0",)):
            item.last_edited_page = None
    return page_types


PageTypesUsageReportView.decorate_paginated_queryset = hide_closed_area_pages_in_page_types_report


@hooks.register("register_admin_urls")
def two_factor_urls():
    from lune_site.two_factor import setup_view

    return [path("deux-facteurs/", setup_view, name="two_factor_setup")]
