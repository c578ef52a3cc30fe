"""English listings: translated pages in English, the others in French, marked "(en français)"."""

import datetime

import pytest
from wagtail.models import Locale

from tests.journal.factories import (
    ArticlePageFactory,
    ContributionFormPageFactory,
    JournalIssuePageFactory,
    NewsPageFactory,
)

pytestmark = pytest.mark.django_db


def english(page, slug, title=None):
    """The live English translation of `page` (its parents translated first); setup_site
    already made the English home."""
    english = Locale.objects.get(language_code="en")
    translated = (
        page.get_translation_or_none(english)
        or page.copy_for_translation(english, copy_parents=True)
    ).specific
    translated.slug = slug
    translated.title = title or translated.title
    translated.save_revision().publish()
    return translated


@pytest.fixture
def english_home(home):
    return english(home, "home")


def test_english_journal_lists_french_issues_marked(client, journal_index, english_home):
    english(journal_index, "journal", "The journal")
    JournalIssuePageFactory(
        parent=journal_index, title="Numéro 1", number=1, publication_date=datetime.date(2023, 3, 1)
    )
    translated = JournalIssuePageFactory(
        parent=journal_index, title="Numéro 2", number=2, publication_date=datetime.date(2024, 3, 1)
    )
    english(translated, "issue-2", "Issue 2")
    ContributionFormPageFactory(parent=journal_index)

    response = client.get("/en/journal/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="issue-card"') == 2
    assert html.index("Issue 2") < html.index("Numéro 1")
    assert 'lang="fr">Numéro 1</a> <span class="quiet" lang="fr">(en français)</span>' in html
    assert "Numéro 2" not in html
    # The translated issue is in English, without the mark; its French twin is not listed.
    assert 'href="/en/journal/issue-2/">Issue 2</a></h3>' in html
    # Filters and the contribution link work on the English listing too.
    assert "Numéro 1" in client.get("/en/journal/?annee=2023").content.decode()
    assert "Numéro 1" not in client.get("/en/journal/?annee=2024").content.decode()
    assert 'href="/journal/contribuer/"' in html


def test_english_issue_shows_french_articles_and_neighbours(client, journal_index, english_home):
    english(journal_index, "journal")
    first = JournalIssuePageFactory(
        parent=journal_index, title="Numéro 1", number=1, publication_date=datetime.date(2023, 3, 1)
    )
    second = JournalIssuePageFactory(
        parent=journal_index, title="Numéro 2", number=2, publication_date=datetime.date(2024, 3, 1)
    )
    ArticlePageFactory(parent=second, title="Mon témoignage", section="temoignages")
    second_en = english(second, "issue-2", "Issue 2")
    html = client.get("/en/journal/issue-2/").content.decode()
    assert "Mon témoignage" in html
    assert second_en.previous_issue().pk == first.pk
    assert f'rel="prev" href="{first.url}"' in html


def test_english_news_lists_french_news_marked(client, news_index, english_home):
    english(news_index, "news", "News")
    NewsPageFactory(parent=news_index, title="Assemblée générale", date=datetime.date(2024, 6, 3))
    translated = NewsPageFactory(
        parent=news_index, title="Le local déménage", date=datetime.date(2024, 6, 10)
    )
    english(translated, "we-are-moving", "We are moving")

    response = client.get("/en/news/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="news-card"') == 2
    assert html.index("We are moving") < html.index("Assemblée générale")
    assert (
        'lang="fr">Assemblée générale</a> <span class="quiet" lang="fr">(en français)</span>'
        in html
    )
    assert "Le local déménage" not in html
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/en/news/flux/"' in html
