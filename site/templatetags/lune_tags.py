"""Template tags for the base layout: menu, language switcher, quick exit."""

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.safestring import mark_safe
from wagtail.models import Page, Site

from lune_site.fragment_cache import fragment_key, lifetime, remember
from search.gate import closed_area_paths, public_pages

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The menu from the navigation settings, each page in the visitor's language.

    The labels and addresses are kept between requests (emptied on every publication and
    settings save); only the current item is worked out per request.
    """
    request = context.get("request")
    key = fragment_key("menu", request)
    items = remember(key, lambda: menu_items(request))
    current_path = request.path if request else ""
    return [{**item, "current": current_path.startswith(item["url"])} for item in items]


def menu_items(request):
    """[{label, url}] of the menu's public pages, in two queries after the gate's own."""
    from lune_site.models import MenuItem

    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return []
    items = list(
        MenuItem.objects.filter(settings__site=site)
        .select_related("page")
        .only("label", "sort_order", "page__translation_key", "page__locale_id")
        .order_by("sort_order")
    )
    if not items:
        return []
    keys = [item.page.translation_key for item in items]
    pages = {
        page.translation_key: page
        for page in public_pages(
            Page.objects.filter(translation_key__in=keys), paths=closed_area_paths()
        ).only("translation_key", "locale_id", "title", "url_path", "path", "depth")
    }
    menu = []
    for item in items:
        page = pages.get(item.page.translation_key)
        url = page.get_url(request) if page else None
        if not url:
            continue
        same_language = page.locale_id == item.page.locale_id
        label = item.label if item.label and same_language else page.title
        menu.append({"label": str(label), "url": url})
    return menu


@register.simple_tag(takes_context=True)
def language_links(context):
    """A link per language: to the page's translation, or to that language's home page."""
    request = context.get("request")
    page = context.get("page")
    current = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    page_id = page.pk if isinstance(page, Page) and page.pk else None
    key = fragment_key("languages", request, page_id)
    urls = remember(key, lambda: translation_urls(request, page if page_id else None))
    return [
        {"code": code, "name": name, "url": urls[code], "current": code == current}
        for code, name in settings.LANGUAGES
    ]


def translation_urls(request, page):
    """{language: the page's live, public translation, or that language's home page}."""
    translations = {}
    if page is not None:
        translations = {
            other.locale.language_code: other
            for other in Page.objects.filter(translation_key=page.translation_key)
            .live()
            .public()
            .select_related("locale")
            .only("locale__language_code", "url_path", "path", "depth", "translation_key")
        }
    urls = {}
    for code, _name in settings.LANGUAGES:
        target = translations.get(code)
        url = target.get_url(request) if target else None
        urls[code] = url or ("/" if code == settings.LANGUAGE_CODE else f"/{code}/")
    return urls


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


@register.simple_tag
def fragment_seconds():
    """Lifetime of the layout's `{% cache %}` fragments (0 when the fragment cache is off)."""
    return lifetime()


FALLBACK_MARK = mark_safe('<span class="quiet" lang="fr">(en français)</span>')  # noqa: S308


@register.simple_tag
def fallback_mark():
    """The mark beside a French page listed on an English page: in French, like the page."""
    return FALLBACK_MARK


@register.simple_tag(takes_context=True)
def other_language(context, page):
    """The language code of a listed `page` when it is not the visitor's language, else "".

    The gate gives the French original where a page has no translation; listings mark it:
    `{% other_language item as item_language %}`, then `lang="{{ item_language }}"` on its
    title and `{% fallback_mark %}` beside it. At most one query per request.
    """
    current = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    locale_id = getattr(page, "locale_id", None)
    # In French the gate lists French pages only: nothing to mark, nothing to look up.
    if locale_id is None or current == settings.LANGUAGE_CODE[:2]:
        return ""
    if Page.locale.is_cached(page):
        code = page.locale.language_code
    else:
        code = locale_languages(context.get("request")).get(locale_id, "")
    code = code[:2]
    return code if code and code != current else ""


def locale_languages(request):
    """{locale id: language code}, read once per request (kept on the request)."""
    from wagtail.models import Locale

    languages = getattr(request, "_lune_locale_languages", None)
    if languages is None:
        languages = dict(Locale.objects.values_list("pk", "language_code"))
        if request is not None:
            request._lune_locale_languages = languages
    return languages
