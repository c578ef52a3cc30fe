"""Shared fixtures: the site's fixed parts, the demo content, users in each group, a browser."""

import os
import shutil

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

# Playwright's sync API runs an event loop in the test thread; Django must still allow the ORM.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("LUNE_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts with empty caches (the page cache is shared across requests)."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language: a request under /en/ leaves English active."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def page_cache(settings):
    """The anonymous page cache switched on, as in production."""
    from django.core.cache import caches

    settings.LUNE_PAGE_CACHE = True
    return caches[settings.CACHE_MIDDLEWARE_ALIAS]


@pytest.fixture
def site_tree(db):
    """Home page, closed areas, groups and permissions, as `manage.py setup_site` makes them."""
    from lune_site.setup import setup_site

    return setup_site()


@pytest.fixture
def demo(db):
    """The whole demo content, as `manage.py load_demo` makes it."""
    from io import StringIO

    from lune_site.demo import load_demo

    return load_demo(StringIO())


def make_user(username, group_setting=None, **extra):
    user = get_user_model().objects.create_user(
        username=username, password="pw-" + username, **extra
    )
    if group_setting:
        group, _ = Group.objects.get_or_create(name=getattr(settings, group_setting))
        user.groups.add(group)
    return user


@pytest.fixture
def fragment_cache_on(settings):
    """The kept fragments and lists on, as in production, from an empty shared cache."""
    from django.core.cache import caches

    settings.LUNE_FRAGMENT_CACHE = True
    caches["pages"].clear()


@pytest.fixture
def staff_user(site_tree):
    return make_user("nuit", "STAFF_GROUP_NAME")


@pytest.fixture
def member_user(site_tree):
    return make_user("membre1", "MEMBERS_GROUP_NAME")


@pytest.fixture
def communications_user(site_tree):
    return make_user("comm", "COMMUNICATIONS_GROUP_NAME")


@pytest.fixture
def outsider_user(site_tree):
    """Logged in, but in no group: must see nothing more than an anonymous visitor."""
    return make_user("passante")


# --- Browser (Playwright with Debian's Chromium; never a downloaded browser) ---------------


def chromium_or_skip():
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return CHROMIUM
    if os.environ.get("LUNE_REQUIRE_BROWSER"):
        pytest.fail(f"Chromium not found at {CHROMIUM}: `apt-get install -y chromium`")
    pytest.skip(f"Chromium not found at {CHROMIUM} (set LUNE_REQUIRE_BROWSER=1 to fail instead)")
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A phone-sized screen: the people this site serves mostly browse on old phones.
    return {**browser_context_args, "viewport": {"width": 360, "height": 740}, "locale": "fr-CA"}


@pytest.fixture
def phone(request):
    """A Playwright page on a phone-sized viewport, in Debian's Chromium."""
    chromium_or_skip()
    return request.getfixturevalue("page")


# --- Tests that only PostgreSQL can run (French stemming, trigrams, pg_dump) ----------------


def on_postgres():
    from django.db import connection

    return connection.vendor == "postgresql"


def is_transactional(item):
    from django.test import TestCase, TransactionTestCase

    cls = getattr(item, "cls", None)
    if cls is not None and issubclass(cls, TransactionTestCase):
        return not issubclass(cls, TestCase)
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(
        (marker is not None and marker.kwargs.get("transaction"))
        or "live_server" in fixtures
        or "transactional_db" in fixtures
    )


def uses_database(item):
    from django.test import TransactionTestCase

    cls = getattr(item, "cls", None)
    return bool(
        (cls is not None and issubclass(cls, TransactionTestCase))
        or item.get_closest_marker("django_db")
        or "db" in getattr(item, "fixturenames", ())
    )


def keep_migration_data(items):
    """Transactional tests (live server, browser) empty every table when they end; with a
    serialized rollback, what the migrations seeded (root page, locales, categories, themes,
    synonyms, event types) comes back at the start of each of them."""
    for item in items:
        if is_transactional(item):
            item.add_marker(
                pytest.mark.django_db(transaction=True, serialized_rollback=True), append=False
            )


def run_transactional_tests_last(items):
    """A transactional test leaves the tables empty, so every test that expects the migrated
    data must run before the first of them. pytest-django sorts them so, but pytest then
    regroups tests by session-scoped parameters (Playwright's `browser_name`), which can pull a
    browser test into the middle of the run; this sort runs after that and is stable."""

    def rank(item):
        if is_transactional(item):
            return 1
        return 0 if uses_database(item) else 2

    items.sort(key=rank)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Deselect (never skip) tests marked for the other database than the one in use, and run
    the transactional tests after every other database test."""
    keep_migration_data(items)
    run_transactional_tests_last(items)
    other = "sqlite" if on_postgres() else "postgres"
    kept, dropped = [], []
    for item in items:
        (dropped if item.get_closest_marker(other) else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
