"""Staff's search promotions (Wagtail's `search_promotions`), shown before the search results.

Promoted pages come through the gate like every other page: a promoted page that is a draft,
restricted or in a closed area is not shown. A page promoted in French is shown in the
visitor's language when it has a live translation.
"""

from django.utils.translation import gettext_lazy as _
from modelsearch.utils import normalise_query_string
from wagtail.models import Page

from search import gate
from search.results import Result, fold


def promotions_for(text):
    """Staff's promotions whose query is `text` (case, spacing and accents aside), in order.

    Reads without writing: Wagtail's `Query.get()` would create a row for every search.
    """
    from wagtail.contrib.search_promotions.models import SearchPromotion

    normalized = normalise_query_string(text)
    if not normalized:
        return []
    return list(
        SearchPromotion.objects.filter(query__query_string__in={normalized, fold(normalized)})
        .select_related("page")
        .order_by("sort_order", "pk")
    )


def promoted_results(text, terms=(), request=None):
    """The promotions for `text` as results marked `promoted`, public pages only."""
    promotions = promotions_for(text)
    if not promotions:
        return []
    keys = {p.page.translation_key for p in promotions if p.page_id}
    pages = Page.objects.filter(translation_key__in=keys)
    visible = {page.translation_key: page for page in gate.public_pages(pages).specific()}
    results, seen = [], set()
    for promotion in promotions:
        if promotion.page_id:
            page = visible.get(promotion.page.translation_key)
            if page is None or page.pk in seen:
                continue
            seen.add(page.pk)
            results.append(
                Result.from_page(
                    page, terms, request, promoted=True, description=promotion.description
                )
            )
        elif promotion.external_link_url:
            results.append(
                Result(
                    title=promotion.external_link_text or promotion.external_link_url,
                    url=promotion.external_link_url,
                    type=str(_("lien externe")),
                    excerpt=Result.excerpt_of(promotion.description, terms),
                    page=None,
                    promoted=True,
                )
            )
    return results
