import datetime

import factory
import wagtail_factories

from journal.models import (
    ArticlePage,
    BadClientListPage,
    BadClientReport,
    ContributionFormPage,
    DistributionPoint,
    JournalIndexPage,
    JournalIssuePage,
    NewsIndexPage,
    NewsPage,
    Theme,
)


class ThemeFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Thème {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")

    class Meta:
        model = Theme


class DistributionPointFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Point {n}")
    neighbourhood = "Saint-Roch"
    address = factory.Sequence(lambda n: f"{n} rue de la Couronne")
    active = True

    class Meta:
        model = DistributionPoint


class JournalIndexPageFactory(wagtail_factories.PageFactory):
    title = "Les voix de la ruELLES"
    slug = "journal"

    class Meta:
        model = JournalIndexPage


class JournalIssuePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Numéro {n}")
    number = factory.Sequence(lambda n: n + 1)
    publication_date = factory.Sequence(
        lambda n: datetime.date(2020, 1, 15) + datetime.timedelta(days=120 * n)
    )
    season = "printemps"

    class Meta:
        model = JournalIssuePage


class ArticlePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Article {n}")
    section = "temoignages"
    summary = "Un résumé."

    class Meta:
        model = ArticlePage


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "Actualités"
    slug = "actualites"

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Nouvelle {n}")
    date = factory.Sequence(lambda n: datetime.date(2024, 1, 1) + datetime.timedelta(days=n))
    summary = "Ce qui se passe."

    class Meta:
        model = NewsPage


class ContributionFormPageFactory(wagtail_factories.PageFactory):
    title = "Contribuer au journal"
    slug = "contribuer"

    class Meta:
        model = ContributionFormPage


class BadClientListPageFactory(wagtail_factories.PageFactory):
    title = "Mauvais clients"
    slug = "mauvais-clients"

    class Meta:
        model = BadClientListPage


class BadClientReportFactory(factory.django.DjangoModelFactory):
    incident_date = factory.LazyFunction(datetime.date.today)
    area = "Saint-Roch"
    description = "Refuse le condom, devient agressif."
    vehicle = "Camionnette grise"
    contact_method = "rue"
    status = BadClientReport.STATUS_APPROVED

    class Meta:
        model = BadClientReport
