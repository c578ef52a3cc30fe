"""Searches keep the gate's pages in each process (`gate.public_page_types`,
`fragment_cache.remember_in_process`) and match the text in the search index alone: every
change of content must show in the next search, and a page the gate never let through (a
draft saved after the pages were kept) must never show."""

import json

import pytest
from django.core.cache import caches
from wagtail.models import PageViewRestriction

from lune_site import fragment_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(fragment_cache_on, site_tree):
    return site_tree


def search(client, q, **params):
    response = client.get("/recherche/", {"q": q, "format": "json", **params})
    assert response.status_code == 200
    return json.loads(response.content)


def suggest(client, q):
    response = client.get("/recherche/suggestions/", {"q": q})
    assert response.status_code == 200
    return [result["title"] for result in json.loads(response.content)["results"]]


def titles(answer):
    return sorted(result["title"] for result in answer["results"])


def test_search_and_suggestions_follow_every_change_at_once(kept, client, add_page):
    first = add_page("Refuge du Vieux-Québec", "Un lit pour la nuit.")
    second = add_page("Refuge de Limoilou", "Un lit et un repas.")
    assert titles(search(client, "refuge")) == ["Refuge de Limoilou", "Refuge du Vieux-Québec"]
    assert sorted(suggest(client, "refu")) == ["Refuge de Limoilou", "Refuge du Vieux-Québec"]

    first.unpublish()
    assert titles(search(client, "refuge")) == ["Refuge de Limoilou"]
    assert suggest(client, "refu") == ["Refuge de Limoilou"]

    PageViewRestriction.objects.create(page=second, restriction_type="login")
    answer = search(client, "refuge")
    assert answer["count"] == 0 and answer["results"] == []
    assert suggest(client, "refu") == []

    third = add_page("Refuge de Charlesbourg", "Ouvert la nuit.")
    assert titles(search(client, "refuge")) == ["Refuge de Charlesbourg"]
    assert suggest(client, "refu") == ["Refuge de Charlesbourg"]
    assert third.live


def test_a_draft_saved_after_the_pages_were_kept_never_shows(kept, client, add_page):
    """Saving a draft empties nothing, and the search index holds drafts: the kept pages are
    a list of what may be shown, so a new draft stays out."""
    from lune_site.models import StandardPage

    add_page("Halte-chaleur", "Ouverte la nuit.")
    assert titles(search(client, "halte")) == ["Halte-chaleur"]
    draft = StandardPage(title="Halte secrète brouillon", summary="Pas encore publiée.", live=False)
    kept.add_child(instance=draft)
    draft.save_revision()
    answer = search(client, "halte")
    assert titles(answer) == ["Halte-chaleur"]
    assert answer["count"] == 1
    assert "Halte secrète brouillon" not in suggest(client, "halte")


def test_type_counts_come_from_the_same_hits(kept, client, add_page):
    from lune_site.models import ShelterPage

    add_page("Soupe populaire", "Repas chaud le soir.")
    add_page("Soupe du midi", "Repas chaud le midi.")
    add_page("Refuge", model=ShelterPage, intro="Une soupe et un lit.")
    body = client.get("/recherche/", {"q": "soupe"}).content.decode()
    assert "Soupe populaire" in body and "Refuge" in body
    only = search(client, "soupe", type="shelterpage")
    assert titles(only) == ["Refuge"] and only["count"] == 1
    assert search(client, "soupe")["count"] == 3


def test_kept_in_process_until_the_shared_cache_is_emptied(kept):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert fragment_cache.remember_in_process("test-kept", compute) == 1
    assert fragment_cache.remember_in_process("test-kept", compute) == 1
    caches["pages"].clear()  # what every publication and snippet save does
    assert fragment_cache.remember_in_process("test-kept", compute) == 2
    assert fragment_cache.remember_in_process("test-kept", compute, version="12:01") == 3
    assert fragment_cache.remember_in_process("test-kept", compute, version="12:01") == 3
    assert fragment_cache.remember_in_process("test-kept", compute, version="12:02") == 4


def test_computed_each_time_without_the_fragment_cache(settings):
    settings.LUNE_FRAGMENT_CACHE = False
    calls = []
    for _ in range(2):
        fragment_cache.remember_in_process("test-off", lambda: calls.append(1))
    assert len(calls) == 2
