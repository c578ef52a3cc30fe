"""Template tags for the base layout: menu, language switcher, quick exit."""

from django import template
from django.conf import settings
from django.utils import translation
from wagtail.models import Page

from search.gate import public_pages

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The menu from the navigation settings, each page in the visitor's language."""
    request = context.get("request")
    navigation = context["settings"]["lune_site"]["NavigationSettings"]
    items = list(navigation.menu_items.select_related("page"))
    if not items:
        return []
    keys = [item.page.translation_key for item in items]
    pages = {
        page.translation_key: page
        for page in public_pages(Page.objects.filter(translation_key__in=keys))
    }
    current_path = request.path if request else ""
    menu = []
    for item in items:
        page = pages.get(item.page.translation_key)
        url = page.get_url(request) if page else None
        if not url:
            continue
        same_language = page.locale_id == item.page.locale_id
        label = item.label if item.label and same_language else page.title
        menu.append({"label": label, "url": url, "current": current_path.startswith(url)})
    return menu


@register.simple_tag(takes_context=True)
def language_links(context):
    """A link per language: to the page's translation, or to that language's home page."""
    request = context.get("request")
    page = context.get("page")
    current = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    translations = {}
    if isinstance(page, Page) and page.pk:
        translations = {
            other.locale.language_code: other
            for other in Page.objects.filter(translation_key=page.translation_key)
            .live()
            .public()
            .select_related("locale")
        }
    links = []
    for code, name in settings.LANGUAGES:
        target = translations.get(code)
        url = target.get_url(request) if target else None
        if not url:
            url = "/" if code == settings.LANGUAGE_CODE else f"/{code}/"
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return links


@register.simple_tag
def quick_exit_url():
    return settings.QUICK_EXIT_URL


SAFE_BROWSING_URLS = {"fr": "/naviguer-en-securite/", "en": "/en/safe-browsing/"}


@register.simple_tag
def safe_browsing_url():
    """The page on browsing safely, linked beside the quick exit (its address is fixed)."""
    return SAFE_BROWSING_URLS.get(
        (translation.get_language() or "fr")[:2], SAFE_BROWSING_URLS["fr"]
    )
