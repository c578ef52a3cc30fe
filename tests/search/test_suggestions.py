"""“Vouliez-vous dire …”: trigram similarity on PostgreSQL, difflib elsewhere, always through the
gate; and the suggestion script that only enhances the search box."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.gate import suggest_spelling

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(add_page):
    add_page("Trouver un logement", "Aide pour signer un bail.")
    add_page("Santé sexuelle", "Dépistage gratuit.")
    add_page("Réinsertion sociale", "Retour aux études.")
    draft = add_page("Zygomatique confidentiel", "Brouillon.")
    draft.unpublish()


@pytest.mark.parametrize(
    ("query", "suggestion"),
    [
        ("logemnt", "logement"),
        ("santee sexuele", "santé sexuelle"),
        ("reinsertoin", "réinsertion"),
        ("trouver un logemnt", "trouver un logement"),  # known and short words stay
    ],
)
def test_close_spellings_on_every_database(pages, query, suggestion):
    assert suggest_spelling(query) == suggestion


def test_no_suggestion_when_the_words_exist_or_nothing_is_close(pages):
    assert suggest_spelling("logement") is None
    assert suggest_spelling("SANTE") is None  # accents and case aside, the word exists
    assert suggest_spelling("hippopotame") is None
    assert suggest_spelling("?!") is None


def test_suggestions_come_from_public_pages_only(pages):
    """A draft's title never leaks through a suggestion."""
    assert suggest_spelling("zygomatiqe") is None


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("query", "suggestion"),
    [("logemant", "logement"), ("LOGEMANT", "logement"), ("sexuele", "sexuelle")],
)
def test_trigram_suggestions_on_postgresql(pages, query, suggestion):
    assert suggest_spelling(query) == suggestion


@pytest.mark.postgres
def test_trigram_suggestion_is_one_query_whatever_the_titles(pages, add_page):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert suggest_spelling("logemant sexuele") == "logement sexuelle"
        return [q["sql"] for q in captured.captured_queries]

    few = queries()
    for number in range(20):
        add_page(f"Atelier numéro {number}", "Cuisine.")
    many = queries()
    assert len(many) == len(few)
    assert sum("similarity(" in sql for sql in many) == 1


def test_did_you_mean_link_on_the_results_page(client, pages):
    body = client.get("/recherche/", {"q": "logemnt"}).content.decode()
    assert "Vouliez-vous dire" in body and "q=logement" in body
    data = json.loads(client.get("/recherche/", {"q": "logemnt", "format": "json"}).content)
    assert data["count"] == 0


# --- The search box on a phone ------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_suggestions_enhance_the_search_box(phone, live_server, add_page):
    from lune_site.models import ShelterPage

    add_page("Hébergement d'urgence", model=ShelterPage, intro="Un lit pour la nuit.")
    add_page("Trouver un emploi", "Curriculum vitae.")
    phone.goto(live_server.url + "/recherche/")
    box = phone.get_by_label("Que cherchez-vous ?")
    box.press_sequentially("heberg", delay=30)
    suggestion = phone.locator(".search-suggestions").get_by_role(
        "link", name="Hébergement d'urgence"
    )
    suggestion.wait_for()
    assert phone.locator(".search-suggestions li").count() == 1
    assert phone.locator("[role=status]").last.inner_text() == "1 suggestion(s)"
    box.press("Escape")
    assert phone.locator(".search-suggestions").is_hidden()

    # Enter still submits the form, to the results page.
    box.fill("emploi")
    box.press("Enter")
    phone.wait_for_url("**/recherche/?q=emploi")
    assert phone.get_by_role("link", name="Trouver un emploi").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_search_box_works_without_javascript(phone, live_server, add_page):
    add_page("Trouver un emploi", "Curriculum vitae.")
    context = phone.context.browser.new_context(
        java_script_enabled=False, viewport={"width": 360, "height": 740}
    )
    try:
        page = context.new_page()
        page.goto(live_server.url + "/recherche/")
        box = page.get_by_label("Que cherchez-vous ?")
        box.fill("emploi")
        page.get_by_role("button", name="Rechercher").click()
        page.wait_for_url("**/recherche/?q=emploi")
        assert page.get_by_role("link", name="Trouver un emploi").is_visible()
        assert page.locator(".search-suggestions").count() == 0
    finally:
        context.close()
