import pytest
from wagtail.models import Page

from journal.models import JournalIndexPage, NewsIndexPage


@pytest.fixture
def journal_index(site_tree):
    """/journal/, as setup_site creates it."""
    return JournalIndexPage.objects.get(slug="journal")


@pytest.fixture
def news_index(site_tree):
    """/actualites/, as setup_site creates it."""
    return NewsIndexPage.objects.get(slug="actualites")


@pytest.fixture
def home(site_tree):
    return Page.objects.get(pk=site_tree.pk).specific


@pytest.fixture(autouse=True)
def _private_media_root(tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"
