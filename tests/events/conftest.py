import datetime

import pytest

from events.models import EventIndexPage, TrainingCatalogPage


@pytest.fixture
def event_index(site_tree):
    return EventIndexPage.objects.get(locale__language_code="fr")


@pytest.fixture
def catalog(site_tree):
    return TrainingCatalogPage.objects.get(locale__language_code="fr")


@pytest.fixture
def today():
    from django.utils import timezone

    from events.recurrence import QUEBEC

    return timezone.localdate(timezone=QUEBEC)


def days(n):
    return datetime.timedelta(days=n)


@pytest.fixture(autouse=True)
def _fresh_feed_cache():
    # Feed cache keys hold page ids, which a rolled-back test database hands out again.
    from django.core.cache import cache

    cache.clear()
