"""The reinsertion documentation center: a library page, its resources, categories, hours."""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from lune_site.models import QUEBEC

WEEKDAYS = [
    (0, _("lundi")),
    (1, _("mardi")),
    (2, _("mercredi")),
    (3, _("jeudi")),
    (4, _("vendredi")),
    (5, _("samedi")),
    (6, _("dimanche")),
]


def quebec_now(at=None):
    """`at` (default: now) as a Québec wall-clock datetime."""
    return timezone.localtime(at or timezone.now(), QUEBEC)


# --- Snippets ------------------------------------------------------------------------------


class Category(models.Model):
    """A resource's main subject (Emploi, Logement...); staff edit them as snippets."""

    name = models.CharField(_("nom"), max_length=80, unique=True)
    slug = models.SlugField(_("identifiant d'adresse"), max_length=80, unique=True)
    description = models.CharField(_("description"), max_length=250, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    panels = ["name", "slug", "description", "sort_order"]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("catégorie de ressource")
        verbose_name_plural = _("catégories de ressources")

    def __str__(self):
        return self.name


class Neighbourhood(models.Model):
    """A neighbourhood of Québec City (Saint-Roch, Limoilou...), for filtering resources."""

    name = models.CharField(_("nom"), max_length=80, unique=True)
    slug = models.SlugField(_("identifiant d'adresse"), max_length=80, unique=True)

    panels = ["name", "slug"]

    class Meta:
        ordering = ["name"]
        verbose_name = _("quartier")
        verbose_name_plural = _("quartiers")

    def __str__(self):
        return self.name


# --- Library page --------------------------------------------------------------------------


class ResourceLibraryPage(Page):
    """/ressources/: search, facets and filters over the resources below it."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)

    content_panels = [*Page.content_panels, "intro"]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["lune_site.HomePage"]
    subpage_types = ["resources.ResourcePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("bibliothèque de ressources")

    def get_context(self, request, *args, **kwargs):
        from resources.library import LibrarySearch

        context = super().get_context(request, *args, **kwargs)
        search = LibrarySearch.from_query(request.GET)
        try:
            context["library"] = search.run(
                request.GET.get("page"), with_tags=request.GET.get("format") == "json"
            )
        except LibrarySearch.PageOutOfRange as error:
            raise Http404(str(error)) from error
        context["search"] = search
        return context

    def serve(self, request, *args, **kwargs):
        if request.GET.get("format") == "json":
            from django.http import JsonResponse

            context = self.get_context(request, *args, **kwargs)
            return JsonResponse(
                context["library"].as_json(request),
                json_dumps_params={"ensure_ascii": False},
            )
        return super().serve(request, *args, **kwargs)


# --- Resource page -------------------------------------------------------------------------


class ResourceTag(TaggedItemBase):
    content_object = ParentalKey(
        "resources.ResourcePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ResourceQuerySet(PageQuerySet):
    def open_at(self, at=None):
        """Resources open at `at` (default: now), in one query, whatever their number."""
        return self.filter(id__in=OpeningHours.open_page_ids(at))

    def filter_stale(self, cutoff):
        """Resources last verified before `cutoff`, or never."""
        return self.filter(Q(last_verified__lt=cutoff) | Q(last_verified__isnull=True))


ResourceManager = PageManager.from_queryset(ResourceQuerySet)


class ResourcePage(Page):
    """One resource (a service), after Open Referral's HSDS service model."""

    COST_FREE = "free"
    COST_LOW = "low"
    COST_PAID = "paid"
    COST_CHOICES = [
        (COST_FREE, _("Gratuit")),
        (COST_LOW, _("À faible coût")),
        (COST_PAID, _("Payant")),
    ]

    summary = models.CharField(_("résumé"), max_length=300)
    description = RichTextField(
        _("description"), blank=True, features=["bold", "italic", "link", "ul", "ol"]
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("catégorie"),
        null=True,
        on_delete=models.PROTECT,
        related_name="resources",
    )
    tags = ClusterTaggableManager(through=ResourceTag, blank=True, verbose_name=_("étiquettes"))
    organization = models.CharField(_("organisme"), max_length=200, blank=True)
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        verbose_name=_("quartier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
    )
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    city = models.CharField(_("ville"), max_length=80, blank=True)
    postal_code = models.CharField(_("code postal"), max_length=10, blank=True)
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    cost = models.CharField(_("coût"), max_length=5, choices=COST_CHOICES, default=COST_FREE)
    cost_note = models.CharField(_("précision sur le coût"), max_length=200, blank=True)
    languages = models.CharField(
        _("langues"), max_length=200, blank=True, help_text=_("Séparées par « ; ».")
    )
    eligibility = models.TextField(
        _("pour qui"), blank=True, help_text=_("En mots simples : qui peut s'y adresser.")
    )
    women_only = models.BooleanField(_("femmes seulement"), default=False)
    trans_queer_welcome = models.BooleanField(
        _("personnes trans et queer bienvenues"), default=False
    )
    no_id_needed = models.BooleanField(_("aucune pièce d'identité demandée"), default=False)
    adults_only = models.BooleanField(_("18 ans et plus"), default=False)
    documents_to_bring = models.TextField(_("documents à apporter"), blank=True)
    accessibility = models.TextField(_("accessibilité"), blank=True)
    last_verified = models.DateField(_("vérifiée le"), null=True, blank=True)
    external_id = models.CharField(
        _("identifiant externe"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Stable, pour les imports. Vide : créé automatiquement."),
    )

    objects = ResourceManager()

    content_panels = [
        *Page.content_panels,
        "summary",
        "description",
        MultiFieldPanel(["category", "tags", "organization"], heading=_("Classement")),
        MultiFieldPanel(
            ["phone", "email", "website", "address", "city", "postal_code", "neighbourhood"],
            heading=_("Nous joindre"),
        ),
        InlinePanel("hours", label=_("Heures d'ouverture"), heading=_("Horaire de la semaine")),
        InlinePanel("closures", label=_("Fermeture exceptionnelle")),
        MultiFieldPanel(
            [
                FieldRowPanel(["cost", "cost_note"]),
                "languages",
                "eligibility",
                FieldRowPanel(["women_only", "trans_queer_welcome", "no_id_needed", "adults_only"]),
                "documents_to_bring",
                "accessibility",
            ],
            heading=_("Pour qui, à quel coût"),
        ),
        InlinePanel("documents", label=_("Document joint")),
        MultiFieldPanel([FieldPanel("last_verified"), "external_id"], heading=_("Suivi")),
    ]
    search_fields = [
        *Page.search_fields,
        # Replaces Page's title field (duplicates are merged, the last one wins).
        index.SearchField("title", boost=4),
        index.SearchField("summary", boost=2),
        index.SearchField("description"),
        index.SearchField("organization"),
        index.SearchField("eligibility"),
        index.RelatedFields("tags", [index.SearchField("name"), index.FilterField("slug")]),
        index.RelatedFields("category", [index.SearchField("name")]),
        index.FilterField("category"),
        index.FilterField("neighbourhood"),
        index.FilterField("cost"),
        index.FilterField("women_only"),
        index.FilterField("trans_queer_welcome"),
        index.FilterField("no_id_needed"),
        index.FilterField("adults_only"),
        index.FilterField("last_verified"),
    ]
    parent_page_types = ["resources.ResourceLibraryPage"]
    subpage_types = []
    # A translation is a new page: it gets its own identifier, never a copy of the original's.
    exclude_fields_in_copy = ["external_id"]

    class Meta:
        verbose_name = _("ressource")
        verbose_name_plural = _("ressources")

    def get_context(self, request, *args, **kwargs):
        # The sheet reads its hours, closures, documents and tags several times (open now,
        # the week, JSON-LD): one query each, whatever the template asks.
        prefetch_related_objects(
            [self], "category", "neighbourhood", "hours", "closures", "documents__document", "tags"
        )
        return super().get_context(request, *args, **kwargs)

    def save(self, *args, **kwargs):
        if not self.external_id:
            self.external_id = f"lune-{uuid.uuid4().hex[:10]}"
        return super().save(*args, **kwargs)

    @property
    def is_free(self):
        return self.cost == self.COST_FREE

    @property
    def language_list(self):
        return [part.strip() for part in self.languages.split(";") if part.strip()]

    @property
    def phone_link(self):
        """The phone number as a tel: target (digits and a leading +, extension dropped)."""
        number = self.phone.split("poste")[0].split("#")[0]
        digits = "".join(ch for ch in number if ch.isdigit() or ch == "+")
        return f"tel:{digits}" if digits else ""

    @property
    def map_url(self):
        """A plain OpenStreetMap search link, followed only if the visitor taps it."""
        if not self.address:
            return ""
        from urllib.parse import urlencode

        place = ", ".join(p for p in (self.address, self.city or "Québec", self.postal_code) if p)
        return "https://www.openstreetmap.org/search?" + urlencode({"query": place})

    def weekly_hours(self):
        """Hours grouped by day: [(weekday, label, [OpeningHours...]), ...], Monday first."""
        by_day = {day: [] for day, _label in WEEKDAYS}
        for hours in self.hours.all():
            by_day[hours.weekday].append(hours)
        return [(day, label, sorted(by_day[day], key=lambda h: h.opens)) for day, label in WEEKDAYS]

    def closed_on(self, day):
        """The closure covering `day`, if any (uses prefetched closures when present)."""
        for closure in self.closures.all():
            if closure.covers(day):
                return closure
        return None

    def upcoming_closures(self, at=None):
        today = quebec_now(at).date()
        return [c for c in self.closures.all() if c.last_day >= today]

    def open_now(self, at=None):
        """True when the resource is open at `at` (default: now), in Québec time.

        A range belongs to the day it opens: one crossing midnight stays open into the next
        morning, and a closure on a day cancels the ranges that open on that day.
        Reads `hours` and `closures` through the prefetch cache when there is one.
        """
        now = quebec_now(at)
        today, clock = now.date(), now.time().replace(tzinfo=None)
        yesterday = today - datetime.timedelta(days=1)
        for hours in self.hours.all():
            opened_today = hours.weekday == today.weekday() and hours.contains_same_day(clock)
            if opened_today and self.closed_on(today) is None:
                return True
            opened_yesterday = hours.weekday == yesterday.weekday() and (
                hours.contains_next_morning(clock)
            )
            if opened_yesterday and self.closed_on(yesterday) is None:
                return True
        return False


class OpeningHours(Orderable):
    """One opening range on one weekday; a range whose closing is earlier ends the next day."""

    page = ParentalKey(ResourcePage, related_name="hours", on_delete=models.CASCADE)
    weekday = models.PositiveSmallIntegerField(_("jour"), choices=WEEKDAYS)
    opens = models.TimeField(_("ouverture"))
    closes = models.TimeField(
        _("fermeture"),
        help_text=_("Plus tôt que l'ouverture : le lendemain (ex. 22 h à 8 h)."),
    )

    panels = [FieldRowPanel(["weekday", "opens", "closes"])]

    class Meta(Orderable.Meta):
        verbose_name = _("heures d'ouverture")
        verbose_name_plural = _("heures d'ouverture")

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"

    def clean(self):
        super().clean()
        if self.opens is not None and self.opens == self.closes:
            raise ValidationError(
                {
                    "closes": _(
                        "La fermeture doit différer de l'ouverture (pour 24 h sur 24, "
                        "indiquer 00:00 à 23:59)."
                    )
                }
            )

    @property
    def crosses_midnight(self):
        return self.closes < self.opens

    def contains_same_day(self, clock):
        if self.crosses_midnight:
            return clock >= self.opens
        return self.opens <= clock < self.closes

    def contains_next_morning(self, clock):
        return self.crosses_midnight and clock < self.closes

    @classmethod
    def open_page_ids(cls, at=None):
        """A subquery of the ids of resources open at `at`: the SQL twin of `open_now()`."""
        now = quebec_now(at)
        today, clock = now.date(), now.time().replace(tzinfo=None)
        yesterday = today - datetime.timedelta(days=1)

        def closed(day):
            return Exists(
                Closure.objects.filter(
                    page=OuterRef("page"), start_date__lte=day, end_date__gte=day
                )
            )

        same_day = (
            Q(weekday=today.weekday())
            & (
                Q(opens__lt=F("closes"), opens__lte=clock, closes__gt=clock)
                | Q(opens__gt=F("closes"), opens__lte=clock)
            )
            & ~closed(today)
        )
        next_morning = Q(
            weekday=yesterday.weekday(), opens__gt=F("closes"), closes__gt=clock
        ) & ~closed(yesterday)
        return cls.objects.filter(same_day | next_morning).values("page_id")


class Closure(Orderable):
    """An exceptional closure (a holiday, a move): one day or a range of days, with a note."""

    page = ParentalKey(ResourcePage, related_name="closures", on_delete=models.CASCADE)
    start_date = models.DateField(_("du"))
    end_date = models.DateField(_("au"), blank=True, help_text=_("Vide : un seul jour."))
    note = models.CharField(_("note"), max_length=200, blank=True)

    panels = [FieldRowPanel(["start_date", "end_date"]), "note"]

    class Meta(Orderable.Meta):
        verbose_name = _("fermeture exceptionnelle")
        verbose_name_plural = _("fermetures exceptionnelles")

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("La fin doit suivre le début.")})

    def save(self, *args, **kwargs):
        if not self.end_date:
            self.end_date = self.start_date
        return super().save(*args, **kwargs)

    @property
    def last_day(self):
        return self.end_date or self.start_date

    def covers(self, day):
        return self.start_date <= day <= self.last_day


class ResourceDocument(Orderable):
    """A Wagtail document attached to a resource (a report, a form, a guide)."""

    page = ParentalKey(ResourcePage, related_name="documents", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("titre affiché"), max_length=200, blank=True, help_text=_("Vide : celui du document.")
    )

    panels = ["document", "title"]

    class Meta(Orderable.Meta):
        verbose_name = _("document joint")
        verbose_name_plural = _("documents joints")

    @property
    def label(self):
        return self.title or self.document.title


def unique_slug(model, name):
    """A slug for a new category or neighbourhood, unique among its kind."""
    base = slugify(name)[:70] or "x"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
