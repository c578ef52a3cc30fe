"""What the site-wide search shows: the page types one can filter by, and result excerpts."""

import functools
import html
import re
import unicodedata
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from modelsearch.index import SearchField
from wagtail.models import Page, get_page_models

EXCERPT_LENGTH = 220
# French stems share their first letters: "logements" marks "logement", "études" marks "étude".
STEM_PREFIX = 5
_WORD = re.compile(r"\w+", re.UNICODE)


def searchable_page_types():
    """Page models a visitor may find, by URL name (`type=`): every page model with search
    fields, except the closed areas' (derived from the models present, never listed)."""
    types = {}
    for model in get_page_models():
        if model is Page or getattr(model, "is_closed_area_page", False):
            continue
        if not model.get_search_fields() or model._meta.abstract:
            continue
        types[model._meta.model_name] = model
    return types


def selected_types(values):
    """The known types among the visitor's `type=` values (unknown values are ignored)."""
    types = searchable_page_types()
    return [types[value] for value in dict.fromkeys(values) if value in types]


def content_type_ids(models):
    return [ct.pk for ct in ContentType.objects.get_for_models(*models).values()]


def fold(text):
    """Lowercase without accents, for matching words the way the search backends do."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def searchable_text(page):
    """The page's indexed text other than its title, as plain text."""
    pieces = []
    for field in page.get_search_fields():
        if isinstance(field, SearchField) and field.field_name != "title":
            pieces.append(flatten(field.get_value(page)))
    if page.search_description:
        pieces.insert(0, page.search_description)
    return " ".join(strip_tags(p) for p in pieces if p)


def flatten(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return " ".join(flatten(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return " ".join(flatten(v) for v in value)
    return str(value)


@functools.lru_cache(maxsize=8192)
def fold_word(word):
    """`fold` for one word of a page's text, remembered (texts share most of their words)."""
    return fold(word)


def stem_prefixes(terms):
    """The beginnings a word must start with to match one of the (folded) `terms`."""
    return tuple(term[:STEM_PREFIX] if len(term) > STEM_PREFIX else term for term in terms)


def matches(word, prefixes):
    """True when `word` starts, accents aside, with one of `prefixes` (`stem_prefixes`)."""
    return bool(prefixes) and fold_word(word).startswith(prefixes)


def excerpt(text, terms, length=EXCERPT_LENGTH):
    """A short passage around the first matched word, with every matched word in <mark>.

    `terms` are the query's words (and synonyms), folded. Returns safe HTML.
    """
    text = re.sub(r"\s+", " ", html.unescape(text)).strip()
    folded_terms = stem_prefixes([fold(t) for t in terms if t])
    start = 0
    for match in _WORD.finditer(text):
        if matches(match.group(), folded_terms):
            start = max(0, match.start() - length // 3)
            break
    window = text[start : start + length]
    if start > 0:
        window = "… " + window.split(" ", 1)[-1]
    if start + length < len(text):
        window = window.rsplit(" ", 1)[0] + " …"
    marked, position = [], 0
    for match in _WORD.finditer(window):
        if matches(match.group(), folded_terms):
            marked.append(html.escape(window[position : match.start()]))
            marked.append(f"<mark>{html.escape(match.group())}</mark>")
            position = match.end()
    marked.append(html.escape(window[position:]))
    return mark_safe("".join(marked))  # noqa: S308  (every piece is escaped above)


@dataclass
class Result:
    """One search result, as the page template and the JSON answer show it."""

    title: str
    url: str
    type: str
    excerpt: str
    page: Page
    promoted: bool = False

    @classmethod
    def from_page(cls, page, terms, request=None, promoted=False, description=""):
        return cls(
            title=page.title,
            url=page.get_url(request) or "",
            type=str(page._meta.verbose_name),
            excerpt=excerpt(description or searchable_text(page), terms),
            page=page,
            promoted=promoted,
        )

    @staticmethod
    def excerpt_of(text, terms):
        return excerpt(text or "", terms)

    def as_json(self):
        return {
            "title": self.title,
            "url": self.url,
            "type": self.type,
            "excerpt": html.unescape(strip_tags(self.excerpt)),
            "promoted": self.promoted,
        }
