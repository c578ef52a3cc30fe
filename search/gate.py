"""The one gate to pages for every public listing, feed, search and JSON answer.

Live, public (no view restriction on the page or an ancestor), outside the closed areas, in
the current language with French as the fallback. Public views get their pages here and
nowhere else; tests walk the URL configuration to hold them to it.
"""

import re
import unicodedata

from django.conf import settings
from django.utils import translation
from wagtail.models import Locale, Page

MAX_QUERY_LENGTH = 200

# Control and format characters (NUL, RTL marks, zero-width joiners), and characters that
# some backends read as query syntax.
_SYNTAX = re.compile(r"[\"'`´«»“”‘’()\[\]{}<>:^~*?\\/|&!+=;@#$%]")
_OPERATORS = re.compile(r"(?<!\w)(AND|OR|NOT|NEAR)(?!\w)")
_SPACES = re.compile(r"\s+")


def clean_query(text, max_length=MAX_QUERY_LENGTH):
    """Make visitor text safe for any search backend: plain words separated by spaces."""
    if not text:
        return ""
    text = str(text)[: max_length * 4]
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)
    text = _SYNTAX.sub(" ", text)
    text = _OPERATORS.sub(" ", text)
    # A lone hyphen or a leading one is an operator for some backends.
    text = re.sub(r"(?<!\w)-+|-+(?!\w)", " ", text)
    text = _SPACES.sub(" ", text).strip()
    return text[:max_length].strip()


def closed_area_models():
    """Page types that root a closed area (staff, members)."""
    from lune_site.models import CLOSED_AREA_ROOTS

    return CLOSED_AREA_ROOTS


def query_closed_area_paths():
    """Tree paths of the closed areas' roots, from the database."""
    return list(Page.objects.type(*closed_area_models()).order_by().values_list("path", flat=True))


def query_restricted_paths():
    """Tree paths of the pages with a view restriction (password, login, groups)."""
    from wagtail.models import PageViewRestriction

    return sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True)))


def query_translated_keys(locale_id):
    return list(
        Page.objects.live().filter(locale=locale_id).values_list("translation_key", flat=True)
    )


def query_locale_ids():
    return dict(Locale.objects.values_list("language_code", "pk"))


def _kept(name, compute):
    """`compute()`, kept in the shared cache until the next change of pages or of what the
    gate reads. Every publication, unpublication, move, and save or deletion of a view
    restriction, a locale or a closed area's root empties that cache
    (`lune_site.page_cache`), so a kept list is never missing a closed area or a restriction.
    """
    from lune_site.fragment_cache import KEY_PREFIX, remember

    return remember(f"{KEY_PREFIX}:gate:{name}", compute)


def closed_area_paths():
    """Tree paths of the closed areas' roots; everything below them stays hidden."""
    return _kept("closed-area-paths", query_closed_area_paths)


def restricted_paths():
    """Tree paths of the pages with a view restriction; they and their subtrees stay hidden."""
    return _kept("restricted-paths", query_restricted_paths)


def translation_paths(page):
    """Tree paths of `page` and of its translations (kept like the gate's lookups: every
    publication, unpublication and move empties them)."""
    return _kept(
        f"translation-paths:{page.translation_key}",
        lambda: sorted(
            Page.objects.filter(translation_key=page.translation_key).values_list("path", flat=True)
        ),
    )


def outermost_paths(paths):
    """`paths` without repeats and without those inside another one (their subtree is already
    left out): the closed areas' roots are restricted pages too."""
    kept = []
    for path in sorted(set(paths)):
        if not kept or not path.startswith(kept[-1]):
            kept.append(path)
    return kept


def default_locale():
    return Locale.objects.get(language_code=settings.LANGUAGE_CODE)


def public_pages(queryset=None, *, language=None, fallback=True, paths=None):
    """The pages a visitor may see, in `language` (default: the active one).

    `queryset` narrows the result to a page type (`ResourcePage.objects.all()`); where a page
    has no live translation in `language`, its French original is given instead, so listings
    in English still show French content. The result can be searched (`.search()`),
    filtered and ordered like any page queryset. `paths` replaces the closed areas' roots
    (tests use it); the restricted pages are always left out.

    What the gate looks up (closed areas, restrictions, locales) is kept between requests,
    so a gated queryset costs no query until it is evaluated.
    """
    if queryset is None:
        queryset = Page.objects.all()
    queryset = queryset.live()
    for path in outermost_paths(
        [*(closed_area_paths() if paths is None else paths), *restricted_paths()]
    ):
        queryset = queryset.exclude(path__startswith=path)

    language = (language or translation.get_language() or settings.LANGUAGE_CODE)[:2]
    locales = _kept("locale-ids", query_locale_ids)
    wanted, french = locales.get(language), locales.get(settings.LANGUAGE_CODE[:2])
    if wanted == french or not fallback:
        return queryset.filter(locale=wanted)
    # Pages live in the visitor's language; their French twins step aside. A list, not a
    # subquery: the Elasticsearch backend turns filters into its own query.
    translated = _kept(f"translated-keys:{wanted}", lambda: query_translated_keys(wanted))
    return queryset.filter(locale__in=[pk for pk in (wanted, french) if pk]).exclude(
        locale=french, translation_key__in=translated
    )


def public_page_types(models):
    """{pk: content type id} of the pages of `models` (exact types) that pass the gate, in the
    active language, kept in each process until the next change of content.

    For searches that match and rank the text in the search index alone and keep the hits
    to these pages (`ranked_within`): the gate, read once per change instead of once per
    search. Emptied with the shared cache, so a page unpublished, restricted or moved into
    a closed area leaves the next search."""
    from django.contrib.contenttypes.models import ContentType

    from lune_site.fragment_cache import fragment_key, remember_in_process

    type_ids = sorted(ct.pk for ct in ContentType.objects.get_for_models(*models).values())

    def compute():
        pages = public_pages(Page.objects.filter(content_type__in=type_ids))
        return dict(pages.order_by().values_list("pk", "content_type_id"))

    key = fragment_key("public-page-types", None, ",".join(map(str, type_ids)))
    return remember_in_process(key, compute)


def is_public_page(page):
    """True when `page` passes the gate (used where a single page is shown in a listing)."""
    return public_pages(
        Page.objects.filter(pk=page.pk), fallback=False, language=page.locale.language_code
    ).exists()


def search_pages(
    query, queryset=None, *, language=None, fallback=True, synonyms=True, **search_options
):
    """Search the pages a visitor may see: the gate, then the cleaned text, then the backend.

    Returns None when nothing searchable is left of `query` (a caller shows its listing
    instead). Each word also finds its synonyms (staff's synonym groups) unless
    `synonyms=False`. `search_options` go to Wagtail's `.search()` (fields, operator,
    order_by_relevance...).
    """
    text = clean_query(query)
    if not text:
        return None
    pages = public_pages(queryset, language=language, fallback=fallback)
    return pages.search(expand_query(text) if synonyms else text, **search_options)


def synonym_groups(words):
    """[[word, its synonyms...] for each word], from staff's synonym groups (one query)."""
    from search.models import SynonymGroup
    from search.results import fold

    # Kept like the gate's lookups: saving or deleting a synonym group (a snippet) empties it.
    expansions = _kept("synonyms", SynonymGroup.objects.expansions) if words else {}
    groups = []
    for word in words:
        synonyms = [s for s in expansions.get(fold(word), []) if fold(s) != fold(word)]
        groups.append([word, *synonyms])
    return groups


def expand_query(text):
    """The cleaned `text` as a backend query: every word must match, itself or a synonym.

    Expanded once, on the query side, the same way for every backend: staff's edits to the
    synonyms apply at once, without reindexing.
    """
    from modelsearch.query import And, Or, PlainText

    groups = synonym_groups(text.split())
    if all(len(group) == 1 for group in groups):
        return text
    return And(
        [
            Or([PlainText(w, operator="and") for w in group])
            if len(group) > 1
            else PlainText(group[0])
            for group in groups
        ]
    )


def query_terms(query):
    """The words of a cleaned query and their synonyms (for marking them in excerpts)."""
    return [word for group in synonym_groups(clean_query(query).split()) for word in group]


def autocomplete_pages(query, queryset=None, *, language=None, fallback=True, **search_options):
    """Pages a visitor may see whose titles start with the words typed (accent-insensitive).

    Returns None when nothing searchable is left of `query`.
    """
    text = clean_query(query)
    if not text:
        return None
    pages = public_pages(queryset, language=language, fallback=fallback)
    return pages.autocomplete(text, **search_options)


def suggest_spelling(query, queryset=None, *, language=None, cutoff=0.75):
    """A close spelling of `query` made of words from the titles of pages a visitor may see
    ("Vouliez-vous dire …"), or None. Called only when a search found nothing.

    The titles' words are kept between publications (`title_vocabulary`). On PostgreSQL, the
    database picks each word's closest title word by trigram similarity (pg_trgm, accents
    aside), in one query; elsewhere, difflib compares with them (`cutoff`: its ratio).
    """
    from django.db import connection

    from search.results import fold

    words = clean_query(query).split()
    if not words:
        return None
    language = (language or translation.get_language() or settings.LANGUAGE_CODE)[:2]
    model = (queryset.model if queryset is not None else Page)._meta.label_lower
    vocabulary = _kept(
        f"title-words:{language}:{model}",
        lambda: title_vocabulary(public_pages(queryset, language=language)),
    )
    if connection.vendor == "postgresql":
        closest = closest_title_words_by_trigram(words, vocabulary)
    else:
        closest = closest_title_words(words, vocabulary, cutoff)
    suggestion = " ".join(closest.get(i, word) for i, word in enumerate(words))
    return suggestion if fold(suggestion) != fold(" ".join(words)) else None


_TITLE_WORD_SPLIT = re.compile(r"[\s\W]+")


def title_vocabulary(pages):
    """The distinct words (lowercase, three letters or more, no numbers) of `pages`' titles."""
    words = set()
    for title in pages.order_by().values_list("title", flat=True).iterator(chunk_size=2000):
        for word in _TITLE_WORD_SPLIT.split(title.lower()):
            if len(word) >= 3 and not any(ch.isdigit() for ch in word):
                words.add(word)
    return sorted(words)


# Lowest pg_trgm similarity for a suggestion ("logemant" ~ "logement": 0.5).
TRIGRAM_SIMILARITY = 0.4


def closest_title_words_by_trigram(words, vocabulary):
    """{position: closest title word} for the query's words, by trigram similarity; a word
    that is already a title word keeps its place. One query."""
    from django.db import connection

    if not vocabulary:
        return {}
    sql = """
        SELECT DISTINCT ON (q.position) q.position, w.word,
               similarity(unaccent(w.word), unaccent(q.word)) AS score
        FROM unnest(%s::text[]) WITH ORDINALITY AS q(word, position)
        CROSS JOIN unnest(%s::text[]) AS w(word)
        WHERE char_length(q.word) >= 3
          AND similarity(unaccent(w.word), unaccent(q.word)) >= %s
        ORDER BY q.position, score DESC, w.word
    """
    params = [[w.lower() for w in words], list(vocabulary), TRIGRAM_SIMILARITY]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return {position - 1: word for position, word, score in rows if score < 1}


def closest_title_words(words, vocabulary, cutoff):
    """{position: closest title word} by difflib's ratio (databases without trigrams)."""
    import difflib

    from search.results import fold

    folded = {}
    for word in vocabulary:
        folded.setdefault(fold(word), word)
    closest = {}
    for position, word in enumerate(words):
        if len(word) < 3 or fold(word) in folded:
            continue
        close = difflib.get_close_matches(fold(word), folded, n=1, cutoff=cutoff)
        if close:
            closest[position] = folded[close[0]]
    return closest
