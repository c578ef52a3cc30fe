"""Outside contributions: stored before any email, spam kept out, bad input answered, moderated."""

import csv
import io
import time
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from journal.forms import start_token
from journal.models import ArticlePage, Contribution
from tests.journal.factories import ContributionFormPageFactory, JournalIssuePageFactory

pytestmark = pytest.mark.django_db

URL = "/journal/contribuer/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def contribution_page(journal_index):
    return ContributionFormPageFactory(parent=journal_index)


def post(client, **fields):
    data = {
        "text": "Mon histoire, pour le prochain numéro.",
        "pseudonym": "Étoile",
        "contact": "",
        "consent": "on",
        "website": "",
        "started": start_token(time.time() - 60),
        **fields,
    }
    return client.post(URL, data)


def test_form_shows_consent_and_is_never_cached(client, contribution_page):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "J&#x27;accepte que l&#x27;équipe du journal lise mon texte" in html
    assert 'class="journal-honeypot" aria-hidden="true"' in html
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert "google" not in html and "recaptcha" not in html and "hcaptcha" not in html


def test_contribution_is_stored_and_staff_told(client, contribution_page):
    response = post(client)
    assert response.status_code == 200
    assert "Merci, votre texte est bien reçu." in response.content.decode()
    contribution = Contribution.objects.get()
    assert contribution.text == "Mon histoire, pour le prochain numéro."
    assert contribution.pseudonym == "Étoile"
    assert contribution.consent is True
    assert contribution.status == Contribution.STATUS_NEW
    assert len(mail.outbox) == 1
    # The mail points to the admin; the text stays out of mailboxes.
    assert "Mon histoire" not in mail.outbox[0].body
    assert f"/admin/journal/contributions/edit/{contribution.pk}/" in mail.outbox[0].body


def test_failed_email_keeps_the_contribution_and_shows_success(client, contribution_page, settings):
    settings.EMAIL_BACKEND = "tests.journal.failing_email.FailingEmailBackend"
    response = post(client, text="Texte gardé malgré la panne.")
    assert response.status_code == 200
    assert "Merci, votre texte est bien reçu." in response.content.decode()
    assert Contribution.objects.get().text == "Texte gardé malgré la panne."


def test_honeypot_stops_bots(client, contribution_page):
    response = post(client, website="http://spam.example")
    assert response.status_code == 200
    assert not Contribution.objects.exists()


def test_too_fast_is_refused_with_text_kept(client, contribution_page):
    response = post(client, text="Écrit en une seconde", started=start_token(time.time()))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Envoyé trop vite" in html
    assert "Écrit en une seconde" in html
    assert not Contribution.objects.exists()


@pytest.mark.parametrize("token", ["", "pas-signé", "eyJ0IjoxfQ:forged:sig"])
def test_missing_or_forged_timestamp_keeps_the_text(client, contribution_page, token):
    response = post(client, text="Mon texte précieux", started=token)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Le formulaire a expiré" in html and "Mon texte précieux" in html
    assert not Contribution.objects.exists()


def test_empty_text_and_missing_consent_explained(client, contribution_page):
    response = post(client, text="   ", consent="")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Écrivez votre texte avant d&#x27;envoyer." in html
    assert "Cochez la case" in html
    assert not Contribution.objects.exists()


def test_one_megabyte_text_is_refused_and_kept(client, contribution_page):
    text = "a" * (1024 * 1024)
    response = post(client, text=text)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Votre texte est trop long" in html
    assert text in html
    assert not Contribution.objects.exists()


def test_nul_bytes_are_removed_before_storing(client, contribution_page):
    response = post(client, text="avant\x00après\x07", pseudonym="a\x00b")
    assert response.status_code == 200
    contribution = Contribution.objects.get()
    assert contribution.text == "avantaprès"
    assert contribution.pseudonym == "ab"


def test_markup_is_stored_as_text_and_shown_escaped(client, contribution_page, admin_client):
    post(client, text="<script>alert('x')</script> bonjour")
    contribution = Contribution.objects.get()
    assert contribution.text == "<script>alert('x')</script> bonjour"
    html = admin_client.get("/admin/journal/contributions/").content.decode()
    assert "<script>alert(" not in html
    edit = admin_client.get(f"/admin/journal/contributions/edit/{contribution.pk}/")
    assert "&lt;script&gt;alert(" in edit.content.decode()


def test_csv_export_is_safe_in_spreadsheets(client, contribution_page, admin_client):
    post(
        client, text='=HYPERLINK("http://evil.example","cliquez")', pseudonym="+33", contact="@moi"
    )
    response = admin_client.get("/admin/journal/contributions/?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("http://evil.example","cliquez")' in cells
    assert "'+33" in cells and "'@moi" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_pdf_is_stored_in_private_storage(client, contribution_page, settings):
    response = post(client, file=upload("mon texte.pdf", PDF, "application/pdf"))
    assert "Merci" in response.content.decode()
    contribution = Contribution.objects.get()
    assert contribution.file_type == "application/pdf"
    assert contribution.original_filename == "mon texte.pdf"
    stored = Path(settings.PRIVATE_MEDIA_ROOT) / contribution.file.name
    assert stored.read_bytes() == PDF
    # Never under the served media folder, never with the sender's name.
    assert not str(stored.resolve()).startswith(str(Path(settings.MEDIA_ROOT).resolve()))
    assert "mon texte" not in contribution.file.name
    with pytest.raises(ValueError):
        contribution.file.url  # noqa: B018


def test_image_and_text_files_accepted(client, contribution_page):
    post(client, file=upload("dessin.png", PNG, "image/png"))
    post(client, file=upload("poeme.txt", "Des vers\nÀ la ligne".encode(), "text/plain"))
    assert sorted(Contribution.objects.values_list("file_type", flat=True)) == [
        "image/png",
        "text/plain",
    ]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("facture.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("photo.jpg", PDF),
        ("page.html", b"<html></html>"),
        ("notes.txt", b"<script>alert(1)</script>"),
        ("image.png", b"MZ\x90\x00\x03\x00\x00\x00"),
        ("sans-extension", PDF),
        ("vide.pdf", b""),
    ],
)
def test_disguised_files_are_refused_with_text_kept(client, contribution_page, name, content):
    response = post(client, text="Mon texte à garder", file=upload(name, content))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mon texte à garder" in html
    assert "Ce fichier n&#x27;est pas accepté" in html or "fichier" in html.lower()
    assert not Contribution.objects.exists()


def test_oversized_file_is_refused(client, contribution_page, settings):
    settings.JOURNAL_CONTRIBUTION_MAX_UPLOAD = 1024
    response = post(client, text="Avec un gros fichier", file=upload("gros.pdf", PDF + b"0" * 2048))
    html = response.content.decode()
    assert "Le fichier est trop gros" in html and "Avec un gros fichier" in html
    assert not Contribution.objects.exists()


# --- Moderation ---------------------------------------------------------------------------


def test_communications_staff_moderate_and_make_a_draft_article(
    client, contribution_page, journal_index, communications_user
):
    post(client, text="Premier paragraphe <b>gras</b>.\n\nDeuxième paragraphe.", pseudonym="Lou")
    contribution = Contribution.objects.get()
    issue = JournalIssuePageFactory(parent=journal_index, title="Numéro 9", number=9)
    staff = Client()
    staff.force_login(communications_user)

    listing = staff.get("/admin/journal/contributions/")
    assert listing.status_code == 200 and "Lou" in listing.content.decode()
    response = staff.post(
        f"/admin/journal/contributions/edit/{contribution.pk}/",
        {"status": Contribution.STATUS_REFUSED, "staff_notes": "Hors sujet"},
    )
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.status == Contribution.STATUS_REFUSED
    assert contribution.text.startswith("Premier paragraphe")  # read-only: unchanged

    form = staff.get(f"/admin/journal/contributions/article/{contribution.pk}/")
    assert form.status_code == 200 and "Numéro 9" in form.content.decode()
    response = staff.post(
        f"/admin/journal/contributions/article/{contribution.pk}/",
        {"issue": issue.pk, "section": "temoignages", "title": "Le texte de Lou"},
    )
    article = ArticlePage.objects.get(title="Le texte de Lou")
    assert response.status_code == 302 and response["Location"].endswith(
        f"/pages/{article.pk}/edit/"
    )
    assert article.get_parent().pk == issue.pk
    assert article.live is False
    assert article.author_display == "Lou"
    html = str(article.body[0].value)
    assert "<p>Premier paragraphe &lt;b&gt;gras&lt;/b&gt;.</p><p>Deuxième paragraphe.</p>" in html
    contribution.refresh_from_db()
    assert contribution.status == Contribution.STATUS_ACCEPTED
    assert contribution.article_id == article.pk
    # A draft never shows in the issue.
    assert "Le texte de Lou" not in client.get(issue.url).content.decode()


def test_the_file_is_only_for_staff(client, contribution_page, communications_user, outsider_user):
    post(client, file=upload("texte.pdf", PDF))
    contribution = Contribution.objects.get()
    url = f"/admin/journal/contributions/fichier/{contribution.pk}/"
    assert client.get(url).status_code == 302  # to the admin login
    client.force_login(outsider_user)
    assert client.get(url).status_code in (302, 403)
    client.force_login(communications_user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


def test_the_action_is_refused_without_permission(
    client, contribution_page, outsider_user, staff_user
):
    post(client)
    contribution = Contribution.objects.get()
    client.force_login(staff_user)
    response = client.get(f"/admin/journal/contributions/article/{contribution.pk}/")
    assert response.status_code in (302, 403)
