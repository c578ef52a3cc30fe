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
        return user.groups.filter(name=self.closed_area_group_name()).exists()

    def refuse_unless_allowed(self, request):
        if self.user_may_view(request.user):
            return None
        if not request.user.is_authenticated:
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


class HomePage(Page):
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


def register_home_section(provider):
    """Let another app add a block to the home page (latest issue, news, next events).

    A provider takes (request, home_page) and returns a dict with a `template` and its context,
    or None to show nothing.
    """
    HOME_SECTION_PROVIDERS.append(provider)
    return provider


def home_sections(request, home_page):
    sections = (provider(request, home_page) for provider in HOME_SECTION_PROVIDERS)
    return [section for section in sections if section]


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
