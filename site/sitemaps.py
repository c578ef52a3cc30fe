"""The sitemap: every public page of the site, in both languages, through the gate."""

from django.conf import settings
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from search.gate import closed_area_paths, public_pages

SITEMAP_COLUMNS = (
    "path",
    "depth",
    "url_path",
    "locale_id",
    "translation_key",
    "last_published_at",
    "latest_revision_created_at",
)


class LuneSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        # Each language's home page roots its own tree; the site's root is the French one.
        in_site = Page.objects.none()
        for home in Page.objects.filter(translation_key=root.translation_key):
            in_site = in_site | Page.objects.descendant_of(home, inclusive=True)
        visible = Page.objects.none()
        for code, _name in settings.LANGUAGES:
            visible = visible | public_pages(
                in_site, language=code, fallback=False, paths=closed_area_paths()
            )
        # Plain pages with the few columns an address and a date need: one query per sitemap
        # page, whatever the number of page types (no page type changes its sitemap entry;
        # the closed areas, whose types return none, are already left out by the gate).
        return visible.order_by("path").only(*SITEMAP_COLUMNS)
