"""System checks: a closed area without its view restriction is reported."""

from django.core.checks import Error, Tags, register
from django.db import DatabaseError


@register(Tags.security, deploy=False)
def closed_areas_are_restricted(app_configs, **kwargs):
    from wagtail.models import PageViewRestriction

    from lune_site.models import CLOSED_AREA_ROOTS

    errors = []
    try:
        for model in CLOSED_AREA_ROOTS:
            group_name = model.closed_area_group_name()
            for page in model.objects.all():
                restricted = PageViewRestriction.objects.filter(
                    page__in=page.get_ancestors(inclusive=True),
                    restriction_type=PageViewRestriction.GROUPS,
                    groups__name=group_name,
                ).exists()
                if not restricted:
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
