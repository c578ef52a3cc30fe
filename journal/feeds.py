"""The RSS 2.0 feed of the news, with each journal issue's publication."""

from django.http import HttpResponse
from django.utils import translation
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _

from journal.models import JournalIssuePage, feed_items


def item_description(page):
    if isinstance(page, JournalIssuePage):
        parts = [
            _("Numéro %(number)s du journal Les voix de la ruELLES.") % {"number": page.number}
        ]
        if page.theme_id:
            parts.append(_("Thème : %(theme)s.") % {"theme": page.theme.name})
        return " ".join(parts)
    return page.summary or page.search_description or ""


def news_feed(index_page, request):
    """The feed answer: absolute links, dates with their time zone, newest first."""
    language = (translation.get_language() or "fr")[:2]
    feed = Rss201rev2Feed(
        title=_("Projet L.U.N.E. : actualités et journal"),
        link=index_page.get_full_url(request),
        description=_(
            "Les nouvelles de Projet L.U.N.E. et les numéros du journal Les voix de la ruELLES."
        ),
        language=language,
        feed_url=request.build_absolute_uri(),
    )
    for page in feed_items(language=language):
        url = page.get_full_url(request)
        if not url:
            continue
        feed.add_item(
            title=page.title,
            link=url,
            description=item_description(page),
            unique_id=url,
            unique_id_is_permalink=True,
            pubdate=page.feed_date,
            categories=[page.theme.name] if getattr(page, "theme_id", None) else None,
        )
    response = HttpResponse(content_type="application/rss+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response
