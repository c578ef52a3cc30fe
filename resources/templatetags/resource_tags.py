import json

from django import template
from django.utils.safestring import mark_safe

from resources.models import quebec_now
from resources.structured_data import resource_json_ld as build_json_ld

register = template.Library()


@register.simple_tag
def now_in_quebec():
    return quebec_now()


@register.filter
def open_at(resource, moment):
    return resource.open_now(moment)


@register.filter
def resource_json_ld(resource):
    """schema.org data for a resource, safe inside a <script type="application/ld+json">."""
    text = json.dumps(build_json_ld(resource), ensure_ascii=False)
    # A "</script>" in the data must not close the element.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 (escaped above for the script context)
