"""Site-wide search (`/recherche/?q=`) and title suggestions (`/recherche/suggestions/?q=`).

Pages come through the gate (`search.gate`) only. One search per request: the facet by type
gives the counts (and the total), then one database-paginated query gives the page shown.
"""

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Page

from search import gate
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


def run_search(request):
    """The search asked for in `request.GET`, as a dict for the template and the JSON answer."""
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

    everything = gate.search_pages(text, pages_of_types(types.values()))
    counts = type_counts(everything)
    results = gate.search_pages(text, pages_of_types(chosen)) if chosen else everything
    if counts is None:
        total = results.count()
    else:
        chosen_ids = set(content_type_ids(chosen)) if chosen else set(counts)
        total = sum(n for pk, n in counts.items() if pk in chosen_ids)
        context["count_all"] = sum(counts.values())
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
    if not total:
        context["suggestion"] = gate.suggest_spelling(text)
    terms = gate.query_terms(text)
    context.update(
        count=total,
        page_obj=page_obj,
        results=[Result.from_page(page, terms, request) for page in page_obj.object_list],
    )
    return context


@require_GET
def search(request):
    context = run_search(request)
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
    pages = list(results[:SUGGESTIONS]) if results is not None else []
    response = JsonResponse(
        {"results": [{"title": p.title, "url": p.get_url(request)} for p in pages]},
        json_dumps_params={"ensure_ascii": False},
    )
    patch_cache_control(response, private=True, max_age=0)
    response["X-Robots-Tag"] = "noindex"
    return response
