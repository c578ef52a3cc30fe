"""The library's search: text, disjunctive facets with counts, filters, pagination.

The query string is the contract: q, categorie, etiquette, quartier (slugs, repeatable),
ouvert=1, gratuit=1, page. Unknown slugs and empty values are ignored, never an error.
"""

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple
from urllib.parse import urlencode

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, Exists, OuterRef, prefetch_related_objects
from django.utils import timezone
from taggit.models import Tag

from lune_site.fragment_cache import fragment_key, remember, remember_in_process
from resources.models import Category, Neighbourhood, OpeningHours, ResourcePage, ResourceTag
from search.backends import restrict_to_matches
from search.gate import clean_query, public_pages, search_pages

PER_PAGE = 20
MAX_VALUES = 20  # per repeatable parameter: more is not a visitor, and costs queries
FACETS = ("categorie", "etiquette", "quartier")


# Long texts a list of results never shows: left out of its rows, which the database then
# sorts by title narrower (26 to 10 ms for the first page of 10,000 resources).
LISTING_DEFERRED = ("description", "eligibility", "documents_to_bring", "accessibility")


def _slugs(querydict, name):
    values = []
    for value in querydict.getlist(name)[:MAX_VALUES]:
        value = value.strip()[:100]
        if value and value not in values:
            values.append(value)
    return values


def all_categories():
    """Every category, kept between requests (a snippet: any save empties the kept copy)."""
    return remember(fragment_key("library-categories"), lambda: list(Category.objects.all()))


def all_neighbourhoods():
    """Every neighbourhood, kept like the categories."""
    return remember(
        fragment_key("library-neighbourhoods"), lambda: list(Neighbourhood.objects.all())
    )


@dataclass
class FacetOption:
    slug: str
    name: str
    count: int
    selected: bool
    toggle_url: str


@dataclass
class LibraryResults:
    search: "LibrarySearch"
    page: object  # a Django paginator page
    count: int
    facets: dict = field(default_factory=dict)  # facet name -> [FacetOption]
    open_ids: set = field(default_factory=set)

    @property
    def resources(self):
        return list(self.page.object_list)

    @property
    def previous_url(self):
        if self.page.has_previous():
            return self.search.page_url(self.page.previous_page_number())
        return ""

    @property
    def next_url(self):
        if self.page.has_next():
            return self.search.page_url(self.page.next_page_number())
        return ""

    def items(self):
        return [(resource, resource.pk in self.open_ids) for resource in self.page.object_list]

    def as_json(self, request):
        return {
            "count": self.count,
            "results": [
                {
                    "title": resource.title,
                    "url": request.build_absolute_uri(resource.url),
                    "slug": resource.slug,
                    "external_id": resource.external_id,
                    "category": resource.category.slug if resource.category else None,
                    "tags": sorted(tag.slug for tag in resource.tags.all()),
                    "summary": resource.summary,
                    "open_now": open_now,
                    "phone": resource.phone,
                }
                for resource, open_now in self.items()
            ],
            "facets": {
                name: {option.slug: option.count for option in options}
                for name, options in self.facets.items()
            },
        }


class ResourceFacts(NamedTuple):
    """What the library's filters and facets read of one resource."""

    category_id: int | None
    neighbourhood_id: int | None
    cost: str
    tag_ids: tuple


def open_resource_ids(at):
    """The ids of the resources open at `at` (a whole minute), by the SQL twin of
    open_now(): one query, kept in each process for that minute and until content changes."""

    def compute():
        return set(OpeningHours.open_page_ids(at).order_by().values_list("page_id", flat=True))

    return remember_in_process(fragment_key("library-open-now"), compute, version=at)


def visible_resources():
    """{id: ResourceFacts} of every resource the gate lets a visitor see (active language),
    kept in each process until the next change of content (`remember_in_process`): the
    text's matches are kept to these ids and counted from them. Two queries to build."""

    def compute():
        resources = public_pages(ResourcePage.objects.all())
        tags = {}
        tagged = ResourceTag.objects.filter(content_object_id__in=resources.values("pk"))
        for pk, tag_id in tagged.order_by().values_list("content_object_id", "tag_id"):
            tags.setdefault(pk, []).append(tag_id)
        rows = resources.order_by().values_list("pk", "category_id", "neighbourhood_id", "cost")
        return {
            pk: ResourceFacts(category, neighbourhood, cost, tuple(tags.get(pk, ())))
            for pk, category, neighbourhood, cost in rows
        }

    return remember_in_process(fragment_key("library-visible-resources"), compute)


class RankedMatches:
    """The text's ranked matches that pass every filter, as the paginator reads them: the
    order from the ranking, the filters from the counts made over it (no query of their
    own), the page's resources read by id through the gate again."""

    def __init__(self, search):
        self.search = search

    @cached_property
    def ids(self):
        self.search.grouped_counts()
        return self.search.passing

    def count(self):
        return len(self.ids)

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, key):
        ids = self.ids[key]
        by_id = (
            self.search.visible.filter(pk__in=ids)
            .defer(*LISTING_DEFERRED)
            .select_related("category", "neighbourhood")
            .in_bulk()
        )
        return [by_id[pk] for pk in ids if pk in by_id]


class LibrarySearch:
    """One visitor's search in the library, read from the query string."""

    class PageOutOfRange(Exception):
        pass

    def __init__(self, q="", categorie=(), etiquette=(), quartier=(), ouvert=False, gratuit=False):
        self.q = clean_query(q)
        self.open_only = ouvert
        self.free_only = gratuit
        self.categories = [c for c in all_categories() if c.slug in categorie] if categorie else []
        self.tags = list(Tag.objects.filter(slug__in=etiquette)) if etiquette else []
        self.neighbourhoods = (
            [n for n in all_neighbourhoods() if n.slug in quartier] if quartier else []
        )
        # The whole minute: "open now" may be a minute late (never more), so that every
        # search of that minute shares one reading of the hours (`open_resource_ids`).
        self.now = timezone.now().replace(second=0, microsecond=0)

    @classmethod
    def from_query(cls, querydict):
        return cls(
            q=querydict.get("q", ""),
            categorie=_slugs(querydict, "categorie"),
            etiquette=_slugs(querydict, "etiquette"),
            quartier=_slugs(querydict, "quartier"),
            ouvert=querydict.get("ouvert") == "1",
            gratuit=querydict.get("gratuit") == "1",
        )

    # --- The query string -------------------------------------------------------------

    def selected(self, facet):
        objects = {
            "categorie": self.categories,
            "etiquette": self.tags,
            "quartier": self.neighbourhoods,
        }[facet]
        return [obj.slug for obj in objects]

    def params(self, **changes):
        """The query string items of this search, with `changes` ({name: list or bool})."""
        state = {
            "q": [self.q] if self.q else [],
            **{facet: self.selected(facet) for facet in FACETS},
            "ouvert": ["1"] if self.open_only else [],
            "gratuit": ["1"] if self.free_only else [],
        }
        state.update(changes)
        return [(name, value) for name, values in state.items() for value in values]

    def url(self, **changes):
        query = urlencode(self.params(**changes))
        return f"?{query}" if query else "?"

    def toggle_url(self, facet, slug):
        chosen = self.selected(facet)
        chosen = [s for s in chosen if s != slug] if slug in chosen else [*chosen, slug]
        return self.url(**{facet: chosen})

    def page_url(self, number):
        return "?" + urlencode([*self.params(), ("page", number)])

    @property
    def is_filtered(self):
        return bool(
            self.q
            or self.categories
            or self.tags
            or self.neighbourhoods
            or self.open_only
            or self.free_only
        )

    def active_filters(self):
        """What narrows the search, each with the link that drops it alone."""
        active = []
        if self.q:
            active.append(("q", self.q, self.url(q=[])))
        for facet, objects in (
            ("categorie", self.categories),
            ("etiquette", self.tags),
            ("quartier", self.neighbourhoods),
        ):
            for obj in objects:
                active.append((facet, obj.name, self.toggle_url(facet, obj.slug)))
        if self.open_only:
            active.append(("ouvert", "ouvert maintenant", self.url(ouvert=[])))
        if self.free_only:
            active.append(("gratuit", "gratuit", self.url(gratuit=[])))
        return active

    # --- Querysets --------------------------------------------------------------------

    @cached_property
    def visible(self):
        """The resources a visitor may see: through the gate once per search, not per facet."""
        return public_pages(ResourcePage.objects.all())

    @cached_property
    def text_ranking(self):
        """The ids of the visible resources matching `q`, best first, where the backend ranks
        every match in one query (PostgreSQL); else None.

        The text is matched and ranked once per search, in the search index alone, and kept
        to the gate's resources (`visible_resources`): the counts, the facets and the page
        shown read these ids and need no other query of the matches (a common word is a
        third of the resources)."""
        if not self.q:
            return None
        results = search_pages(self.q, self.visible)
        ranked_within = getattr(results, "ranked_within", None)
        return ranked_within(self.resource_facts) if ranked_within is not None else None

    @cached_property
    def resource_facts(self):
        """`visible_resources()`, read once per search: the ranking and the counts read the
        same list, even if a publication empties the kept one in between."""
        return visible_resources()

    @cached_property
    def text_matches(self):
        """The ids of the visible resources matching `q`, as a subquery, where the backend
        gives them so (SQLite); else None (PostgreSQL reads `text_ranking`; Elasticsearch
        counts through the backend)."""
        if not self.q or self.text_ranking is not None:
            return None
        results = search_pages(self.q, self.visible, order_by_relevance=False)
        matching = getattr(results, "matching_pks", None)
        return matching() if matching is not None else None

    def filtered(self, without=(), *, text=True):
        """Visible resources matching every filter except the facets named in `without` (ORM),
        and the text (`text=True`) when the backend gives its matches as a subquery."""
        without = {without} if isinstance(without, str) else set(without or ())
        resources = self.visible
        if text and self.text_matches is not None:
            resources = restrict_to_matches(resources, self.text_matches)
        if self.categories and "categorie" not in without:
            resources = resources.filter(category__in=[c.pk for c in self.categories])
        if self.neighbourhoods and "quartier" not in without:
            resources = resources.filter(neighbourhood__in=[n.pk for n in self.neighbourhoods])
        if self.tags and "etiquette" not in without:
            resources = resources.filter(id__in=self.tagged_ids())
        if self.free_only:
            resources = resources.filter(cost=ResourcePage.COST_FREE)
        if self.open_only:
            resources = resources.open_at(self.now)
        return resources

    def tagged_ids(self):
        """Resources holding one of the chosen tags (a subquery)."""
        return ResourceTag.objects.filter(tag__in=[t.pk for t in self.tags]).values(
            "content_object_id"
        )

    @property
    def counts_through_backend(self):
        """True when the text is matched by the backend only (Elasticsearch): counts and
        facets then come from the backend's own answers."""
        return bool(self.q) and self.text_ranking is None and self.text_matches is None

    def matches(self):
        """Search results (with q) or a gated queryset (without), ordered for display."""
        if self.q and self.text_ranking is not None:
            return RankedMatches(self)
        if self.q:
            # The backend matches and ranks the text itself: no subquery of its matches here.
            resources = self.filtered(text=False).select_related("category", "neighbourhood")
            results = search_pages(self.q, resources)
            if results is not None:
                return results
        resources = self.filtered().defer(*LISTING_DEFERRED)
        return resources.select_related("category", "neighbourhood").order_by("title")

    def grouped_counts(self):
        """(total, {facet: {pk: count}}): from the ranked matches where there are some
        (PostgreSQL), else from grouped queries."""
        if not hasattr(self, "_grouped"):
            ranked = self.text_ranking
            self._grouped = (
                self._count_ranked(ranked) if ranked is not None else self._count_groups()
            )
        return self._grouped

    @cached_property
    def open_ids(self):
        """The ids of every resource open now (this minute)."""
        return open_resource_ids(self.now)

    def _count_ranked(self, ranked):
        """Every count from the ranked matches, in Python, by the rule the grouped queries
        follow (a facet ignores its own choice); keeps the matches that pass every filter,
        in rank order (`passing`), and reads the counted tags' names (one query)."""
        categories = {c.pk for c in self.categories}
        neighbourhoods = {n.pk for n in self.neighbourhoods}
        chosen_tags = {t.pk for t in self.tags}
        total, by_category, by_neighbourhood, by_tag = 0, Counter(), Counter(), Counter()
        passing = []
        facts = self.resource_facts
        open_ids = self.open_ids if self.open_only else None
        for pk in ranked:
            category, neighbourhood, cost, tag_ids = facts[pk]
            if self.free_only and cost != ResourcePage.COST_FREE:
                continue
            if open_ids is not None and pk not in open_ids:
                continue
            in_category = not categories or category in categories
            in_neighbourhood = not neighbourhoods or neighbourhood in neighbourhoods
            tagged = not chosen_tags or not chosen_tags.isdisjoint(tag_ids)
            if in_neighbourhood and tagged:
                by_category[category] += 1
            if in_category and tagged:
                by_neighbourhood[neighbourhood] += 1
            if in_category and in_neighbourhood:
                by_tag.update(tag_ids)
                if tagged:
                    total += 1
                    passing.append(pk)
        self.passing = passing
        self._tag_names = {
            tag.pk: (tag.slug, tag.name) for tag in Tag.objects.filter(pk__in=list(by_tag))
        }
        return total, {"categorie": by_category, "quartier": by_neighbourhood, "etiquette": by_tag}

    def _count_groups(self):
        """The total and every facet's counts, in two queries: the matches under every
        non-facet filter grouped by category, neighbourhood and whether they hold a chosen
        tag (each facet then counts the groups the other facets allow), and the tags of the
        matches the category and neighbourhood choices keep (a facet ignores its own choice)."""
        resources = self.filtered(without=FACETS)
        columns = ["category_id", "neighbourhood_id"]
        if self.tags:
            resources = resources.annotate(
                chosen_tag=Exists(self.tagged_ids().filter(content_object_id=OuterRef("pk")))
            )
            columns.append("chosen_tag")
        rows = resources.order_by().values(*columns).annotate(count=Count("pk"))
        categories = {c.pk for c in self.categories}
        neighbourhoods = {n.pk for n in self.neighbourhoods}
        total, by_category, by_neighbourhood = 0, Counter(), Counter()
        for row in rows:
            in_category = not categories or row["category_id"] in categories
            in_neighbourhood = not neighbourhoods or row["neighbourhood_id"] in neighbourhoods
            tagged = row.get("chosen_tag", True)
            if in_neighbourhood and tagged:
                by_category[row["category_id"]] += row["count"]
            if in_category and tagged:
                by_neighbourhood[row["neighbourhood_id"]] += row["count"]
            if in_category and in_neighbourhood:
                total += row["count"] if tagged else 0
        tags = self._count_tags(self.filtered(without="etiquette").values("pk"))
        return total, {"categorie": by_category, "quartier": by_neighbourhood, "etiquette": tags}

    def facet_counts(self, facet):
        """{pk: count} for one facet where the backend matches the text (Elasticsearch),
        under q and every other active filter."""
        if facet == "etiquette":
            return self._tag_counts()
        field_name = "category_id" if facet == "categorie" else "neighbourhood_id"
        results = search_pages(self.q, self.filtered(without=facet, text=False))
        return dict(results.facet(field_name)) if results is not None else {}

    def _tag_counts(self):
        """Tag counts where the backend matches the text (Elasticsearch): tags are
        many-to-many, so no backend facets them; they are counted over the matched ids."""
        results = search_pages(self.q, self.filtered(without="etiquette", text=False))
        ids = [page.pk for page in results] if results is not None else []
        return self._count_tags(ids)

    def _count_tags(self, resources):
        """{tag pk: count} over `resources` (ids, or a subquery of them), in one grouped query
        that brings the tags' names and slugs too."""
        tagged = restrict_to_matches(ResourceTag.objects.all(), resources, "content_object_id")
        rows = (
            tagged.order_by()
            .values("tag_id", "tag__name", "tag__slug")
            .annotate(count=Count("content_object_id"))
        )
        self._tag_names = {row["tag_id"]: (row["tag__slug"], row["tag__name"]) for row in rows}
        return {row["tag_id"]: row["count"] for row in rows}

    def facet_options(self, facet, counts):
        # Snippets: kept between requests, emptied by any snippet save (lune_site.page_cache).
        if facet == "categorie":
            objects = all_categories()
        elif facet == "quartier":
            objects = all_neighbourhoods()
        else:
            names = getattr(self, "_tag_names", {})
            objects = sorted(
                (Tag(pk=pk, slug=slug, name=name) for pk, (slug, name) in names.items()),
                key=lambda tag: tag.name,
            )
            # A chosen tag that matches nothing still shows, to be unticked.
            objects += [tag for tag in self.tags if tag.pk not in names]
        chosen = set(self.selected(facet))
        return [
            FacetOption(
                slug=obj.slug,
                name=obj.name,
                count=counts.get(obj.pk, 0),
                selected=obj.slug in chosen,
                toggle_url=self.toggle_url(facet, obj.slug),
            )
            for obj in objects
            if counts.get(obj.pk) or obj.slug in chosen
        ]

    # --- The answer -------------------------------------------------------------------

    @property
    def is_browsing(self):
        """No words and nothing that follows the clock: what it finds changes with content
        only, so its counts and pages are kept until the next publication."""
        return not self.q and not self.open_only

    def kept(self, part, compute):
        """`compute()`, kept for this browse (filters, language) until content changes."""
        key = fragment_key(
            "library",
            None,
            part,
            ",".join(sorted(c.slug for c in self.categories)),
            ",".join(sorted(n.slug for n in self.neighbourhoods)),
            ",".join(sorted(t.slug for t in self.tags)),
            int(self.free_only),
        )
        return remember(key, compute)

    def _counts_with_tag_names(self):
        total, counts = self.grouped_counts()
        return total, counts, getattr(self, "_tag_names", {})

    def run(self, page_number=None, *, with_tags=False):
        matches = self.matches()
        paginator = Paginator(matches, PER_PAGE, allow_empty_first_page=True)
        counts = {}
        if self.is_browsing:
            paginator.count, counts, self._tag_names = self.kept(
                "counts", self._counts_with_tag_names
            )
        elif not self.counts_through_backend:
            # The total comes with the facets' counts: no separate count of the matches.
            paginator.count, counts = self.grouped_counts()
        try:
            number = int(page_number) if page_number not in (None, "") else 1
        except (TypeError, ValueError):
            number = 1
        number = max(number, 1)
        try:
            page = paginator.page(number)
        except (EmptyPage, PageNotAnInteger) as error:
            raise self.PageOutOfRange(str(error)) from error
        if self.is_browsing:
            # The page's ids are kept; its resources are read by id (sorting every resource
            # by title is most of a browse's time: 26 ms at 10,000).
            ids = self.kept(f"page-{number}", lambda: [r.pk for r in page.object_list])
            by_id = matches.order_by().filter(pk__in=ids).in_bulk()
            resources = [by_id[pk] for pk in ids if pk in by_id]
        else:
            resources = list(page.object_list)
        # Category and neighbourhood come with the page (select_related, which the database
        # backends keep when they fetch the ranked hits); tags are shown in JSON only.
        prefetch_related_objects(resources, "category", "neighbourhood")
        if with_tags:
            prefetch_related_objects(resources, "tags")
        page.object_list = resources
        # "Open now" for the page's resources: this minute's reading of the hours.
        open_ids = self.open_ids & {r.pk for r in resources}

        def facets_with_options():
            return {
                facet: self.facet_options(
                    facet, counts[facet] if facet in counts else self.facet_counts(facet)
                )
                for facet in FACETS
            }

        # A browse's options (counts, names, links) follow its kept counts.
        facets = (
            self.kept("facets", facets_with_options) if self.is_browsing else facets_with_options()
        )
        return LibraryResults(
            search=self,
            page=page,
            count=paginator.count,
            facets=facets,
            open_ids=open_ids,
        )
