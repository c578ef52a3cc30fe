"""The English interface: a complete, compiled catalog, and French content marked as such."""

import gettext
import html
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOG = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\([^)]+\)[sd]|\{[a-z_]*\}")


@pytest.fixture(scope="module")
def catalog():
    return polib.pofile(str(CATALOG / "django.po"))


def committed_mo():
    with open(CATALOG / "django.mo", "rb") as mo:
        return gettext.GNUTranslations(mo)


def test_catalog_header_is_english_utf8(catalog):
    assert catalog.metadata["Language"] == "en"
    assert "charset=UTF-8" in catalog.metadata["Content-Type"]
    assert catalog.metadata["Plural-Forms"].startswith("nplurals=2;")


def test_every_string_has_an_english_translation(catalog):
    entries = [entry for entry in catalog if not entry.obsolete]
    assert len(entries) > 500  # the whole interface, not an empty file
    empty = [
        entry.msgid
        for entry in entries
        if (
            not all(entry.msgstr_plural.values()) or len(entry.msgstr_plural) != 2
            if entry.msgid_plural
            else not entry.msgstr
        )
    ]
    assert empty == []
    assert [entry.msgid for entry in entries if "fuzzy" in entry.flags] == []


def test_translations_keep_their_placeholders(catalog):
    wrong = []
    for entry in catalog:
        pairs = (
            [(entry.msgid, entry.msgstr_plural[0]), (entry.msgid_plural, entry.msgstr_plural[1])]
            if entry.msgid_plural
            else [(entry.msgid, entry.msgstr)]
        )
        for source, english in pairs:
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(english)):
                wrong.append((source, english))
    assert wrong == []


def test_compiled_catalog_matches_the_po_file(catalog, tmp_path):
    """The committed .mo holds exactly what the .po says (run compilemessages after edits)."""
    fresh = tmp_path / "django.mo"
    catalog.save_as_mofile(str(fresh))
    with open(fresh, "rb") as mo:
        expected = gettext.GNUTranslations(mo)
    committed = committed_mo()
    # msgfmt leaves the POT creation date out of the header: compare the header apart.
    header = expected._catalog.pop("")
    assert committed._catalog.pop("").splitlines() == [
        line for line in header.splitlines() if not line.startswith("POT-Creation-Date")
    ]
    assert committed._catalog == expected._catalog
    # And through the public API, entry by entry.
    for entry in catalog:
        if entry.msgid_plural:
            assert committed.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0]
            assert committed.ngettext(entry.msgid, entry.msgid_plural, 5) == entry.msgstr_plural[1]
        else:
            assert committed.gettext(entry.msgid) == entry.msgstr


def test_fallback_mark_reads_en_francais_in_english(catalog):
    """The mark is French, like the page it marks, on English pages too (issue 2)."""
    from django.template import Context, Template
    from django.utils import translation

    assert catalog.find("(en français)") is None
    with translation.override("en"):
        shown = Template("{% load lune_tags %}{% fallback_mark %}").render(Context())
    assert shown == '<span class="quiet" lang="fr">(en français)</span>'


ENGLISH_PAGES = {
    "/en/": ["Skip to content", "Quick exit", "Browse safely"],
    "/en/about/": ["Skip to content", "Quick exit"],
    "/en/resources/": ["Skip to content", "Quick exit", "Find a resource", "Filters"],
    "/en/events/": ["Skip to content", "Quick exit", "Subscribe to the calendar"],
}
FRENCH_INTERFACE = ["Aller au contenu", "Sortie rapide", "Naviguer en sécurité"]


@pytest.mark.django_db
def test_english_pages_show_the_english_interface(client, demo):
    for url, english in ENGLISH_PAGES.items():
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert '<html lang="en">' in body, url
        for text in english:
            assert text in body, (url, text)
        for text in FRENCH_INTERFACE:
            assert text not in body, (url, text)


@pytest.mark.django_db
def test_french_pages_keep_the_french_interface_unmarked(client, demo):
    body = client.get("/ressources/").content.decode()
    assert "Aller au contenu" in body and "Sortie rapide" in body
    assert "Skip to content" not in body
    assert "(en français)" not in body
    assert 'lang="fr">' not in body.split("<main", 1)[-1]


# --- "(en français)": French pages listed on English pages ------------------------------


def marked_titles(body):
    """Titles given lang="fr" and followed by the "(en français)" mark, itself lang="fr"."""
    found = re.findall(
        r'lang="fr">([^<]+)</a> <span class="quiet" lang="fr">\(en français\)</span>', body
    )
    return [html.unescape(title) for title in found]


@pytest.mark.django_db
def test_english_library_marks_french_resources(client, demo):
    from lune_site.demo import translate
    from resources.models import ResourcePage

    french = list(ResourcePage.objects.filter(locale__language_code="fr").live().order_by("title"))
    # Ordered by title, the translation comes first on the first page.
    english = translate(french[0], "A resource in English", "a-resource-in-english")

    body = client.get("/en/resources/").content.decode()
    marked = marked_titles(body)
    assert french[1].title in marked
    # Every card but the translated one is marked.
    assert len(marked) == body.count('class="resource-card"') - 1
    assert english.title in body and english.title not in marked
    assert french[0].title not in body  # its translation stands in for it
    assert body.count("(en français)") == len(marked)


@pytest.mark.django_db
def test_english_events_and_trainings_mark_french_pages(client, demo):
    from events.models import EventPage, TrainingPage

    events = client.get("/en/events/").content.decode()
    titles = set(EventPage.objects.live().values_list("title", flat=True))
    assert titles & set(marked_titles(events))

    trainings = client.get("/en/trainings/").content.decode()
    marked = marked_titles(trainings)
    assert marked
    assert set(marked) <= set(TrainingPage.objects.live().values_list("title", flat=True))


@pytest.mark.django_db
def test_english_home_marks_french_news(client, demo):
    from journal.models import NewsPage

    body = client.get("/en/").content.decode()
    news = set(NewsPage.objects.live().values_list("title", flat=True))
    assert news, "the demo has news"
    assert news & set(marked_titles(body))


@pytest.mark.django_db
def test_english_search_marks_french_results(client, demo):
    body = client.get("/en/recherche/", {"q": "logement"}).content.decode()
    marked = marked_titles(body)
    assert marked
    assert body.count("(en français)") == len(marked)
    french = client.get("/recherche/", {"q": "logement"}).content.decode()
    assert "(en français)" not in french


@pytest.mark.django_db
def test_other_language_reads_the_locales_once_per_request(rf, demo, django_assert_num_queries):
    from django.template import Context, Template
    from django.utils import translation

    from lune_site.demo import translate
    from resources.models import ResourcePage

    french = list(ResourcePage.objects.filter(locale__language_code="fr").order_by("pk")[:5])
    english = translate(french[0], "Translated resource", "translated-resource")
    pages = [*french, ResourcePage.objects.get(pk=english.pk)]
    template = Template(
        "{% load lune_tags %}{% for p in pages %}{% other_language p as code %}[{{ code }}]"
        "{% endfor %}"
    )
    with translation.override("en"), django_assert_num_queries(1):
        shown = template.render(Context({"pages": pages, "request": rf.get("/en/")}))
    assert shown == "[fr]" * 5 + "[]"
    # In French the gate lists French pages only: no mark, no query.
    with translation.override("fr"), django_assert_num_queries(0):
        shown = template.render(Context({"pages": pages, "request": rf.get("/")}))
    assert shown == "[]" * 6
