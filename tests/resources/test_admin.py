"""The admin: snippets for communications, CSV upload with confirmation, freshness report,
and the resource form refusing bad hours, emails and URLs with the data kept."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from resources.importing import COLUMNS
from resources.models import Category, ResourcePage
from tests.resources.factories import make_resource

pytestmark = pytest.mark.django_db


def csv_bytes(*rows):
    lines = [",".join(COLUMNS)]
    for values in rows:
        cells = dict.fromkeys(COLUMNS, "")
        cells.update(values)
        lines.append(",".join(cells[c] for c in COLUMNS))
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def comm_client(client, communications_user, library):
    client.force_login(communications_user)
    return client


def test_communications_may_add_and_change_categories(comm_client):
    response = comm_client.get(reverse("wagtailsnippets_resources_category:add"))
    assert response.status_code == 200
    response = comm_client.post(
        reverse("wagtailsnippets_resources_category:add"),
        {"name": "Transport", "slug": "transport", "description": "", "sort_order": "20"},
    )
    assert response.status_code == 302
    assert Category.objects.filter(slug="transport").exists()
    assert (
        comm_client.get(reverse("wagtailsnippets_resources_neighbourhood:add")).status_code == 200
    )


def test_outsider_may_not_import(client, outsider_user, library):
    client.force_login(outsider_user)
    response = client.get(reverse("resources_import"))
    assert response.status_code in (302, 403)


def test_upload_shows_report_then_confirm_imports(comm_client):
    data = csv_bytes(
        {
            "external_id": "a1",
            "name": "Friperie",
            "summary": "Vêtements.",
            "category": "Alimentation",
        }
    )
    response = comm_client.post(
        reverse("resources_import"),
        {"step": "check", "file": SimpleUploadedFile("r.csv", data, "text/csv")},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 ressource(s) seraient créée(s)" in html
    assert not ResourcePage.objects.filter(external_id="a1").exists()
    confirm_data = response.context["confirm"].initial["data"]
    response = comm_client.post(
        reverse("resources_import"), {"step": "confirm", "data": confirm_data, "skip_invalid": ""}
    )
    assert response.status_code == 200
    page = ResourcePage.objects.get(external_id="a1")
    assert page.live
    assert page.get_latest_revision().user is not None


def test_upload_with_errors_lists_them_and_offers_no_confirm(comm_client):
    data = csv_bytes(
        {"external_id": "a1", "name": "X", "summary": "Y", "category": "Astrologie"},
    )
    response = comm_client.post(
        reverse("resources_import"),
        {"step": "check", "file": SimpleUploadedFile("r.csv", data, "text/csv")},
    )
    html = response.content.decode()
    assert "ligne 2, colonne « category » : catégorie inconnue « Astrologie »" in html
    assert "Confirmer l&#x27;import" not in html and "Confirmer l'import" not in html


def test_freshness_report_lists_old_resources_oldest_first(comm_client, library):
    today = datetime.date.today()
    make_resource(library, "Fraîche", last_verified=today)
    make_resource(library, "Vieille", last_verified=today - datetime.timedelta(days=400))
    make_resource(library, "Très vieille", last_verified=today - datetime.timedelta(days=900))
    response = comm_client.get(reverse("resources_stale"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Fraîche" not in html
    assert "Très vieille" in html
    titles = [p.title for p in response.context["object_list"]]
    assert titles == ["Très vieille", "Vieille"]


def edit_data(resource, **overrides):
    hours = overrides.pop("hours", [])
    data = {
        "title": resource.title,
        "slug": resource.slug,
        "summary": resource.summary,
        "description": rich_text("<p>Texte</p>"),
        "category": str(resource.category_id),
        "tags": "",
        "organization": "",
        "phone": "",
        "email": "",
        "website": "",
        "address": "",
        "city": "",
        "postal_code": "",
        "neighbourhood": "",
        "hours": inline_formset(hours),
        "closures": inline_formset([]),
        "cost": "free",
        "cost_note": "",
        "languages": "",
        "eligibility": "",
        "documents_to_bring": "",
        "accessibility": "",
        "documents": inline_formset([]),
        "last_verified": "",
        "external_id": resource.external_id,
    }
    data.update(overrides)
    return nested_form_data(data)


def test_admin_refuses_equal_opening_and_closing_and_keeps_the_data(admin_client, library):
    resource = make_resource(library, "Clinique")
    url = reverse("wagtailadmin_pages:edit", args=[resource.pk])
    response = admin_client.post(
        url,
        edit_data(
            resource,
            summary="Résumé modifié gardé",
            hours=[{"weekday": "0", "opens": "09:00", "closes": "09:00"}],
        ),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "La fermeture doit différer de l&#x27;ouverture" in html or (
        "La fermeture doit différer de l'ouverture" in html
    )
    assert "Résumé modifié gardé" in html
    assert ResourcePage.objects.get(pk=resource.pk).summary != "Résumé modifié gardé"


def test_admin_refuses_bad_email_and_url(admin_client, library):
    resource = make_resource(library, "Clinique")
    url = reverse("wagtailadmin_pages:edit", args=[resource.pk])
    response = admin_client.post(
        url, edit_data(resource, email="pas-un-courriel", website="pas une adresse")
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "email" in form.errors and "website" in form.errors
    assert 'value="pas-un-courriel"' in response.content.decode()


def test_admin_accepts_a_night_range(admin_client, library):
    resource = make_resource(library, "Refuge")
    url = reverse("wagtailadmin_pages:edit", args=[resource.pk])
    response = admin_client.post(
        url,
        edit_data(resource, hours=[{"weekday": "4", "opens": "22:00", "closes": "08:00"}]),
    )
    assert response.status_code == 302
    draft = ResourcePage.objects.get(pk=resource.pk).get_latest_revision_as_object()
    assert [h.crosses_midnight for h in draft.hours.all()] == [True]
