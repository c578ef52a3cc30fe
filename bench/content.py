"""Synthetic content for the benchmark: a registry of builders, and bulk page creation.

Each app registers a builder under its own key (in `<app>/benchmarks.py`, which the harness
imports after Django starts):

    from bench.content import register_builder

    @register_builder("resources", items="fiches")
    def build_resources(n, rng):
        ...  # add n resources, fast, with bulk_pages() / bulk_create(); return the count

`build(n, rng)` runs once on a fresh database (migrated, `setup_site`, `load_demo`) for each
size; `rng` is a `random.Random` seeded per builder, so the content is the same on every run.
A builder returns how many items it made (or None: the harness then reports `n`).
"""

import datetime
import random
import time
import uuid
from dataclasses import dataclass, field

from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone

BUILDERS = {}
# Rows per INSERT: under SQLite's limit on bound variables for the widest page table.
BATCH_SIZE = 500


@dataclass
class Builder:
    key: str
    build: object
    items: str = "items"
    stand_in: bool = False
    # Filled in when the builder runs.
    results: dict = field(default_factory=dict)


def register_builder(key, build=None, *, items="items", stand_in=False):
    """Register `build(n, rng)` under `key` (an app label, or `app.thing`); usable as decorator.

    `stand_in=True` marks content that only stands in for the real builders: it runs while
    no other builder is registered (so the early benchmark still sees a big page tree).
    Registering a key again replaces the earlier builder.
    """

    def register(function):
        BUILDERS[key] = Builder(key, function, items=items, stand_in=stand_in)
        return function

    return register(build) if build is not None else register


def builders_to_run():
    """The registered builders in registration order; stand-ins only while nothing else is."""
    real = [b for b in BUILDERS.values() if not b.stand_in]
    return real or list(BUILDERS.values())


def builder_rng(seed, key):
    """One generator per builder, so adding a builder never changes another's content."""
    return random.Random(f"{seed}:{key}")  # noqa: S311 - benchmark content, not secrets


def run_builders(size, seed=0, stdout=None):
    """Run every builder for `size`; returns one record per builder (key, items, seconds)."""
    records = []
    for builder in builders_to_run():
        started = time.perf_counter()
        with transaction.atomic():
            made = builder.build(size, builder_rng(seed, builder.key))
        seconds = time.perf_counter() - started
        record = {
            "key": builder.key,
            "items": size if made is None else made,
            "unit": builder.items,
            "stand_in": builder.stand_in,
            "seconds": round(seconds, 2),
        }
        records.append(record)
        if stdout is not None:
            stdout.write(
                f"  content {builder.key}: {record['items']} {builder.items} in {seconds:.1f} s\n"
            )
    return records


def registered_keys():
    return [builder.key for builder in builders_to_run()]


# --- Bulk page creation --------------------------------------------------------------------


def _concrete_chain(model):
    """The concrete models from Page down to `model` (multi-table inheritance levels)."""
    from wagtail.models import Page

    chain = [model]
    while chain[-1] is not Page:
        parents = [p for p in chain[-1]._meta.parents if not p._meta.abstract]
        if not parents:
            raise ValueError(f"{model.__name__} does not inherit from wagtail's Page")
        chain.append(parents[0])
    return list(reversed(chain))


def bulk_pages(parent, pages, *, published_at=None):
    """Insert unsaved pages as live children of `parent` in a few queries, no signals.

    `pages` are instances of one or more Page subclasses with title, slug and their own fields
    set. Tree paths, depth, url_path, locale, translation key and publication dates are filled
    in here; the parent's child count is updated. No revisions are written (the pages are
    live without them, as imported pages are), and nothing is indexed: call `index_pages`.
    Returns the pages, with their primary keys.
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    if not pages:
        return []
    parent = Page.objects.get(pk=parent.pk)  # fresh numchild and path
    last = parent.get_last_child()
    first_step = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
    depth = parent.depth + 1
    now = published_at or timezone.now()

    for offset, page in enumerate(pages):
        page.path = Page._get_path(parent.path, depth, first_step + offset)
        page.depth = depth
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.locale_id = parent.locale_id
        page.content_type = ContentType.objects.get_for_model(type(page))
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        page.translation_key = page.translation_key or uuid.uuid4()
        page.first_published_at = page.first_published_at or now
        page.last_published_at = page.last_published_at or page.first_published_at
        page.latest_revision_created_at = page.last_published_at

    # The base rows first: bulk_create returns their keys on PostgreSQL and SQLite 3.35+.
    page_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    bases = [Page(**{f.attname: getattr(page, f.attname) for f in page_fields}) for page in pages]
    Page.objects.bulk_create(bases, batch_size=BATCH_SIZE)
    for page, base in zip(pages, bases, strict=True):
        page.pk = page.id = base.pk

    # Then each multi-table level's own columns, by type (Django's bulk_create refuses them).
    by_model = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page)
    for model, group in by_model.items():
        for level in _concrete_chain(model)[1:]:
            link = level._meta.pk
            for page in group:
                setattr(page, link.attname, page.pk)
            fields = list(level._meta.local_concrete_fields)
            for start in range(0, len(group), BATCH_SIZE):
                level._base_manager._insert(
                    group[start : start + BATCH_SIZE], fields=fields, using=connection.alias
                )

    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    return pages


def check_children(parent):
    """Tree sanity after a bulk insert, in set-based queries (treebeard's check is per node).

    Raises AssertionError with the problem; returns the number of children.
    """
    from django.db.models.functions import Length
    from wagtail.models import Page

    parent = Page.objects.get(pk=parent.pk)
    children = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
    count = children.count()
    if count != parent.numchild:
        raise AssertionError(f"{parent.url_path}: numchild {parent.numchild}, {count} children")
    bad_length = children.annotate(n=Length("path")).exclude(n=(parent.depth + 1) * Page.steplen)
    if bad_length.exists():
        raise AssertionError(f"{parent.url_path}: children with a path of the wrong length")
    slugs = children.values("slug").annotate(c=models.Count("pk")).filter(c__gt=1)
    if slugs.exists():
        raise AssertionError(f"{parent.url_path}: duplicate slugs {list(slugs[:3])}")
    return count


def index_pages(pages, chunk_size=1000):
    """Add pages to the search index with the backend's bulk API, one chunk per model."""
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    by_model = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page.pk)
    for model, pks in by_model.items():
        for start in range(0, len(pks), chunk_size):
            chunk = list(model.get_indexed_objects().filter(pk__in=pks[start : start + chunk_size]))
            if chunk:
                backend.add_bulk(model, chunk)


# --- Words for synthetic text ---------------------------------------------------------------
#
# Text follows Zipf's law: a word's frequency is inversely proportional to its rank. The
# site's own words (VOCABULARY) sit among a long tail of made-up words, so that a topical
# word such as "logement" appears in a few percent of the pages, as in real text, and French
# function words (which the French configuration does not index) pad the sentences. Drawing
# 60 words uniformly, as this harness first did, put every word in three quarters of the
# pages: every search then matched nearly everything, a case the benchmark keeps on purpose
# with a word every resource holds (`library-query-common`, `search-common`).

VOCABULARY = (
    "logement appartement hébergement emploi travail santé clinique dépistage juridique droits "
    "avocate aide alimentaire dépannage vêtements douche repos écoute accompagnement paire "
    "aidante intervenante quartier Saint-Roch Limoilou Saint-Sauveur basse-ville transport "
    "autobus formation atelier impôts revenu chèque médecin infirmière pharmacie dentiste "
    "thérapie dépendance consommation seringues naloxone refuge nuit soir matin gratuit "
    "confidentiel accueil sans jugement rendez-vous téléphone courriel café jasette"
)
WORDS = VOCABULARY.split()
FUNCTION_WORDS = [
    "le",
    "la",
    "les",
    "de",
    "des",
    "du",
    "un",
    "une",
    "et",
    "pour",
    "avec",
    "dans",
    "sur",
    "au",
    "aux",
    "en",
    "par",
    "qui",
    "que",
    "vous",
    "nous",
    "est",
    "sont",
    "pas",
    "plus",
    "ou",
    "ce",
    "cette",
    "votre",
    "vos",
    "leur",
]
FUNCTION_SHARE = 0.45
_SYLLABLES = ("ba", "lo", "ri", "ta", "mu", "ne", "so", "vi", "ca", "de", "fi", "gou")
_TAIL = [a + b + c for a in _SYLLABLES for b in _SYLLABLES for c in _SYLLABLES]


def _lexicon():
    """Site words at ranks 40, 50, 60… among the made-up words; cumulative Zipf weights."""
    tail = iter(_TAIL)
    ranked = []
    site_words = iter(WORDS)
    for rank in range(1, len(WORDS) + len(_TAIL) + 1):
        word = None
        if rank >= 40 and (rank - 40) % 10 == 0:
            word = next(site_words, None)
        ranked.append(word or next(tail))
    total, cumulative = 0.0, []
    for rank in range(1, len(ranked) + 1):
        total += 1.0 / rank
        cumulative.append(total)
    return ranked, cumulative


LEXICON, CUMULATIVE_WEIGHTS = _lexicon()


def sentence(rng, words=12):
    picked = [
        rng.choice(FUNCTION_WORDS)
        if rng.random() < FUNCTION_SHARE
        else rng.choices(LEXICON, cum_weights=CUMULATIVE_WEIGHTS)[0]
        for _ in range(words)
    ]
    text = " ".join(picked)
    return text[0].upper() + text[1:] + "."


def published_dates(rng, count, years=4):
    """`count` publication datetimes spread over the last `years` years, newest first."""
    now = timezone.now()
    span = years * 365 * 24 * 3600
    seconds = sorted((rng.randrange(span) for _ in range(count)), reverse=False)
    return [now - datetime.timedelta(seconds=s) for s in seconds]


# --- The site app's builder: standard pages, standing in until the real builders exist ------

STAND_IN_SLUG = "banc-essai"


def build_standard_pages(n, rng):
    """n standard pages with a summary and a two-paragraph body, under /banc-essai/."""
    from wagtail.models import Page, Site

    from lune_site.models import StandardPage
    from lune_site.setup import child

    home = Site.objects.get(is_default_site=True).root_page
    hub = child(home, StandardPage, STAND_IN_SLUG, "Banc d'essai")
    dates = published_dates(rng, n)
    pages = [
        StandardPage(
            title=f"{sentence(rng, 4)[:-1]} {number}",
            slug=f"page-{number}",
            summary=sentence(rng, 14),
            body=[
                {"type": "heading", "value": {"text": sentence(rng, 5), "level": "h2"}},
                {"type": "paragraph", "value": f"<p>{sentence(rng, 40)}</p>"},
                {"type": "paragraph", "value": f"<p>{sentence(rng, 40)}</p>"},
            ],
            first_published_at=dates[number - 1],
            translation_key=uuid.UUID(int=rng.getrandbits(128), version=4),
        )
        for number in range(1, n + 1)
    ]
    bulk_pages(hub, pages)
    check_children(hub)
    index_pages(pages)
    # The hub's own child count was raised in the database; keep the instance honest too.
    assert Page.objects.get(pk=hub.pk).numchild == n
    return n


register_builder("pages", build_standard_pages, items="pages standard", stand_in=True)
