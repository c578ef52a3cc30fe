"""French first, English second; the switcher links to the translated page."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_french_without_prefix_english_under_en(client, demo):
    french = client.get("/a-propos/")
    english = client.get("/en/about/")
    assert '<html lang="fr">' in french.content.decode()
    assert '<html lang="en">' in english.content.decode()
    assert "About us" in english.content.decode()


def test_switcher_links_to_the_translated_page(client, demo):
    body = client.get("/hebergement/").content.decode()
    assert re.search(r'href="/en/shelter/" hreflang="en"', body)
    body = client.get("/en/shelter/").content.decode()
    assert re.search(r'href="/hebergement/" hreflang="fr"', body)


def test_untranslated_page_switches_to_the_english_home(client, demo):
    body = client.get("/confidentialite/").content.decode()
    assert 'href="/en/" hreflang="en"' in body


def test_no_language_cookie_is_set(client, demo):
    response = client.get("/en/")
    assert "django_language" not in response.cookies


def test_english_menu_uses_english_pages(client, demo):
    body = client.get("/en/").content.decode()
    menu = body.split('aria-label="Main menu"', 1)[-1].split("</nav>", 1)[0]
    assert 'href="/en/about/"' in menu or 'href="/en/about/"' in body
    assert "Skip to content" in body


def test_each_test_starts_in_french_after_english_requests():
    """Runs after the English requests above: English must not stay active in the thread."""
    from django.conf import settings
    from django.utils import translation

    assert translation.get_language() == settings.LANGUAGE_CODE
    assert translation.gettext("Sortie rapide") == "Sortie rapide"
