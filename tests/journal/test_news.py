"""News: paginated listing, the RSS feed (parsed by feedparser), the home page's block."""

import datetime

import feedparser
import pytest
from wagtail.models import Site

from journal.models import NEWS_PER_PAGE
from tests.journal.factories import JournalIssuePageFactory, NewsPageFactory
from tests.journal.test_journal import listing_queries

pytestmark = pytest.mark.django_db


def test_news_listing_newest_first_and_paginated(client, news_index):
    for n in range(NEWS_PER_PAGE + 2):
        NewsPageFactory(
            parent=news_index, title=f"Nouvelle numéro {n:02d}", date=datetime.date(2024, 1, n + 1)
        )
    html = client.get("/actualites/").content.decode()
    assert html.index("Nouvelle numéro 11") < html.index("Nouvelle numéro 10")
    assert "Nouvelle numéro 01" not in html
    assert 'rel="next" href="?page=2"' in html
    page_two = client.get("/actualites/?page=2").content.decode()
    assert "Nouvelle numéro 01" in page_two and "Nouvelle numéro 00" in page_two


# Not named `page`: that is Playwright's fixture, and would make this a browser test.
@pytest.mark.parametrize("number", ["abc", "0", "-1", "999", "%00", "1e9", "99999999999999999999"])
def test_bad_page_numbers_never_fail(client, news_index, number):
    NewsPageFactory(parent=news_index, title="Seule nouvelle")
    response = client.get(f"/actualites/?page={number}")
    assert response.status_code == 200
    assert "Seule nouvelle" in response.content.decode()


def test_news_page_renders_with_tags_and_feed_link(client, news_index):
    news = NewsPageFactory(
        parent=news_index, title="Le local déménage", body=[("paragraph", "<p>Au 2e étage.</p>")]
    )
    news.tags.add("local")
    news.save_revision().publish()
    html = client.get(news.url).content.decode()
    assert "Le local déménage" in html and "Au 2e étage." in html and "local" in html
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/actualites/flux/"' in html


def test_listing_links_the_feed_in_the_head(client, news_index):
    html = client.get("/actualites/").content.decode()
    head = html.split("</head>")[0]
    assert 'type="application/rss+xml"' in head and "/actualites/flux/" in head


def test_feed_parses_with_absolute_links_and_dates(client, news_index, journal_index):
    NewsPageFactory(parent=news_index, title="Assemblée générale", date=datetime.date(2024, 6, 3))
    draft = NewsPageFactory(parent=news_index, title="Brouillon secret")
    draft.unpublish()
    JournalIssuePageFactory(
        parent=journal_index,
        title="Numéro 12 : la pauvreté",
        number=12,
        publication_date=datetime.date(2024, 6, 10),
    )
    response = client.get("/actualites/flux/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    titles = [entry.title for entry in feed.entries]
    assert titles == ["Numéro 12 : la pauvreté", "Assemblée générale"]
    root = Site.objects.get(is_default_site=True).root_url
    for entry in feed.entries:
        assert entry.link.startswith(root + "/") and root.startswith("http")
        assert entry.published_parsed is not None
    assert feed.entries[1].link == root + "/actualites/assemblee-generale/"
    assert feed.entries[1].published_parsed[:3] == (2024, 6, 3)
    assert "Brouillon secret" not in response.content.decode()


def test_feed_leaves_out_closed_area_pages(client, news_index, member_user):
    NewsPageFactory(parent=news_index, title="Publique")
    feed = feedparser.parse(client.get("/actualites/flux/").content)
    assert [entry.title for entry in feed.entries] == ["Publique"]


def test_home_shows_three_latest_news_and_latest_issue(client, news_index, journal_index):
    for n in range(5):
        NewsPageFactory(parent=news_index, title=f"Info {n}", date=datetime.date(2024, 2, n + 1))
    JournalIssuePageFactory(
        parent=journal_index,
        title="Ancien numéro",
        number=1,
        publication_date=datetime.date(2023, 1, 1),
    )
    JournalIssuePageFactory(
        parent=journal_index,
        title="Nouveau numéro",
        number=2,
        publication_date=datetime.date(2024, 1, 1),
    )
    html = client.get("/").content.decode()
    assert "Info 4" in html and "Info 3" in html and "Info 2" in html
    assert "Info 1" not in html and "Info 0" not in html
    assert "Nouveau numéro" in html and "Ancien numéro" not in html


def test_news_listing_and_feed_queries_do_not_grow(client, news_index, journal_index):
    for _n in range(2):
        NewsPageFactory(parent=news_index)
    small = listing_queries(client, "/actualites/")
    small_feed = listing_queries(client, "/actualites/flux/")
    small_home = listing_queries(client, "/")
    for _n in range(9):
        NewsPageFactory(parent=news_index)
        JournalIssuePageFactory(parent=journal_index)
    assert listing_queries(client, "/actualites/") <= small
    assert listing_queries(client, "/actualites/flux/") <= small_feed
    assert listing_queries(client, "/") <= small_home


def test_the_kept_news_count_follows_publications(client, news_index, fragment_cache_on):
    items = [
        NewsPageFactory(
            parent=news_index, title=f"Nouvelle {n:02d}", date=datetime.date(2024, 1, n + 1)
        )
        for n in range(NEWS_PER_PAGE)
    ]
    assert 'rel="next"' not in client.get("/actualites/").content.decode()
    extra = NewsPageFactory(
        parent=news_index, title="Nouvelle de plus", date=datetime.date(2024, 2, 1)
    )
    extra.save_revision().publish()
    assert 'rel="next" href="?page=2"' in client.get("/actualites/").content.decode()
    items[0].unpublish()
    assert 'rel="next"' not in client.get("/actualites/").content.decode()
