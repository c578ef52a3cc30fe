import wagtail_factories

from lune_site.models import ShelterPage, StandardPage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = "Une page"
    summary = "Résumé"

    class Meta:
        model = StandardPage


class ShelterPageFactory(wagtail_factories.PageFactory):
    title = "Hébergement"
    slug = "hebergement"

    class Meta:
        model = ShelterPage
