"""System checks: a closed area without its view restriction is reported."""

from django.core.checks import Error, Tags, register
from django.db import DatabaseError


def restriction_groups(page):
    """The groups of each "some groups" view restriction on `page` or above it, as name sets."""
    from wagtail.models import PageViewRestriction

    restrictions = PageViewRestriction.objects.filter(
        page__in=page.get_ancestors(inclusive=True),
        restriction_type=PageViewRestriction.GROUPS,
    ).prefetch_related("groups")
    return [{group.name for group in restriction.groups.all()} for restriction in restrictions]


@register(Tags.security, deploy=False)
def closed_areas_are_restricted(app_configs, **kwargs):
    from lune_site.models import CLOSED_AREA_ROOTS

    errors = []
    try:
        for model in CLOSED_AREA_ROOTS:
            group_name = model.closed_area_group_name()
            for page in model.objects.all():
                group_sets = restriction_groups(page)
                if {group_name} in group_sets:
                    continue
                wider = [names for names in group_sets if group_name in names]
                if wider:
                    others = sorted(set().union(*wider) - {group_name})
                    errors.append(
                        Error(
                            f"{page.url_path} is restricted to the group {group_name!r} "
                            f"but also lets in {', '.join(map(repr, others))}.",
                            hint="In the admin, set the page's privacy to this group only.",
                            obj=page,
                            id="lune_site.E002",
                        )
                    )
                else:
                    errors.append(
                        Error(
                            f"{page.url_path} has no view restriction to the group {group_name!r}.",
                            hint="Run `manage.py setup_site` to restore it.",
                            obj=page,
                            id="lune_site.E001",
                        )
                    )
    except DatabaseError:
        # No tables yet (before migrate): nothing to check.
        return []
    return errors
