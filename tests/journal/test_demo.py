"""The journal's demo content renders, is restricted where it must be, and loads idempotently."""

from io import StringIO

import feedparser
import pytest

from journal.models import (
    ArticlePage,
    BadClientListPage,
    BadClientReport,
    DistributionPoint,
    JournalIssuePage,
    NewsPage,
)
from lune_site.demo import load_demo

pytestmark = pytest.mark.django_db


def test_demo_journal_and_news_render(client, demo):
    issues = JournalIssuePage.objects.all()
    assert issues.count() == 3
    for issue in issues:
        assert 4 <= ArticlePage.objects.child_of(issue).count() <= 6
        assert issue.theme is not None
        response = client.get(issue.url)
        assert response.status_code == 200
        for article in ArticlePage.objects.child_of(issue):
            assert client.get(article.url).status_code == 200
    assert 20 <= DistributionPoint.objects.active().count() <= 30
    assert NewsPage.objects.live().count() == 6
    for url in ("/journal/", "/actualites/", "/journal/contribuer/", "/"):
        assert client.get(url).status_code == 200
    feed = feedparser.parse(client.get("/actualites/flux/").content)
    assert not feed.bozo and len(feed.entries) == 9
    html = client.get("/").content.decode()
    assert 'href="/journal/"' in html and 'href="/actualites/"' in html  # in the menu


def test_demo_bad_client_list_is_for_members_only(client, demo, member_user, outsider_user):
    page = BadClientListPage.objects.get()
    assert page.url_path.endswith("/membres/mauvais-clients/")
    assert page.is_restricted_to_members()
    assert client.get(page.url).status_code == 302
    client.force_login(outsider_user)
    assert client.get(page.url).status_code in (302, 403)
    client.force_login(member_user)
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Dit être policier" in response.content.decode()


def test_demo_loads_twice_without_duplicates(demo):
    counts = (
        JournalIssuePage.objects.count(),
        ArticlePage.objects.count(),
        DistributionPoint.objects.count(),
        NewsPage.objects.count(),
        BadClientReport.objects.count(),
    )
    load_demo(StringIO())
    assert counts == (
        JournalIssuePage.objects.count(),
        ArticlePage.objects.count(),
        DistributionPoint.objects.count(),
        NewsPage.objects.count(),
        BadClientReport.objects.count(),
    )


def test_demo_english_journal_and_news_show_french_content_marked(client, demo):
    for url, marker in (("/en/journal/", 'class="issue-card"'), ("/en/news/", 'class="news-card"')):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        listed = html.count(marker)
        assert listed >= 3 and html.count("(en français)") == listed
    feed = feedparser.parse(client.get("/en/news/flux/").content)
    assert not feed.bozo and len(feed.entries) == 9
