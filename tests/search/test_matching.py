"""French-aware matching on every database: accents and case never matter; stemming on
PostgreSQL; relevance ranked by the database in one query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.gate import autocomplete_pages, search_pages

pytestmark = pytest.mark.django_db

PAGES = [
    ("Réinsertion sociale", "Retour aux études et au travail."),
    ("Santé sexuelle", "Dépistage gratuit et confidentiel."),
    ("Trouver un logement", "Aide pour signer un bail."),
    ("Vêtements", "Friperie gratuite."),
]

# (query, title of a page it must find)
EVERY_DATABASE = [
    ("reinsertion", "Réinsertion sociale"),
    ("réinsertion", "Réinsertion sociale"),
    ("REINSERTION", "Réinsertion sociale"),
    ("SANTE", "Santé sexuelle"),
    ("sante", "Santé sexuelle"),
    ("depistage", "Santé sexuelle"),
    ("vetements", "Vêtements"),
    ("logement", "Trouver un logement"),
    # French stop words ("un", "et", "pour") are not indexed on PostgreSQL: never required.
    ("trouver un logement", "Trouver un logement"),
    ("santé et dépistage", "Santé sexuelle"),
    ("aide pour signer", "Trouver un logement"),
]
POSTGRESQL_ONLY = [
    ("logements", "Trouver un logement"),
    ("études", "Réinsertion sociale"),
    ("etude", "Réinsertion sociale"),
    ("gratuites", "Vêtements"),
]


@pytest.fixture
def pages(add_page):
    return {title: add_page(title, summary) for title, summary in PAGES}


def titles(results):
    return [page.title for page in results]


@pytest.mark.parametrize(("query", "title"), EVERY_DATABASE)
def test_accents_and_case_never_matter(pages, query, title):
    assert title in titles(search_pages(query))


@pytest.mark.postgres
@pytest.mark.parametrize(("query", "title"), POSTGRESQL_ONLY)
def test_french_stemming_on_postgresql(pages, query, title):
    assert title in titles(search_pages(query))


@pytest.mark.parametrize(
    ("query", "title"),
    [("rein", "Réinsertion sociale"), ("SAN", "Santé sexuelle"), ("vête", "Vêtements")],
)
def test_autocomplete_folds_accents(pages, query, title):
    assert title in titles(autocomplete_pages(query))


def test_unrelated_words_find_nothing(pages):
    assert titles(search_pages("hippopotame")) == []


def test_title_matches_rank_first(add_page):
    add_page("Une page sur autre chose", "On y parle de logement une fois.")
    add_page("Logement", "Tout sur le sujet.")
    assert titles(search_pages("logement"))[0] == "Logement"


def test_relevance_in_a_constant_number_of_queries(add_page):
    """The speed trap: ranking must not re-run the match for every hit."""

    def queries_for_first_page():
        with CaptureQueriesContext(connection) as captured:
            results = search_pages("logement")
            assert len(list(results[:10])) == 10
            assert results.count() >= 10
        return [q["sql"] for q in captured.captured_queries]

    for number in range(12):
        add_page(f"Logement {number}", "Logement et loyer.")
    few = queries_for_first_page()
    for number in range(30):
        add_page(f"Appartement {number}", "Un logement de plus.")
    many = queries_for_first_page()
    assert len(many) == len(few)
    if connection.vendor == "sqlite":
        ranked = [sql for sql in many if "bm25(" in sql]
        assert ranked, "relevance comes from FTS5's bm25()"
        for sql in ranked:
            assert sql.count(" MATCH ") == 1


# --- Synonyms ---------------------------------------------------------------------------------

SYNONYMS = [
    ("job", "Trouver un emploi"),
    ("boulot", "Trouver un emploi"),
    ("housing", "Un appartement abordable"),
    ("loyer", "Un appartement abordable"),
    ("refuge", "Hébergement d'urgence"),
    ("dormir", "Hébergement d'urgence"),
    ("lawyer", "Consulter un avocat"),
    ("droits", "Consulter un avocat"),
    ("health", "Santé sexuelle"),
]


@pytest.fixture
def synonym_pages(add_page):
    add_page("Trouver un emploi", "Curriculum vitae.")
    add_page("Un appartement abordable", "Visites.")
    add_page("Hébergement d'urgence", "Un lit pour la nuit.")
    add_page("Consulter un avocat", "Gratuit.")
    add_page("Santé sexuelle", "Dépistage.")


@pytest.mark.parametrize(("query", "title"), SYNONYMS)
def test_synonyms_find_pages(synonym_pages, query, title):
    assert title in titles(search_pages(query))


def test_every_word_must_still_match(synonym_pages):
    assert "Un appartement abordable" not in titles(search_pages("job abordable"))
    assert "Un appartement abordable" in titles(search_pages("housing abordable"))


def test_staff_edits_apply_without_reindexing(synonym_pages):
    from search.models import SynonymGroup

    assert "Trouver un emploi" not in titles(search_pages("gagne-pain"))
    SynonymGroup.objects.create(words="emploi, gagne-pain")
    assert "Trouver un emploi" in titles(search_pages("gagne-pain"))
    assert "Trouver un emploi" not in titles(search_pages("job", synonyms=False))
