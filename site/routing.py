"""Routing a request down the page tree in two queries instead of two per level.

Wagtail's `Page.route` reads each level's child by slug, then its specific page, and hands over
to it: a resource at depth 4 costs four queries before its view starts, a night log six. The
mixin below reads every level of the requested path in one query, skips the levels whose
`route` would only hand over to a child (Wagtail's own, or a routable page none of whose
sub-routes matches what is left of the path), and hands over to the first level that decides
for itself, or to the last one. What each page decides (live or not, its own sub-routes, the
404 for an unknown slug) is unchanged: the skipped levels are exactly the ones that decide
nothing.
"""

from django.http import Http404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page


def hands_over_to_children(model, live, remaining_components):
    """True when `model`'s route, on a page with `remaining_components` left, only goes on to
    the child named by the first of them (as Wagtail's `Page.route` does)."""
    route = getattr(model, "route", None)
    if route is Page.route:
        return True
    if route is RoutablePageMixin.route:
        if not live:
            return True
        path = "/" + "/".join(remaining_components) + "/"
        try:
            model.get_resolver().resolve(path)
        except Http404:
            return True
        return False
    return False


class RouteInOneQueryMixin:
    """For the site's root page: reach the requested page in two queries."""

    # Deeper than any page of the site: left to Wagtail, which answers 404 at the first miss.
    MAX_LEVELS = 12

    def route(self, request, path_components):
        if not path_components or len(path_components) > self.MAX_LEVELS:
            return super().route(request, path_components)
        rows = list(
            Page.objects.filter(
                path__startswith=self.path,
                depth__gt=self.depth,
                depth__lte=self.depth + len(path_components),
                slug__in=set(path_components),
            ).order_by("depth")
        )
        # The chain of pages that the path names, level by level, each a child of the last.
        chain, parent = [], self
        for index, slug in enumerate(path_components):
            depth = self.depth + index + 1
            found = next(
                (
                    row
                    for row in rows
                    if row.depth == depth and row.slug == slug and row.path.startswith(parent.path)
                ),
                None,
            )
            if found is None:
                break
            found._cached_parent_obj = parent  # as Wagtail's route does: no query for it later
            chain.append(found)
            parent = found
        if not chain:
            return super().route(request, path_components)
        # Hand over to the first level that decides something itself, or to the last found.
        index = next(
            index
            for index, page in enumerate(chain)
            if index == len(chain) - 1
            or not hands_over_to_children(
                page.specific_class, page.live, path_components[index + 1 :]
            )
        )
        page = chain[index]
        specific = page.specific  # Wagtail's own: one query for the specific page
        specific._cached_parent_obj = page._cached_parent_obj
        return specific.route(request, path_components[index + 1 :])
