"""Synthetic content: bulk page creation makes a sound tree, routable and searchable pages."""

import random

import pytest
from wagtail.models import Page

from bench import content
from bench.content import (
    STAND_IN_SLUG,
    build_standard_pages,
    builder_rng,
    builders_to_run,
    bulk_pages,
    check_children,
    register_builder,
    run_builders,
)
from lune_site.models import StandardPage
from search.gate import search_pages

pytestmark = pytest.mark.django_db


def test_standard_pages_in_bulk_make_a_sound_tree(site_tree, client):
    made = build_standard_pages(25, random.Random(1))
    assert made == 25
    hub = Page.objects.get(slug=STAND_IN_SLUG)
    assert hub.get_children().count() == hub.numchild == 25
    # treebeard's own, node-by-node check (too slow for the harness at 10,000).
    assert Page.find_problems() == ([], [], [], [], [])
    page = StandardPage.objects.get(slug="page-7")
    assert page.live and page.url_path == f"{hub.url_path}page-7/"
    assert page.get_parent().pk == hub.pk
    response = client.get(page.get_url(), headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert page.title.encode() in response.content


def test_bulk_pages_follow_existing_children(site_tree):
    home = site_tree
    before = home.get_children().count()
    first = bulk_pages(home, [StandardPage(title="Un", slug="un")])
    second = bulk_pages(home, [StandardPage(title="Deux", slug="deux")])
    assert first[0].path < second[0].path
    assert check_children(home) == before + 2
    # Wagtail's own tree operations still work after a bulk insert.
    home.add_child(instance=StandardPage(title="Trois", slug="trois"))
    assert check_children(home) == before + 3
    assert Page.find_problems() == ([], [], [], [], [])


def test_bulk_pages_are_in_the_search_index(site_tree):
    build_standard_pages(10, random.Random(2))
    found = search_pages("logement", StandardPage.objects.filter(depth=4))
    assert found is not None and len(found) >= 1


def test_check_children_catches_a_wrong_count(site_tree):
    build_standard_pages(3, random.Random(3))
    hub = Page.objects.get(slug=STAND_IN_SLUG)
    Page.objects.filter(pk=hub.pk).update(numchild=5)
    with pytest.raises(AssertionError, match="numchild 5, 3 children"):
        check_children(hub)


def test_builders_are_reproducible_and_independent():
    assert builder_rng(0, "pages").random() == builder_rng(0, "pages").random()
    assert builder_rng(0, "pages").random() != builder_rng(0, "resources").random()


def test_stand_in_runs_only_while_no_real_builder(monkeypatch, site_tree):
    # Only the harness's stand-in, whatever the apps' benchmarks.py registered already.
    monkeypatch.setattr(content, "BUILDERS", {})
    register_builder("pages", content.build_standard_pages, stand_in=True)
    assert [b.key for b in builders_to_run()] == ["pages"]
    calls = []
    register_builder("resources", lambda n, rng: calls.append(n) or n // 2, items="fiches")
    assert [b.key for b in builders_to_run()] == ["resources"]
    records = run_builders(40)
    assert calls == [40]
    assert records[0]["key"] == "resources" and records[0]["items"] == 20
    assert not Page.objects.filter(slug=STAND_IN_SLUG).exists()
