"""Admin wiring of the journal: themes, distribution points, contributions, bad-client reports,
members' passwords, and the lock on the bad-client list."""

from functools import reduce
from operator import or_

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from journal import views
from journal.models import (
    UNRESTRICTED_LIST_REFUSAL,
    BadClientListPage,
    BadClientReport,
    Contribution,
    DistributionPoint,
    Theme,
)


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Thèmes du journal")
    list_display = ["name", "slug"]


class DistributionPointViewSet(SnippetViewSet):
    model = DistributionPoint
    icon = "site"
    menu_label = _("Points de distribution")
    list_display = ["name", "neighbourhood", "address", "active"]
    list_filter = ["active", "neighbourhood"]
    ordering = ["neighbourhood", "name"]


register_snippet(ThemeViewSet)
register_snippet(DistributionPointViewSet)


class ContributionViewSet(ModelViewSet):
    model = Contribution
    name = "journal_contribution"
    url_prefix = "journal/contributions"
    icon = "mail"
    menu_label = _("Contributions")
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = views.ContributionIndexView
    copy_view_enabled = False
    list_display = ["__str__", "status", "created_at"]
    list_filter = ["status"]
    list_export = [
        "created_at",
        "status",
        "pseudonym",
        "contact",
        "text",
        "original_filename",
        "staff_notes",
    ]
    export_filename = "contributions"
    panels = [
        FieldPanel("text", read_only=True),
        FieldPanel("pseudonym", read_only=True),
        FieldPanel("contact", read_only=True),
        FieldPanel("original_filename", read_only=True),
        FieldPanel("status"),
        FieldPanel("staff_notes"),
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("article/<int:pk>/", views.contribution_to_article, name="article"),
            path("fichier/<int:pk>/", views.contribution_file, name="file"),
        ]


class BadClientReportViewSet(ModelViewSet):
    model = BadClientReport
    name = "journal_badclientreport"
    url_prefix = "membres/signalements"
    icon = "warning"
    menu_label = _("Mauvais clients")
    menu_order = 260
    add_to_admin_menu = True
    copy_view_enabled = False
    list_display = ["__str__", "status", "expires_on", "created_at"]
    list_filter = ["status"]
    panels = ["list_page", *BadClientReport.panels]


contribution_viewset = ContributionViewSet()
bad_client_report_viewset = BadClientReportViewSet()


@hooks.register("register_admin_viewset")
def register_contribution_viewset():
    return contribution_viewset


@hooks.register("register_admin_viewset")
def register_bad_client_report_viewset():
    return bad_client_report_viewset


@hooks.register("register_admin_urls")
def register_member_password_urls():
    return [
        path("membres/mots-de-passe/", views.member_passwords, name="journal_member_passwords"),
        path(
            "membres/mots-de-passe/<int:user_id>/",
            views.member_password,
            name="journal_member_password",
        ),
    ]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def register_member_password_menu_item():
    return PermissionMenuItem(
        _("Mots de passe des membres"),
        reverse("journal_member_passwords"),
        icon_name="key",
        order=270,
        permission="journal.reset_member_password",
    )


@hooks.register("before_publish_page")
def refuse_unrestricted_bad_client_list(request, page):
    """The bad-client list is only published under a view restriction to the members group.

    The model refuses too (`BadClientListPage.publish`); this hook keeps the editor's draft
    and says why, instead of an error page.
    """
    page = page.specific
    if not isinstance(page, BadClientListPage) or page.is_restricted_to_members():
        return None
    # The create view adds the page live before this hook: take it back down.
    BadClientListPage.objects.filter(pk=page.pk).update(live=False, has_unpublished_changes=True)
    messages.error(request, UNRESTRICTED_LIST_REFUSAL)
    return redirect("wagtailadmin_pages:edit", page.pk)


def unrestricted_bad_client_lists(pages, include_descendants=False):
    """The bad-client lists that publishing `pages` (and their drafts below) would put live
    without the members' restriction."""
    pages = [page for page in pages if isinstance(page, Page)]
    if not pages:
        return []
    chosen = Q(pk__in=[page.pk for page in pages])
    if include_descendants:
        # Wagtail's bulk publication takes only the drafts below the chosen pages.
        below = Q(live=False) & reduce(
            or_, (Q(path__startswith=page.path, depth__gt=page.depth) for page in pages)
        )
        chosen |= below
    lists = BadClientListPage.objects.filter(chosen).order_by("path")
    return [page for page in lists if not page.is_restricted_to_members()]


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_unrestricted_bad_client_list(request, action_type, objects, action):
    """Bulk publication stops before it starts when it would take an unrestricted list live."""
    if action_type != "publish":
        return None
    form = getattr(action, "cleaned_form", None)
    include_descendants = bool(form is not None and form.cleaned_data.get("include_descendants"))
    refused = unrestricted_bad_client_lists(objects, include_descendants)
    if not refused:
        return None
    messages.error(request, UNRESTRICTED_LIST_REFUSAL)
    return redirect(action.next_url)
