"""Site-wide search (`/recherche/?q=`) and title suggestions (`/recherche/suggestions/?q=`).

Pages come through the gate (`search.gate`) only. One search per request: on PostgreSQL one
ranked query of the search index, kept to the gate's pages, gives the counts by type and the
ids of the page shown (`ranked_search`); elsewhere the backend's facet by type gives the counts
and one database-paginated query the page shown (`backend_search`).
"""

from collections import Counter

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Page

from search import gate
from search.promotions import promoted_results
from search.query_log import record_search
from search.results import Result, content_type_ids, searchable_page_types, selected_types

PER_PAGE = 10
MAX_PAGE = 1000
SUGGESTIONS = 8


class KnownCount:
    """Search results with a count already known from the facets (the paginator asks once)."""

    def __init__(self, results, count):
        self.results, self.total = results, count

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, key):
        return list(self.results[key])


def page_number(value):
    """The page asked for; anything that is not a small positive number means the first."""
    value = (value or "").strip()
    if value.isascii() and value.isdigit() and len(value) <= 4:
        return min(max(int(value), 1), MAX_PAGE)
    return 1


def type_counts(results):
    """{content type id: hits} from the backend's facet, or None when it cannot facet."""
    if not getattr(results, "supports_facet", False):
        return None
    return {pk: count for pk, count in results.facet("content_type_id").items() if pk is not None}


def pages_of_types(models):
    """Pages of exactly these types, fetched as their specific class (one query per type)."""
    return Page.objects.filter(content_type__in=content_type_ids(models)).specific()


class RankedPages:
    """Ranked page ids as the paginator reads them: a page of them is read as specific pages
    (one query, and one per page type), in rank order, through the gate again (a change that
    lands between the ranking and this read leaves the page out)."""

    def __init__(self, ids):
        self.ids = ids

    def __getitem__(self, key):
        ids = self.ids[key]
        pages = gate.public_pages(Page.objects.filter(pk__in=ids)).specific().in_bulk()
        return [pages[pk] for pk in ids if pk in pages]


def ranked_search(results, types, chosen, excluded):
    """(page of results, total, {content type id: hits}) from one ranked query of the search
    index, kept to the gate's pages (`gate.public_page_types`), where the backend ranks so
    (PostgreSQL): the counts by type are read from the same hits."""
    visible = gate.public_page_types(types.values())
    type_ids = content_type_ids(types.values())
    ids = results.ranked_within(visible, content_types=type_ids)
    if excluded:
        left_out = {page.pk for page in excluded}
        ids = [pk for pk in ids if pk not in left_out]
    types_of = [visible[pk] for pk in ids]
    counts = dict(Counter(types_of))
    if chosen:
        wanted = set(content_type_ids(chosen))
        ids = [pk for pk, type_id in zip(ids, types_of, strict=True) if type_id in wanted]
    return RankedPages(ids), len(ids), counts


def backend_search(everything, searched, chosen):
    """(results, total, {content type id: hits} or None) where the backend pages the results
    and facets by type itself (SQLite, Elasticsearch)."""
    counts = type_counts(everything)
    results = searched(chosen) if chosen else everything
    if counts is None:
        return results, results.count(), None
    if chosen:
        return results, sum(counts.get(pk, 0) for pk in content_type_ids(chosen)), counts
    return results, sum(counts.values()), counts


def run_search(request):
    """The search asked for in `request.GET`, as a dict for the template and the JSON answer.

    Staff's promotions for the query come first, on the first page, and are left out of the
    ranked results below them (the counts include them once).
    """
    query = request.GET.get("q", "")
    text = gate.clean_query(query)
    types = searchable_page_types()
    chosen = selected_types(request.GET.getlist("type"))
    context = {
        "query": text,
        "types": [],
        "chosen_types": [model._meta.model_name for model in chosen],
        "results": [],
        "count": 0,
        "page_obj": None,
        "suggestion": None,
    }
    if not text:
        return context

    terms = gate.query_terms(text)
    every_promotion = promoted_results(text, terms, request)
    promoted_pages = [result.page for result in every_promotion if result.page is not None]
    promoted = [
        result
        for result in every_promotion
        if not chosen or (result.page is not None and type(result.page) in chosen)
    ]

    def searched(models):
        pages = pages_of_types(models)
        if promoted_pages:
            pages = pages.exclude(pk__in=[page.pk for page in promoted_pages])
        return gate.search_pages(text, pages)

    everything = searched(types.values())
    if hasattr(everything, "ranked_within"):
        results, total, counts = ranked_search(everything, types, chosen, promoted_pages)
    else:
        results, total, counts = backend_search(everything, searched, chosen)
    if counts is not None:
        for page in promoted_pages:
            counts[page.content_type_id] = counts.get(page.content_type_id, 0) + 1
        context["count_all"] = sum(counts.values()) + len(every_promotion) - len(promoted_pages)
        by_id = dict(zip(content_type_ids(types.values()), types.values(), strict=True))
        context["types"] = sorted(
            (
                {"name": m._meta.model_name, "label": m._meta.verbose_name, "count": counts[pk]}
                for pk, m in by_id.items()
                if counts.get(pk)
            ),
            key=lambda t: -t["count"],
        )

    paginator = Paginator(KnownCount(results, total), PER_PAGE)
    page_obj = paginator.get_page(page_number(request.GET.get("page")))
    shown = [Result.from_page(page, terms, request) for page in page_obj.object_list]
    if page_obj.number == 1:
        shown = promoted + shown
    count = total + len(promoted)
    if not count:
        context["suggestion"] = gate.suggest_spelling(text)
    context.update(count=count, page_obj=page_obj, results=shown)
    return context


@require_GET
def search(request):
    context = run_search(request)
    if (
        context["query"]
        and not context["chosen_types"]
        and page_number(request.GET.get("page")) == 1
    ):
        # One count per search: paging through results or narrowing by type adds none.
        record_search(request.GET.get("q", ""), found_nothing=not context["count"])
    if request.GET.get("format") == "json":
        response = JsonResponse(
            {
                "count": context["count"],
                "results": [result.as_json() for result in context["results"]],
            },
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        response = render(request, "search/search.html", context)
    # Searches are the visitor's own business: not stored by shared caches, not indexed.
    patch_cache_control(response, private=True, max_age=0)
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def suggestions(request):
    """Titles that start with the words typed, accent-insensitive: {"results": [{title, url}]}."""
    results = gate.autocomplete_pages(request.GET.get("q", ""))
    if results is None:
        pages = []
    elif hasattr(results, "ranked_within"):
        # The titles' index alone, kept to the gate's pages of the types the search finds.
        types = searchable_page_types().values()
        visible = gate.public_page_types(types)
        ids = results.ranked_within(
            visible, content_types=content_type_ids(types), limit=SUGGESTIONS
        )
        by_id = gate.public_pages(Page.objects.filter(pk__in=ids)).in_bulk()
        pages = [by_id[pk] for pk in ids if pk in by_id]
    else:
        pages = list(results[:SUGGESTIONS])
    response = JsonResponse(
        {"results": [{"title": p.title, "url": p.get_url(request)} for p in pages]},
        json_dumps_params={"ensure_ascii": False},
    )
    patch_cache_control(response, private=True, max_age=0)
    response["X-Robots-Tag"] = "noindex"
    return response
