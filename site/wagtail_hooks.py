"""Admin wiring: the closed areas are hidden from users outside their group."""

from wagtail import hooks

from lune_site.models import CLOSED_AREA_ROOTS


def hidden_closed_area_paths(user):
    """Paths of the closed areas that `user` may not see in the admin."""
    if user.is_superuser:
        return []
    groups = set(user.groups.values_list("name", flat=True))
    paths = []
    for model in CLOSED_AREA_ROOTS:
        if model.closed_area_group_name() not in groups:
            paths.extend(model.objects.values_list("path", flat=True))
    return paths


def hide_closed_areas(pages, request):
    for path in hidden_closed_area_paths(request.user):
        pages = pages.exclude(path__startswith=path)
    return pages


@hooks.register("construct_page_chooser_queryset")
def hide_closed_areas_in_chooser(pages, request):
    return hide_closed_areas(pages, request)


@hooks.register("construct_explorer_page_queryset")
def hide_closed_areas_in_explorer(parent_page, pages, request):
    return hide_closed_areas(pages, request)
