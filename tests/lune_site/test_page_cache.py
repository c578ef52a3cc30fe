"""The page cache never serves private content and never lies after a change."""

import pytest
from wagtail.models import Page, Site

from lune_site.models import NavigationSettings, ShelterSettings

pytestmark = pytest.mark.django_db


def stored_keys(cache):
    return [key for key in cache._cache if "cache_page" in key]


def test_anonymous_public_page_is_cached_and_served_from_cache(client, demo, page_cache):
    first = client.get("/a-propos/")
    assert first.status_code == 200
    assert stored_keys(page_cache)
    about = Page.objects.get(url_path__endswith="/a-propos/", locale__language_code="fr")
    # A change that bypasses publication is not seen: the page really came from the cache.
    Page.objects.filter(pk=about.pk).update(title="Titre changé en douce")
    assert "Titre changé en douce" not in client.get("/a-propos/").content.decode()


def test_publishing_shows_at_once(client, demo, page_cache):
    client.get("/a-propos/")
    about = Page.objects.get(url_path__endswith="/a-propos/", locale__language_code="fr").specific
    about.title = "Qui sommes-nous"
    about.save_revision().publish()
    assert "Qui sommes-nous" in client.get("/a-propos/").content.decode()


def test_unpublishing_shows_at_once(client, demo, page_cache):
    assert client.get("/confidentialite/").status_code == 200
    Page.objects.get(url_path__endswith="/confidentialite/").specific.unpublish()
    assert client.get("/confidentialite/").status_code == 404


def test_a_settings_change_shows_at_once(client, demo, page_cache):
    client.get("/")
    site = Site.objects.get(is_default_site=True)
    navigation = NavigationSettings.for_site(site)
    navigation.organization_phone = "418 555-0199"
    navigation.save()
    assert "418 555-0199" in client.get("/").content.decode()
    shelter = ShelterSettings.for_site(site)
    shelter.capacity = 7
    shelter.save()
    assert ">7<" in client.get("/hebergement/").content.decode()


def test_public_pages_expire_within_a_minute(client, demo, page_cache, settings):
    response = client.get("/hebergement/")
    assert "max-age=60" in response["Cache-Control"]
    assert settings.CACHE_MIDDLEWARE_SECONDS <= 60


def test_closed_area_is_never_stored(client, staff_user, page_cache):
    client.force_login(staff_user)
    assert client.get("/equipe/").status_code == 200
    assert stored_keys(page_cache) == []
    client.logout()
    assert client.get("/equipe/").status_code == 302


def test_logged_in_pages_are_never_stored(client, demo, outsider_user, page_cache):
    client.force_login(outsider_user)
    client.get("/a-propos/")
    assert stored_keys(page_cache) == []


def test_form_pages_and_cookies_are_never_stored(client, site_tree, page_cache):
    response = client.get("/connexion/")
    assert "csrftoken" in response.cookies
    assert stored_keys(page_cache) == []


def test_restricted_page_is_never_stored(client, demo, page_cache):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    about = Page.objects.get(url_path__endswith="/a-propos/", locale__language_code="fr")
    restriction = PageViewRestriction.objects.create(
        page=about, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name="Membres"))
    assert client.get("/a-propos/").status_code == 302
    assert stored_keys(page_cache) == []


def test_redis_page_cache_when_configured():
    """With REDIS_URL set, the page cache lives in Redis (a real server on this machine)."""
    import os
    import subprocess
    import sys

    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(
        DJANGO_SETTINGS_MODULE="lune_site.settings.dev", REDIS_URL="redis://127.0.0.1:6379/0"
    )
    script = (
        "import django; django.setup(); from django.core.cache import caches;"
        "cache = caches['pages']; cache.set('lune-test-page', 'contenu', 5);"
        "print(type(cache).__name__, cache.get('lune-test-page')); cache.delete('lune-test-page')"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.split() == ["RedisCache", "contenu"], result.stderr


def test_the_cache_is_emptied_again_when_the_publication_commits(transactional_db, settings):
    from django.core.cache import caches
    from django.db import connection, transaction

    from lune_site.models import StandardPage
    from lune_site.page_cache import _clear
    from lune_site.setup import setup_site

    home = setup_site()
    kept = caches[settings.CACHE_MIDDLEWARE_ALIAS]
    with transaction.atomic():
        for number in range(3):
            page = StandardPage(title=f"Nouvelle {number}", slug=f"nouvelle-{number}")
            home.add_child(instance=page)
            page.save_revision().publish()
        # Once per transaction, however many pages it publishes.
        pending = [entry for entry in connection.run_on_commit if entry[1] is _clear]
        assert len(pending) == 1
        # A request served before the commit kept what it read then.
        kept.set("lune-fragment:menu", "avant la publication")
    assert kept.get("lune-fragment:menu") is None
