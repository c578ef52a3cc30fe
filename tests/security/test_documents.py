"""Documents: served only through Wagtail's view, private ones to the staff only, PDF inline
and everything else as a download, uploads limited in kind and size."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.documents import get_document_model

from lune_site.setup import PUBLIC_COLLECTION
from tests.security.conftest import DOCX, PDF

pytestmark = pytest.mark.django_db


def read(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def client_for(user):
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def test_documents_go_through_wagtails_view_with_restrictions(settings):
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    assert settings.WAGTAIL_PRIVATE_PAGE_OPTIONS == {"SHARED_PASSWORD": False}
    assert settings.WAGTAIL_PRIVATE_COLLECTION_OPTIONS == {"SHARED_PASSWORD": False}
    assert settings.WAGTAILDOCS_INLINE_CONTENT_TYPES == ["application/pdf"]


@pytest.mark.parametrize("who", ["anonymous", "outsider", "member"])
def test_private_document_refused_outside_the_staff(
    who, private_document, outsider_user, member_user
):
    user = {"anonymous": None, "outsider": outsider_user, "member": member_user}[who]
    response = client_for(user).get(private_document.url)
    assert response.status_code in (302, 403)
    assert PDF not in read(response)
    if response.status_code == 302:
        assert response["Location"].startswith("/connexion/")


def test_private_document_served_to_the_staff(private_document, staff_user):
    assert private_document.url.startswith(f"/documents/{private_document.pk}/")
    response = client_for(staff_user).get(private_document.url)
    assert response.status_code == 200
    assert read(response) == PDF
    assert "private" in response["Cache-Control"]


def test_private_document_seen_by_staff_is_not_cached_for_visitors(
    private_document, staff_user, page_cache
):
    assert client_for(staff_user).get(private_document.url).status_code == 200
    response = client_for(None).get(private_document.url)
    assert response.status_code == 302
    assert PDF not in read(response)


def test_public_pdf_is_shown_inline(make_document):
    document = make_document("programme.pdf", PDF)
    response = client_for(None).get(document.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" not in response.get("Content-Disposition", "")
    assert read(response) == PDF
    # A document cannot run anything, nor be guessed into another type.
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("filename", "content"),
    [("formulaire.docx", DOCX), ("liste.csv", b"nom;tel\n"), ("note.txt", b"bonjour")],
)
def test_other_documents_are_downloaded(make_document, filename, content):
    document = make_document(filename, content)
    response = client_for(None).get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert filename in response["Content-Disposition"]


def test_wrong_filename_is_not_found(make_document):
    document = make_document("programme.pdf", PDF)
    response = client_for(None).get(f"/documents/{document.pk}/autre.pdf")
    assert response.status_code == 404


# --- Uploads in the admin ---------------------------------------------------------------------


def collection_id():
    from wagtail.models import Collection

    return Collection.objects.get(name=PUBLIC_COLLECTION).pk


def upload_one(client, filename, content):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": filename,
            "collection": collection_id(),
            "file": SimpleUploadedFile(filename, content),
            "tags": "",
        },
    )


def upload_many(client, filename, content):
    return client.post(
        reverse("wagtaildocs:add_multiple"),
        {"collection": collection_id(), "files[]": SimpleUploadedFile(filename, content)},
    )


@pytest.fixture
def admin_client_2fa(admin_user):
    return client_for(admin_user)


def test_allowed_document_is_uploaded(admin_client_2fa):
    response = upload_one(admin_client_2fa, "programme.pdf", PDF)
    assert response.status_code == 302
    assert get_document_model().objects.get().title == "programme.pdf"
    response = upload_many(admin_client_2fa, "formulaire.docx", DOCX)
    assert response.json()["success"] is True
    assert get_document_model().objects.count() == 2


@pytest.mark.parametrize(
    "filename",
    ["page.html", "page.htm", "dessin.svg", "programme.exe", "script.js", "archive.zip"],
)
def test_extensions_outside_the_allow_list_are_refused(admin_client_2fa, filename):
    response = upload_one(admin_client_2fa, filename, b"<html><script>alert(1)</script>")
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    response = upload_many(admin_client_2fa, filename, b"<svg onload=alert(1)>")
    assert response.json()["success"] is False
    assert not get_document_model().objects.exists()


def test_size_limit_defaults_to_20_mb():
    from django.conf import settings

    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 20 * 1024 * 1024
    assert settings.WAGTAILDOCS_DOCUMENT_FORM_BASE == "lune_site.documents.LimitedDocumentForm"


def test_document_over_the_size_limit_is_refused_in_french(admin_client_2fa, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    too_big = PDF + b"0" * 2048
    response = upload_one(admin_client_2fa, "gros.pdf", too_big)
    assert response.status_code == 200
    [message] = response.context["form"].errors["file"]
    assert message.startswith("Ce fichier est trop gros (")
    assert "un document peut faire 1,0" in message and "Réduisez-le" in message
    # The title typed is kept on the re-rendered form.
    assert response.context["form"]["title"].value() == "gros.pdf"
    response = upload_many(admin_client_2fa, "gros.pdf", too_big)
    assert response.json()["success"] is False
    assert response.json()["error_message"].startswith("Ce fichier est trop gros (")
    assert not get_document_model().objects.exists()
    # Just under the limit passes.
    response = upload_one(admin_client_2fa, "petit.pdf", PDF)
    assert response.status_code == 302


def test_multiple_uploader_shows_the_limit_in_french(admin_client_2fa, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    response = admin_client_2fa.get(reverse("wagtaildocs:add_multiple"))
    assert response.status_code == 200
    assert response.context["max_filesize"] == 1024
    assert response.context["error_max_file_size"].startswith("Ce fichier est trop gros :")
