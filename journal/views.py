"""The staff's views in the admin: contributions, bad-client reports, members' passwords."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic import IndexView

from journal.contributions import create_draft_article
from journal.forms import CreateArticleForm
from journal.models import Contribution

# Characters that make a spreadsheet read a cell as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def spreadsheet_safe(value):
    """A text cell a spreadsheet shows as text, never runs as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class ContributionIndexView(IndexView):
    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return spreadsheet_safe(value)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.permission_policy.user_has_permission(self.request.user, "change"):
            buttons.append(
                MenuItem(
                    _("Transformer en article"),
                    url=reverse("journal_contribution:article", args=[instance.pk]),
                    icon_name="doc-full",
                    priority=15,
                )
            )
            if instance.file:
                buttons.append(
                    MenuItem(
                        _("Télécharger le fichier"),
                        url=reverse("journal_contribution:file", args=[instance.pk]),
                        icon_name="download",
                        priority=16,
                    )
                )
        return buttons


def require_contribution_change(request):
    from journal.wagtail_hooks import contribution_viewset

    if not contribution_viewset.permission_policy.user_has_permission(request.user, "change"):
        raise PermissionDenied


def contribution_to_article(request, pk):
    """Turn one contribution into a draft article in the chosen issue, in one step."""
    require_contribution_change(request)
    contribution = get_object_or_404(Contribution, pk=pk)
    initial = {"title": " ".join(contribution.text.split())[:80]}
    form = CreateArticleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        article = create_draft_article(
            contribution,
            form.cleaned_data["issue"],
            form.cleaned_data["section"],
            form.cleaned_data["title"],
            user=request.user,
        )
        messages.success(request, _("Brouillon d'article créé : relisez-le avant de publier."))
        return redirect("wagtailadmin_pages:edit", article.pk)
    return TemplateResponse(
        request,
        "journal/admin/contribution_to_article.html",
        {"contribution": contribution, "form": form, "page_title": _("Transformer en article")},
    )


def contribution_file(request, pk):
    """The contributed file, for the staff only, always downloaded, never shown inline."""
    require_contribution_change(request)
    contribution = get_object_or_404(Contribution, pk=pk)
    if not contribution.file:
        raise Http404
    try:
        handle = contribution.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        handle,
        as_attachment=True,
        filename=contribution.file.name.rsplit("/", 1)[-1],
        content_type="application/octet-stream",
    )


# --- Members' passwords, set by staff without email ---------------------------------------


def require_password_permission(request):
    if not request.user.has_perm("journal.reset_member_password"):
        raise PermissionDenied


def resettable_members():
    """Member accounts a staff member may reset: members only, never staff or admins."""
    protected = [settings.STAFF_GROUP_NAME, settings.COMMUNICATIONS_GROUP_NAME]
    return (
        get_user_model()
        .objects.filter(groups__name=settings.MEMBERS_GROUP_NAME, is_superuser=False)
        .filter(is_staff=False)
        .exclude(groups__name__in=protected)
        .order_by("username")
        .distinct()
    )


def member_passwords(request):
    require_password_permission(request)
    return TemplateResponse(
        request,
        "journal/admin/member_passwords.html",
        {"members": resettable_members(), "page_title": _("Mots de passe des membres")},
    )


def member_password(request, user_id):
    require_password_permission(request)
    member = get_object_or_404(resettable_members(), pk=user_id)
    form = SetPasswordForm(member, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            _("Nouveau mot de passe enregistré pour %(name)s. Donnez-le-lui en personne.")
            % {"name": member.get_username()},
        )
        return redirect("journal_member_passwords")
    return TemplateResponse(
        request,
        "journal/admin/member_password.html",
        {"member": member, "form": form, "page_title": gettext_lazy("Changer le mot de passe")},
    )
