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


# --- Staff area (issue 7) ---------------------------------------------------------------------

import datetime  # noqa: E402

import factory  # noqa: E402

from lune_site.models import (  # noqa: E402
    HygieneKitBatch,
    NightLogIncident,
    NightLogPage,
    OutreachKitDistribution,
    StaffStandardPage,
)


class NightLogPageFactory(wagtail_factories.PageFactory):
    night = factory.Sequence(lambda n: datetime.date(2024, 1, 1) + datetime.timedelta(days=n))
    beds_occupied = 3
    arrivals = 4
    hygiene_kits_given = 1
    snacks_given = 5

    class Meta:
        model = NightLogPage


class NightLogIncidentFactory(factory.django.DjangoModelFactory):
    time = datetime.time(2, 30)
    kind = "conflit"
    description = "Tension au salon, réglée par une discussion."

    class Meta:
        model = NightLogIncident


class StaffStandardPageFactory(wagtail_factories.PageFactory):
    title = "Procédure"

    class Meta:
        model = StaffStandardPage


class HygieneKitBatchFactory(factory.django.DjangoModelFactory):
    assembled_on = datetime.date(2024, 1, 5)
    number = 20
    content = "Savon, brosse à dents"

    class Meta:
        model = HygieneKitBatch


class OutreachKitDistributionFactory(factory.django.DjangoModelFactory):
    given_on = datetime.date(2024, 1, 6)
    number = 5
    place = "Basse-ville"

    class Meta:
        model = OutreachKitDistribution
