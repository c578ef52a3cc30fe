"""The benchmark's journal: issues with their articles, and news, in bulk (issue 9)."""

import datetime
import uuid

from bench.cases import first_page_url, register_case
from bench.content import bulk_pages, check_children, index_pages, published_dates, register_builder
from bench.content import sentence as words

ARTICLES_PER_ISSUE = 10


def _key(rng):
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _body(rng):
    return [
        {"type": "heading", "value": {"text": words(rng, 5), "level": "h2"}},
        {"type": "paragraph", "value": f"<p>{words(rng, 60)}</p>"},
        {"type": "paragraph", "value": f"<p>{words(rng, 40)}</p>"},
    ]


@register_builder("journal", items="articles et actualités")
def build_journal(n, rng):
    """n articles in n/10 issues under /journal/, and n news under /actualites/."""
    from wagtail.models import Locale

    from journal.models import (
        ArticlePage,
        JournalIndexPage,
        JournalIssuePage,
        NewsIndexPage,
        NewsPage,
        Theme,
    )

    french = Locale.get_default()
    journal = JournalIndexPage.objects.get(locale=french)
    news_index = NewsIndexPage.objects.get(locale=french)
    themes = list(Theme.objects.order_by("pk"))
    sections = [key for key, _label in ArticlePage.SECTIONS]
    shown_as = [key for key, _label in ArticlePage.AUTHOR_CHOICES]

    issue_count = max(1, n // ARTICLES_PER_ISSUE)
    # Issues two hundred numbers on from the demo's, published before it, oldest first: every
    # four months, closer where that would go back more than four centuries (100,000 items).
    spacing = min(120, 146_000 // (issue_count + 1))
    first_day = datetime.date.today() - datetime.timedelta(days=spacing * (issue_count + 1))
    issues = [
        JournalIssuePage(
            title=f"Numéro {200 + number} : {words(rng, 3)[:-1]}",
            slug=f"banc-numero-{number}",
            number=200 + number,
            publication_date=first_day + datetime.timedelta(days=spacing * number),
            season=rng.choice(["hiver", "printemps", "ete", "automne"]),
            theme=rng.choice(themes) if themes else None,
            editorial=f"<p>{words(rng, 50)}</p>",
            translation_key=_key(rng),
        )
        for number in range(1, issue_count + 1)
    ]
    bulk_pages(journal, issues)
    check_children(journal)

    articles = []
    for issue in issues:
        chapter = [
            ArticlePage(
                title=words(rng, 5)[:-1],
                slug=f"article-{position}",
                section=rng.choice(sections),
                author_shown_as=(shown := rng.choice(shown_as)),
                author_name="" if shown == ArticlePage.AUTHOR_ANONYMOUS else words(rng, 2)[:-1],
                summary=words(rng, 16),
                body=_body(rng),
                pdf_first_page=2 * position,
                pdf_last_page=2 * position + 1,
                translation_key=_key(rng),
            )
            for position in range(1, ARTICLES_PER_ISSUE + 1)
        ]
        articles.extend(bulk_pages(issue, chapter, published_at=None))

    dates = published_dates(rng, n)
    news = [
        NewsPage(
            title=f"{words(rng, 6)[:-1]} {number}",
            slug=f"banc-actualite-{number}",
            date=dates[number - 1].date(),
            summary=words(rng, 20),
            body=_body(rng),
            first_published_at=dates[number - 1],
            translation_key=_key(rng),
        )
        for number in range(1, n + 1)
    ]
    bulk_pages(news_index, news)
    check_children(news_index)
    index_pages([*issues, *articles, *news])
    return len(articles) + len(news)


register_case(
    "journal-issue",
    lambda: first_page_url("journal", "JournalIssuePage", slug="banc-numero-1"),
    needs="journal",
    weigh=True,
)
register_case("news", "/actualites/", needs="journal")
register_case("news-feed", "/actualites/flux/", kind="feed", needs="journal")
