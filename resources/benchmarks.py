"""The benchmark's resources: n resource sheets in bulk, and the library's cases (issue 9)."""

import datetime
import uuid

from django.utils.text import slugify

from bench.cases import first_page_url, register_case
from bench.content import BATCH_SIZE, bulk_pages, check_children, index_pages, register_builder
from bench.content import sentence as words

# Tags as staff write them; "gratuit" is the one the facet case filters on.
BENCH_TAGS = (
    "gratuit",
    "sans rendez-vous",
    "confidentiel",
    "femmes",
    "trans et queer",
    "nuit",
    "téléphone",
    "accompagnement",
    "sans pièce d'identité",
    "repas",
    "douche",
    "paire aidante",
    "anglais",
    "famille",
    "urgence",
)
# Weekly schedules: (weekday, opens, closes); a range ending earlier ends the next morning.
SCHEDULES = (
    [(day, "09:00", "17:00") for day in range(5)],
    [(day, "08:30", "12:00") for day in range(5)] + [(day, "13:00", "16:30") for day in range(5)],
    [(day, "22:00", "08:00") for day in range(7)],
    [(day, "00:00", "23:59") for day in range(7)],
    [(1, "13:00", "20:00"), (3, "13:00", "20:00"), (5, "10:00", "14:00")],
    [],  # by appointment only
)


def _time(text):
    return datetime.time.fromisoformat(text)


@register_builder("resources", items="fiches")
def build_resources(n, rng):
    """n resources under /ressources/ with category, tags, neighbourhood, hours and closures."""
    from taggit.models import Tag
    from wagtail.models import Locale

    from resources.models import (
        Category,
        Closure,
        Neighbourhood,
        OpeningHours,
        ResourceLibraryPage,
        ResourcePage,
        ResourceTag,
    )

    library = ResourceLibraryPage.objects.get(locale=Locale.get_default())
    categories = list(Category.objects.order_by("pk"))
    neighbourhoods = list(Neighbourhood.objects.order_by("pk"))
    # The demo's tags where they exist (taggit names and slugs are both unique).
    tags = [
        Tag.objects.filter(name=name).first()
        or Tag.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
        for name in BENCH_TAGS
    ]
    costs = [ResourcePage.COST_FREE] * 3 + [ResourcePage.COST_LOW, ResourcePage.COST_PAID]
    today = datetime.date.today()
    pages = []
    for number in range(1, n + 1):
        title = f"{words(rng, 3)[:-1]} {number}"
        pages.append(
            ResourcePage(
                title=title,
                slug=f"banc-ressource-{number}",
                summary=words(rng, 14),
                description=f"<p>{words(rng, 40)}</p><p>{words(rng, 25)}</p>",
                category=rng.choice(categories),
                neighbourhood=rng.choice(neighbourhoods) if rng.random() < 0.8 else None,
                organization=f"Organisme {rng.randrange(1, max(2, n // 5))}",
                phone=f"418 555-{number % 10000:04d}",
                cost=rng.choice(costs),
                languages="français; anglais" if number % 3 else "français",
                eligibility=words(rng, 8),
                women_only=rng.random() < 0.2,
                trans_queer_welcome=rng.random() < 0.6,
                no_id_needed=rng.random() < 0.4,
                last_verified=today - datetime.timedelta(days=rng.randrange(700)),
                external_id=f"banc-{number}",
                translation_key=uuid.UUID(int=rng.getrandbits(128), version=4),
            )
        )
    bulk_pages(library, pages)
    check_children(library)

    tagged, hours, closures = [], [], []
    for page in pages:
        for tag in rng.sample(tags, rng.randint(1, 3)):
            tagged.append(ResourceTag(tag=tag, content_object_id=page.pk))
        for order, (day, opens, closes) in enumerate(rng.choice(SCHEDULES)):
            hours.append(
                OpeningHours(
                    page_id=page.pk,
                    sort_order=order,
                    weekday=day,
                    opens=_time(opens),
                    closes=_time(closes),
                )
            )
        if rng.random() < 0.05:
            start = today + datetime.timedelta(days=rng.randrange(-10, 60))
            closures.append(
                Closure(
                    page_id=page.pk,
                    sort_order=0,
                    start_date=start,
                    end_date=start + datetime.timedelta(days=rng.randrange(3)),
                    note="Fermé pour le déménagement.",
                )
            )
    ResourceTag.objects.bulk_create(tagged, batch_size=BATCH_SIZE)
    OpeningHours.objects.bulk_create(hours, batch_size=BATCH_SIZE)
    Closure.objects.bulk_create(closures, batch_size=BATCH_SIZE)
    index_pages(pages)
    return n


FACETED = "/ressources/?q=logement&categorie=logement&etiquette=gratuit&ouvert=1"

register_case("library", "/ressources/", needs="resources", weigh=True)
register_case("library-query", "/ressources/?q=logement", kind="search", needs="resources")
register_case("library-facets", FACETED, kind="search", needs="resources")
register_case("library-facets-json", f"{FACETED}&format=json", kind="search", needs="resources")
register_case(
    "resource",
    lambda: first_page_url("resources", "ResourcePage", slug__startswith="banc-ressource-"),
    needs="resources",
    weigh=True,
)
# The worst case, kept on purpose: a word every resource holds (its organization's name).
register_case("library-query-common", "/ressources/?q=organisme", kind="search", needs="resources")
