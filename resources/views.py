"""Admin views for the resource library: CSV import (check, then confirm) and freshness."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from resources.importing import COLUMNS, ResourceImporter, decode
from resources.models import ResourceLibraryPage, ResourcePage

STALE_AFTER = datetime.timedelta(days=365)
MAX_UPLOAD_BYTES = 2 * 1024 * 1024


def may_import(user):
    """Import publishes pages under the library: the same right as publishing there."""
    library = ResourceLibraryPage.objects.filter(locale__language_code="fr").first()
    if library is None:
        return False
    permissions = library.permissions_for_user(user)
    return permissions.can_add_subpage() and permissions.can_publish_subpage()


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV"),
        help_text=_("UTF-8 ou Windows-1252 (Excel), séparé par des virgules ou des « ; »."),
    )
    skip_invalid = forms.BooleanField(
        label=_("Importer les lignes valides et ignorer les autres"), required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Fichier trop gros (2 Mo au plus)."))
        return upload


class ConfirmForm(forms.Form):
    data = forms.CharField(widget=forms.HiddenInput, strip=False)
    skip_invalid = forms.BooleanField(widget=forms.HiddenInput, required=False)


def import_view(request):
    """Upload a CSV, see the same report as the command gives, then confirm."""
    if not may_import(request.user):
        raise PermissionDenied
    context = {"columns": COLUMNS, "form": UploadForm()}
    if request.method == "POST" and request.POST.get("step") == "confirm":
        confirm = ConfirmForm(request.POST)
        if confirm.is_valid():
            report = ResourceImporter(user=request.user).run(
                confirm.cleaned_data["data"],
                skip_invalid=confirm.cleaned_data["skip_invalid"],
            )
            context["report"] = report
            if report.applied:
                messages.success(request, report.summary())
            elif report.errors:
                messages.error(request, report.summary())
            else:
                messages.info(request, report.summary())
    elif request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            text = decode(form.cleaned_data["file"].read())
            skip = form.cleaned_data["skip_invalid"]
            report = ResourceImporter(user=request.user).run(text, dry_run=True)
            context["report"] = report
            may_apply = report.changed and (skip or not report.errors)
            if may_apply:
                context["confirm"] = ConfirmForm(initial={"data": text, "skip_invalid": skip})
    return render(request, "resources/admin/import.html", context)


class StaleResourcesReport(ReportView):
    """Resources not verified for over a year (or never), oldest first."""

    page_title = _("Ressources à vérifier")
    header_icon = "warning"
    index_url_name = "resources_stale"
    index_results_url_name = "resources_stale_results"
    list_export = ["title", "organization", "last_verified", "external_id"]
    export_headings = {
        "title": _("Nom"),
        "organization": _("Organisme"),
        "last_verified": _("Vérifiée le"),
        "external_id": _("Identifiant externe"),
    }
    columns = [
        TitleColumn(
            "title",
            label=_("Ressource"),
            url_name="wagtailadmin_pages:edit",
        ),
        Column("organization", label=_("Organisme")),
        Column("category", label=_("Catégorie")),
        DateColumn("last_verified", label=_("Vérifiée le")),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not may_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        cutoff = timezone.localdate() - STALE_AFTER
        return (
            ResourcePage.objects.filter(locale__language_code="fr")
            .filter_stale(cutoff)
            .select_related("category")
            .order_by(F("last_verified").asc(nulls_first=True), "title")
        )
