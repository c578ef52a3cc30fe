"""The sitemap: every public page of the site, in both languages, through the gate."""

from django.conf import settings
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from search.gate import public_pages


class LuneSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        # Each language's home page roots its own tree; the site's root is the French one.
        in_site = Page.objects.none()
        for home in Page.objects.filter(translation_key=root.translation_key):
            in_site = in_site | Page.objects.descendant_of(home, inclusive=True)
        visible = Page.objects.none()
        for code, _name in settings.LANGUAGES:
            visible = visible | public_pages(in_site, language=code, fallback=False)
        return visible.order_by("path").defer_streamfields().specific()
