import datetime

import factory
import wagtail_factories

from resources.models import Category, Closure, Neighbourhood, OpeningHours, ResourcePage


class CategoryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Catégorie {n}")
    slug = factory.Sequence(lambda n: f"categorie-{n}")

    class Meta:
        model = Category
        django_get_or_create = ("slug",)


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Quartier {n}")
    slug = factory.Sequence(lambda n: f"quartier-{n}")

    class Meta:
        model = Neighbourhood
        django_get_or_create = ("slug",)


class ResourcePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Ressource {n}")
    summary = "Une ressource de Québec."
    category = factory.LazyFunction(lambda: Category.objects.get(slug="emploi"))
    phone = "418 555-0100"

    class Meta:
        model = ResourcePage


def time(text):
    return datetime.time.fromisoformat(text)


def make_resource(parent, title, *, category="emploi", tags=(), hours=(), closures=(), **fields):
    """A published resource under `parent`, with tags, hours [(day, "09:00", "17:00")] and
    closures [(start, end, note)], saved the way the admin saves it (a revision, published)."""
    if isinstance(category, str):
        category = Category.objects.get(slug=category)
    neighbourhood = fields.pop("neighbourhood", None)
    if isinstance(neighbourhood, str):
        neighbourhood = Neighbourhood.objects.get(slug=neighbourhood)
    page = ResourcePage(
        title=title,
        summary=fields.pop("summary", f"{title}, à Québec."),
        category=category,
        neighbourhood=neighbourhood,
        **fields,
    )
    page.tags.add(*tags)
    page.hours = [
        OpeningHours(weekday=day, opens=time(opens), closes=time(closes))
        for day, opens, closes in hours
    ]
    page.closures = [
        Closure(start_date=start, end_date=end or start, note=note) for start, end, note in closures
    ]
    parent.add_child(instance=page)
    page.save_revision().publish()
    return ResourcePage.objects.get(pk=page.pk)
