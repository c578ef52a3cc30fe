"""Search fixtures, and the PostgreSQL-only cases selected only when the suite runs on it."""

import os

import pytest


def running_on_postgresql():
    return os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql"))


def pytest_collection_modifyitems(config, items):
    """`@pytest.mark.postgres` cases (French stemming, trigrams) need PostgreSQL: on SQLite they
    are deselected (like the markers in pyproject's addopts), never skipped."""
    if running_on_postgresql():
        return
    here = os.path.dirname(__file__)
    selected, deselected = [], []
    for item in items:
        in_search = str(item.path).startswith(here)
        (deselected if in_search and item.get_closest_marker("postgres") else selected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


@pytest.fixture
def add_page(site_tree):
    """`add_page(title, summary="", parent=None, model=StandardPage, **fields)`: a live page."""
    from lune_site.models import StandardPage

    def add(title, summary="", parent=None, model=StandardPage, **fields):
        if summary:
            fields["summary"] = summary
        page = model(title=title, **fields)
        (parent or site_tree).add_child(instance=page)
        page.save_revision().publish()
        return page

    return add
