"""The site's own pages: home, standard pages, the shelter, the closed areas, and site settings."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from lune_site.blocks import BaseStreamBlock, CallToActionBlock, UrgentNumberBlock
from lune_site.routing import RouteInOneQueryMixin
from lune_site.sessions import belongs_to

QUEBEC = ZoneInfo("America/Toronto")


# --- Closed areas -------------------------------------------------------------------------


class ClosedAreaPageMixin:
    """A page only one group may see: refuses to serve outside it, is never cached or indexed.

    The view restriction set by `setup_site` is the first lock; this is the second, so that a
    restriction removed by mistake still leaks nothing.
    """

    closed_area_group_setting = "STAFF_GROUP_NAME"
    is_closed_area_page = True

    @classmethod
    def closed_area_group_name(cls):
        return getattr(settings, cls.closed_area_group_setting)

    def user_may_view(self, user):
        if not user.is_authenticated or not user.is_active:
            return False
        if user.is_superuser:
            return True
        return belongs_to(user, self.closed_area_group_name())

    def awaits_second_factor(self, user):
        """Staff and administrators see a closed area only once their second factor is checked."""
        from lune_site.two_factor import is_verified, needs_second_factor

        enforced = getattr(settings, "LUNE_REQUIRE_SECOND_FACTOR", True)
        # A verified session needs no permission lookup (two queries) to be let through.
        return enforced and not is_verified(user) and needs_second_factor(user)

    def refuse_unless_allowed(self, request):
        user = request.user
        if self.user_may_view(user) and not self.awaits_second_factor(user):
            return None
        if not user.is_authenticated or self.awaits_second_factor(user):
            return redirect_to_login(request.get_full_path(), settings.WAGTAIL_FRONTEND_LOGIN_URL)
        raise PermissionDenied

    def serve(self, request, *args, **kwargs):
        refusal = self.refuse_unless_allowed(request)
        if refusal is not None:
            return refusal
        response = super().serve(request, *args, **kwargs)
        mark_private(response)
        return response

    def serve_preview(self, request, *args, **kwargs):
        refusal = self.refuse_unless_allowed(request)
        if refusal is not None:
            return refusal
        response = super().serve_preview(request, *args, **kwargs)
        mark_private(response)
        return response

    def get_sitemap_urls(self, request=None):
        return []

    # Never in any search index, whatever the backend: search cannot leak what it never saw.
    @classmethod
    def get_indexed_objects(cls):
        return cls.objects.none()

    def get_indexed_instance(self):
        return None


def mark_private(response):
    """Headers for content that must never be stored by a cache or indexed by a robot."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


class StaffAreaPage(ClosedAreaPageMixin, Page):
    """Root of the staff area (/equipe/), restricted to the staff group."""

    # Creating, saving or deleting a closed area's root empties the page cache, where the
    # gate's list of closed areas is kept (search.gate.closed_area_paths).
    empties_page_cache = True

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ul"])

    content_panels = [*Page.content_panels, "intro"]
    search_fields = []
    parent_page_types = ["lune_site.HomePage"]
    # Children: the staff page types, which name this page in their parent_page_types.
    max_count = 1
    closed_area_group_setting = "STAFF_GROUP_NAME"

    class Meta:
        verbose_name = _("espace équipe")
        verbose_name_plural = _("espaces équipe")


class MembersAreaPage(ClosedAreaPageMixin, Page):
    """Root of the members' area (/membres/), restricted to the members group."""

    # Creating, saving or deleting a closed area's root empties the page cache, where the
    # gate's list of closed areas is kept (search.gate.closed_area_paths).
    empties_page_cache = True

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ul"])

    content_panels = [*Page.content_panels, "intro"]
    search_fields = []
    parent_page_types = ["lune_site.HomePage"]
    # Children: the members' page types, which name this page in their parent_page_types.
    max_count = 1
    closed_area_group_setting = "MEMBERS_GROUP_NAME"

    class Meta:
        verbose_name = _("espace membres")
        verbose_name_plural = _("espaces membres")


CLOSED_AREA_ROOTS = (StaffAreaPage, MembersAreaPage)


# --- Public pages ----------------------------------------------------------------------------


class HomePage(RouteInOneQueryMixin, Page):
    """The home page: the mission, shortcuts, tonight's shelter status and urgent numbers."""

    tagline = models.CharField(_("phrase d'accueil"), max_length=200, blank=True)
    mission = RichTextField(_("mission"), blank=True, features=["bold", "italic", "link", "ul"])
    shortcuts = StreamField(
        [("shortcut", CallToActionBlock())],
        verbose_name=_("raccourcis"),
        blank=True,
    )
    urgent_numbers = StreamField(
        [("number", UrgentNumberBlock())], verbose_name=_("numéros d'urgence"), blank=True
    )

    content_panels = [*Page.content_panels, "tagline", "mission", "shortcuts", "urgent_numbers"]
    search_fields = [*Page.search_fields, index.SearchField("mission")]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("page d'accueil")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["home_sections"] = home_sections(request, self)
        return context


HOME_SECTION_PROVIDERS = []


def register_home_section(provider, *, cached=False):
    """Let another app add a block to the home page (latest issue, news, next events).

    A provider takes (request, home_page) and returns a dict with a `template` and its context,
    or None to show nothing. `cached=True` keeps the block's HTML between requests until the
    next publication or shared-content save (`lune_site.fragment_cache`): only for blocks that
    depend on published content alone, never on the clock or the visitor.
    """
    provider.home_section_cached = cached
    HOME_SECTION_PROVIDERS.append(provider)
    return provider


def home_sections(request, home_page):
    """The blocks of the home page: {"template", ...} dicts, or {"html"} for cached ones."""
    from django.template.loader import render_to_string

    from lune_site.fragment_cache import fragment_key, remember

    def rendered(provider):
        section = provider(request, home_page)
        if not section:
            return ""
        return render_to_string(section["template"], {"section": section}, request=request)

    sections = []
    for provider in HOME_SECTION_PROVIDERS:
        if getattr(provider, "home_section_cached", False):
            name = f"{provider.__module__}.{provider.__qualname__}"
            html = remember(
                fragment_key("home-section", request, name), lambda p=provider: rendered(p)
            )
            section = {"html": html} if html else None
        else:
            section = provider(request, home_page)
        if section:
            sections.append(section)
    return sections


class StandardPage(Page):
    """A plain page: about, privacy, safe browsing, and the like."""

    summary = models.CharField(_("résumé"), max_length=300, blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("contenu"), blank=True)

    content_panels = [*Page.content_panels, "summary", "body"]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["lune_site.HomePage", "lune_site.StandardPage"]

    class Meta:
        verbose_name = _("page standard")


class ShelterPage(Page):
    """The emergency shelter's public page: who may come, services, hours, tonight's status."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    who_may_come = RichTextField(_("qui peut venir"), blank=True, features=["bold", "italic", "ul"])
    services = RichTextField(_("services"), blank=True, features=["bold", "italic", "ul"])
    peer_helpers = RichTextField(
        _("paires aidantes sur place"), blank=True, features=["bold", "italic", "ul"]
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("contenu"), blank=True)

    content_panels = [
        *Page.content_panels,
        "intro",
        "who_may_come",
        "services",
        "peer_helpers",
        "body",
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("who_may_come"),
        index.SearchField("services"),
    ]
    parent_page_types = ["lune_site.HomePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("page de l'hébergement")


# --- Site settings -----------------------------------------------------------------------


@register_setting(icon="list-ul")
class NavigationSettings(ClusterableModel, BaseSiteSetting):
    """The main menu and the footer, edited by staff."""

    footer_text = RichTextField(
        _("texte du pied de page"), blank=True, features=["bold", "italic", "link"]
    )
    organization_phone = models.CharField(
        _("téléphone de l'organisme"), max_length=40, blank=True, default="418 641-0168"
    )
    organization_email = models.EmailField(_("courriel de l'organisme"), blank=True)

    panels = [
        InlinePanel("menu_items", label=_("Menu principal")),
        "footer_text",
        MultiFieldPanel(["organization_phone", "organization_email"], heading=_("Nous joindre")),
    ]

    class Meta:
        verbose_name = _("navigation et pied de page")


class MenuItem(Orderable):
    # The menu is kept with the cached pages: any change to it empties them.
    empties_page_cache = True

    settings = ParentalKey(NavigationSettings, related_name="menu_items", on_delete=models.CASCADE)
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    label = models.CharField(
        _("libellé"), max_length=60, blank=True, help_text=_("Vide : le titre de la page.")
    )

    panels = ["page", "label"]


@dataclass(frozen=True)
class ShelterStatus:
    """What the shelter is doing tonight, computed in Québec time."""

    state: str  # "open_now", "open_tonight", "closed", "full"
    night: datetime.date
    opens_at: datetime.time
    closes_at: datetime.time
    note: str = ""

    @property
    def is_open_now(self):
        return self.state == "open_now"


@register_setting(icon="home")
class ShelterSettings(BaseSiteSetting):
    """The shelter's capacity, hours and tonight's exceptions, edited by staff."""

    STATUS_NORMAL = ""
    STATUS_CLOSED = "closed"
    STATUS_FULL = "full"
    STATUS_CHOICES = [
        (STATUS_NORMAL, _("Normal : ouvert selon l'horaire")),
        (STATUS_CLOSED, _("Fermé exceptionnellement")),
        (STATUS_FULL, _("Complet")),
    ]

    capacity = models.PositiveSmallIntegerField(
        _("nombre de lits"),
        default=5,
        validators=[
            MinValueValidator(1, _("Il faut au moins un lit.")),
            MaxValueValidator(200, _("Plus de 200 lits : vérifier le nombre.")),
        ],
    )
    opens_at = models.TimeField(_("ouverture"), default=datetime.time(22, 0))
    closes_at = models.TimeField(
        _("fermeture"),
        default=datetime.time(8, 0),
        help_text=_("Une heure plus tôt que l'ouverture veut dire : le lendemain matin."),
    )
    status_override = models.CharField(
        _("exception"), max_length=10, choices=STATUS_CHOICES, default=STATUS_NORMAL, blank=True
    )
    override_night = models.DateField(
        _("nuit de l'exception"),
        null=True,
        blank=True,
        help_text=_("La nuit qui commence ce soir-là. L'exception cesse d'elle-même ensuite."),
    )
    override_note = models.CharField(_("message de l'exception"), max_length=200, blank=True)
    publish_address = models.BooleanField(
        _("publier l'adresse"),
        default=False,
        help_text=_("Par défaut, l'adresse reste confidentielle."),
    )
    address = models.CharField(_("adresse"), max_length=200, blank=True)

    panels = [
        MultiFieldPanel(["capacity", "opens_at", "closes_at"], heading=_("Horaire")),
        MultiFieldPanel(
            ["status_override", "override_night", "override_note"], heading=_("Ce soir")
        ),
        MultiFieldPanel(["publish_address", "address"], heading=_("Adresse")),
    ]

    class Meta:
        verbose_name = _("hébergement : horaire et état")

    def clean(self):
        super().clean()
        errors = {}
        if self.opens_at is not None and self.opens_at == self.closes_at:
            errors["closes_at"] = _("La fermeture doit différer de l'ouverture.")
        if self.status_override and not self.override_night:
            errors["override_night"] = _("Indiquer la nuit à laquelle l'exception s'applique.")
        if self.publish_address and not self.address.strip():
            errors["address"] = _("Pour publier l'adresse, il faut l'écrire.")
        if errors:
            raise ValidationError(errors)

    @property
    def crosses_midnight(self):
        return self.closes_at <= self.opens_at

    def tonight(self, now=None):
        """Tonight's status; in the hours after midnight, 'tonight' is the night under way."""
        now = timezone.localtime(now or timezone.now(), QUEBEC)
        today, clock = now.date(), now.time()
        if self.crosses_midnight:
            if clock < self.closes_at:
                night, open_now = today - datetime.timedelta(days=1), True
            else:
                night, open_now = today, clock >= self.opens_at
        else:
            night, open_now = today, self.opens_at <= clock < self.closes_at
        state = "open_now" if open_now else "open_tonight"
        if self.status_override and self.override_night == night:
            state = "closed" if self.status_override == self.STATUS_CLOSED else "full"
        return ShelterStatus(
            state=state,
            night=night,
            opens_at=self.opens_at,
            closes_at=self.closes_at,
            note=self.override_note if state in ("closed", "full") else "",
        )


# === Staff area: night logs, procedures, hygiene kits, figures (issue 7) ===================
# Everything below lives under /equipe/ and is seen by the staff group only.

from django import forms  # noqa: E402
from modelcluster.fields import ParentalManyToManyField  # noqa: E402
from wagtail.admin.panels import FieldPanel  # noqa: E402
from wagtail.contrib.routable_page.models import RoutablePageMixin, path  # noqa: E402

from lune_site.night_logs import (  # noqa: E402
    NightLogForm,
    NightLogPageManager,
    NightLogPermissionTester,
    staff_group_members,
)


class ShelterLogIndexPage(ClosedAreaPageMixin, Page):
    """The shelter's register (/equipe/registre/): the last nights and the open follow-ups."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ul"])

    content_panels = [*Page.content_panels, "intro"]
    search_fields = []
    parent_page_types = ["lune_site.StaffAreaPage"]
    subpage_types = ["lune_site.NightLogPage"]
    max_count = 1
    closed_area_group_setting = "STAFF_GROUP_NAME"
    recent_nights_shown = 21

    class Meta:
        verbose_name = _("registre de l'hébergement")

    def get_context(self, request, *args, **kwargs):
        from lune_site.figures import kit_stock

        context = super().get_context(request, *args, **kwargs)
        logs = NightLogPage.objects.child_of(self).live()
        context["nights"] = logs.with_key_figures().order_by("-night")[: self.recent_nights_shown]
        context["open_follow_ups"] = NightLogIncident.objects.open_follow_ups().filter(
            page__in=logs
        )
        context["drafts"] = NightLogPage.objects.child_of(self).not_live().order_by("-night")
        context["kit_stock"] = kit_stock()
        return context


class NightLogPage(ClosedAreaPageMixin, Page):
    """One night at the shelter: who was on shift, the figures, incidents, notes for the next team.

    The title and the slug follow the date: one log per night, at /equipe/registre/AAAA-MM-JJ/.
    """

    night = models.DateField(
        _("nuit du"),
        unique=True,
        help_text=_("Le soir où la nuit commence."),
        error_messages={"unique": _("Il y a déjà un registre pour cette nuit.")},
    )
    team = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("équipe de la nuit"),
        blank=True,
        related_name="night_logs",
        limit_choices_to=staff_group_members,
        help_text=_("Intervenantes et paires aidantes de garde."),
    )
    beds_occupied = models.PositiveSmallIntegerField(_("lits occupés"), default=0)
    arrivals = models.PositiveSmallIntegerField(
        _("arrivées"), default=0, help_text=_("Personnes accueillies pendant la nuit.")
    )
    turned_away_full = models.PositiveSmallIntegerField(_("refusées : complet"), default=0)
    turned_away_criteria = models.PositiveSmallIntegerField(
        _("refusées : hors critères"), default=0
    )
    turned_away_safety = models.PositiveSmallIntegerField(_("refusées : sécurité"), default=0)
    turned_away_other = models.PositiveSmallIntegerField(_("refusées : autre raison"), default=0)
    hygiene_kits_given = models.PositiveSmallIntegerField(
        _("trousses d'hygiène remises"), default=0
    )
    snacks_given = models.PositiveSmallIntegerField(_("collations servies"), default=0)
    notes = models.TextField(
        _("notes pour l'équipe suivante"),
        blank=True,
        help_text=_("Aucun nom, aucun détail qui permette de reconnaître une personne."),
    )
    # The beds there were that night, kept so that a later change of capacity leaves past
    # occupancy rates as they were.
    capacity = models.PositiveSmallIntegerField(_("lits disponibles"), default=0, editable=False)
    text_purged_on = models.DateField(_("texte effacé le"), null=True, editable=False)

    objects = NightLogPageManager()

    content_panels = [
        "night",
        FieldPanel("team", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            ["beds_occupied", "arrivals", "hygiene_kits_given", "snacks_given"],
            heading=_("La nuit en chiffres"),
        ),
        MultiFieldPanel(
            [
                "turned_away_full",
                "turned_away_criteria",
                "turned_away_safety",
                "turned_away_other",
            ],
            heading=_("Personnes refusées, par raison"),
        ),
        InlinePanel("incidents", heading=_("Incidents"), label=_("Incident")),
        "notes",
    ]
    promote_panels = []
    search_fields = []
    parent_page_types = ["lune_site.ShelterLogIndexPage"]
    subpage_types = []
    base_form_class = NightLogForm
    closed_area_group_setting = "STAFF_GROUP_NAME"
    # Free text that the retention purge removes; the figures stay.
    purged_text_fields = ("notes",)

    TURNED_AWAY_FIELDS = (
        ("turned_away_full", _("Complet")),
        ("turned_away_criteria", _("Hors critères")),
        ("turned_away_safety", _("Sécurité")),
        ("turned_away_other", _("Autre")),
    )

    class Meta:
        verbose_name = _("registre d'une nuit")
        verbose_name_plural = _("registres des nuits")

    @property
    def turned_away(self):
        return sum(getattr(self, name) or 0 for name, _label in self.TURNED_AWAY_FIELDS)

    def full_clean(self, *args, **kwargs):
        # The date names the page: the team never types a title or a slug.
        if self.night:
            self.title = self.draft_title = night_title(self.night)
            self.slug = self.night.isoformat()
        if not self.capacity:
            self.capacity = shelter_capacity()
        super().full_clean(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.night:
            if self.night > timezone.localdate(timezone=QUEBEC):
                errors["night"] = _("La date ne peut pas être dans le futur.")
            elif NightLogPage.objects.filter(night=self.night).exclude(pk=self.pk).exists():
                errors["night"] = _("Il y a déjà un registre pour cette nuit.")
        capacity = self.capacity or shelter_capacity()
        if self.beds_occupied is not None and self.beds_occupied > capacity:
            errors["beds_occupied"] = _(
                "L'hébergement a %(capacity)s lits : pas plus de %(capacity)s lits occupés."
            ) % {"capacity": capacity}
        if errors:
            raise ValidationError(errors)
        try:
            super().clean()
        except ValidationError as error:
            # The slug is the date: a taken slug is a taken night.
            raise ValidationError({"night": error.messages}) from error

    def save(self, *args, **kwargs):
        if self.night:
            self.title = night_title(self.night)
            self.slug = self.night.isoformat()
        if not self.capacity:
            self.capacity = shelter_capacity()
        return super().save(*args, **kwargs)

    def permissions_for_user(self, user):
        # A copy would carry the same date: one log per night, so never copied.
        return NightLogPermissionTester(user, self)

    def copy_for_translation(self, *args, **kwargs):
        raise PermissionDenied("Un registre de nuit ne se traduit pas.")


class NightLogIncidentQuerySet(models.QuerySet):
    def open_follow_ups(self):
        return (
            self.filter(follow_up_needed=True, follow_up_done=False)
            .select_related("page")
            .order_by("-page__night", "-time")
        )


class NightLogIncident(Orderable):
    """Something that happened during a night. Never a name: the form says so."""

    KIND_CHOICES = [
        ("conflit", _("Conflit ou tension")),
        ("sante", _("Santé, premiers soins")),
        ("consommation", _("Consommation, surdose")),
        ("violence", _("Violence ou menace")),
        ("urgence", _("Appel aux services d'urgence")),
        ("autre", _("Autre")),
    ]

    page = ParentalKey(NightLogPage, related_name="incidents", on_delete=models.CASCADE)
    time = models.TimeField(_("heure"))
    kind = models.CharField(_("type"), max_length=20, choices=KIND_CHOICES)
    description = models.TextField(
        _("ce qui s'est passé"),
        help_text=_("Aucun nom, aucun détail qui permette de reconnaître une personne."),
    )
    follow_up_needed = models.BooleanField(_("suivi nécessaire"), default=False)
    follow_up_done = models.BooleanField(_("suivi fait"), default=False)

    objects = NightLogIncidentQuerySet.as_manager()

    panels = ["time", "kind", "description", "follow_up_needed", "follow_up_done"]
    purged_text_fields = ("description",)

    class Meta(Orderable.Meta):
        verbose_name = _("incident")


def night_title(night):
    return _("Nuit du %(date)s") % {"date": night.isoformat()}


def shelter_capacity():
    """Beds at the shelter, from the default site's settings."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return ShelterSettings._meta.get_field("capacity").default
    return ShelterSettings.for_site(site).capacity


class StaffStandardPage(ClosedAreaPageMixin, Page):
    """An internal page of the staff area: procedures, contacts, how-tos."""

    summary = models.CharField(_("résumé"), max_length=300, blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("contenu"), blank=True)

    content_panels = [*Page.content_panels, "summary", "body"]
    search_fields = []
    parent_page_types = ["lune_site.StaffAreaPage", "lune_site.StaffStandardPage"]
    closed_area_group_setting = "STAFF_GROUP_NAME"

    class Meta:
        verbose_name = _("page interne de l'équipe")
        verbose_name_plural = _("pages internes de l'équipe")


class ShelterFiguresPage(ClosedAreaPageMixin, RoutablePageMixin, Page):
    """Figures for funders (/equipe/chiffres/), by month or year, as tables, charts and CSV.

    The CSV is at /equipe/chiffres/csv/?mois=AAAA-MM (Wagtail page routes end with a slash).
    """

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ul"])

    content_panels = [*Page.content_panels, "intro"]
    search_fields = []
    parent_page_types = ["lune_site.StaffAreaPage"]
    subpage_types = []
    max_count = 1
    closed_area_group_setting = "STAFF_GROUP_NAME"

    class Meta:
        verbose_name = _("chiffres de l'hébergement")

    @path("")
    def figures(self, request):
        from lune_site.figures import period_from_query, shelter_figures

        period, error = period_from_query(request.GET)
        response = self.render(
            request,
            context_overrides={
                "period": period,
                "period_error": error,
                "figures": shelter_figures(period),
                "csv_url": self.get_url(request) + self.reverse_subpage("csv"),
            },
        )
        if error:
            response.status_code = 400
        return response

    @path("csv/", name="csv")
    def figures_csv(self, request):
        from lune_site.figures import figures_csv_response, period_from_query, shelter_figures

        period, error = period_from_query(request.GET)
        if error:
            return self.figures(request)
        return figures_csv_response(shelter_figures(period), period)


class HygieneKitBatch(models.Model):
    """Hygiene kits assembled by the team, in one go."""

    assembled_on = models.DateField(_("date"))
    number = models.PositiveIntegerField(
        _("nombre de trousses"), validators=[MinValueValidator(1, _("Au moins une trousse."))]
    )
    content = models.TextField(
        _("contenu"), blank=True, help_text=_("Ce que chaque trousse contient.")
    )

    panels = ["assembled_on", "number", "content"]

    class Meta:
        verbose_name = _("lot de trousses d'hygiène")
        verbose_name_plural = _("lots de trousses d'hygiène")
        ordering = ["-assembled_on", "-pk"]

    def __str__(self):
        return _("%(number)s trousses le %(date)s") % {
            "number": self.number,
            "date": self.assembled_on.isoformat() if self.assembled_on else "?",
        }


class OutreachKitDistribution(models.Model):
    """Hygiene kits handed out outside the shelter (street work, partners' premises)."""

    given_on = models.DateField(_("date"))
    number = models.PositiveIntegerField(
        _("nombre de trousses"), validators=[MinValueValidator(1, _("Au moins une trousse."))]
    )
    place = models.CharField(
        _("lieu"),
        max_length=120,
        help_text=_("Un lieu général (quartier, organisme), jamais le nom d'une personne."),
    )

    panels = ["given_on", "number", "place"]

    class Meta:
        verbose_name = _("remise de trousses en proximité")
        verbose_name_plural = _("remises de trousses en proximité")
        ordering = ["-given_on", "-pk"]

    def __str__(self):
        return _("%(number)s trousses le %(date)s (%(place)s)") % {
            "number": self.number,
            "date": self.given_on.isoformat() if self.given_on else "?",
            "place": self.place,
        }


STAFF_AREA_PAGE_TYPES = (
    StaffAreaPage,
    ShelterLogIndexPage,
    NightLogPage,
    StaffStandardPage,
    ShelterFiguresPage,
)
