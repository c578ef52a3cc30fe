"""The street journal "Les voix de la ruELLES", its distribution points, outside contributions,
the news, and the members' bad-client list."""

import datetime
import logging
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch, Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.actions.publish_revision import PublishPermissionError
from wagtail.admin.panels import FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from journal.blocks import ArticleStreamBlock
from journal.storage import contribution_storage, contribution_upload_to
from lune_site.blocks import BaseStreamBlock
from lune_site.fragment_cache import fragment_key, remember
from lune_site.models import QUEBEC, ClosedAreaPageMixin, mark_private
from search.gate import closed_area_paths, public_pages, translation_paths

logger = logging.getLogger(__name__)

COVER_RENDITION = "fill-240x320"
NEWS_RENDITION = "fill-480x270"
NEWS_PER_PAGE = 10


# --- Snippets: themes and distribution points --------------------------------------------


class Theme(models.Model):
    """An issue's theme, edited by staff (seeded with the journal's five themes)."""

    name = models.CharField(_("nom"), max_length=120, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=120, unique=True, allow_unicode=False)
    description = models.TextField(_("description"), blank=True)

    panels = ["name", "slug", "description"]

    class Meta:
        ordering = ["name"]
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:120]
        super().save(*args, **kwargs)


class DistributionPointQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True).order_by("neighbourhood", "name")


class DistributionPoint(index.Indexed, models.Model):
    """A place downtown where the printed journal can be picked up."""

    name = models.CharField(_("nom"), max_length=150)
    neighbourhood = models.CharField(_("quartier"), max_length=100, blank=True)
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    notes = models.CharField(
        _("précisions"),
        max_length=300,
        blank=True,
        help_text=_("Par exemple : demander au comptoir, heures d'ouverture."),
    )
    active = models.BooleanField(_("actif"), default=True)

    objects = DistributionPointQuerySet.as_manager()

    panels = ["name", FieldRowPanel(["neighbourhood", "active"]), "address", "notes"]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["neighbourhood", "name"]
        verbose_name = _("point de distribution")
        verbose_name_plural = _("points de distribution")

    def __str__(self):
        return self.name

    @property
    def map_url(self):
        """OpenStreetMap's search for the address: a plain link, followed only on click."""
        if not self.address:
            return ""
        return "https://www.openstreetmap.org/search?" + urlencode(
            {"query": f"{self.address}, Québec"}
        )


# --- The journal -------------------------------------------------------------------------


def children_in_every_language(queryset, parent):
    """`queryset` narrowed to the children of `parent` and of its translations.

    The gate then keeps each child in the visitor's language or its French original, so an
    English index lists the French pages nobody has translated yet. The translations' paths
    are kept with the gate's lookups (no query once warm), and each subtree is read through
    the tree's path index.
    """
    condition = Q()
    for tree_path in translation_paths(parent):
        condition |= Q(path__startswith=tree_path, depth=len(tree_path) // Page.steplen + 1)
    return queryset.filter(condition)


def int_or_none(value):
    """A visitor's query value as an integer, or None for anything else."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 10000 else None


class JournalIndexPage(Page):
    """/journal/: the issues, newest first, filtered by year and theme; where to find it."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, "intro"]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["lune_site.HomePage"]
    subpage_types = ["journal.JournalIssuePage", "journal.ContributionFormPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("journal : accueil")

    def issues(self):
        """The visible issues under this page, newest first, with what the listing shows."""
        images = get_image_model().objects.prefetch_renditions(COVER_RENDITION)
        return (
            public_pages(children_in_every_language(JournalIssuePage.objects.all(), self))
            .select_related("theme")
            .prefetch_related(Prefetch("cover_image", queryset=images))
            .order_by("-publication_date", "-number")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        issues = self.issues()
        years = [d.year for d in issues.dates("publication_date", "year", order="DESC")]
        themes = list(Theme.objects.filter(issues__in=issues).distinct().order_by("name"))
        year = int_or_none(request.GET.get("annee"))
        theme_slug = str(request.GET.get("theme", ""))[:120]
        theme = next((t for t in themes if t.slug == theme_slug), None)
        if year in years:
            issues = issues.filter(publication_date__year=year)
        else:
            year = None
        if theme is not None:
            issues = issues.filter(theme=theme)
        context.update(
            issues=issues,
            years=years,
            themes=themes,
            selected_year=year,
            selected_theme=theme,
            distribution_points=DistributionPoint.objects.active(),
            contribution_page=public_pages(
                children_in_every_language(ContributionFormPage.objects.all(), self)
            ).first(),
            news_feed_url=news_feed_url(request),
        )
        return context


class JournalIssuePage(Page):
    """One issue of the journal: its theme, cover, editorial, PDF and table of contents."""

    SEASONS = [
        ("hiver", _("Hiver")),
        ("printemps", _("Printemps")),
        ("ete", _("Été")),
        ("automne", _("Automne")),
    ]

    number = models.PositiveIntegerField(_("numéro"))
    publication_date = models.DateField(_("date de parution"))
    season = models.CharField(_("saison"), max_length=10, choices=SEASONS, blank=True)
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("thème"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="issues",
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("couverture"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    editorial = RichTextField(
        _("éditorial"), blank=True, features=["h3", "bold", "italic", "link", "ul"]
    )
    pdf = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("le numéro en PDF"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel(["number", "publication_date", "season"]),
        "theme",
        "cover_image",
        "editorial",
        "pdf",
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("editorial"),
        index.FilterField("publication_date"),
        index.FilterField("theme"),
        index.RelatedFields("theme", [index.SearchField("name")]),
    ]
    parent_page_types = ["journal.JournalIndexPage"]
    subpage_types = ["journal.ArticlePage"]

    class Meta:
        verbose_name = _("journal : numéro")
        verbose_name_plural = _("journal : numéros")
        # The latest issue (home page, feed) is read down this index, not sorted from all.
        indexes = [
            models.Index(fields=["-publication_date", "-number"], name="journal_issue_latest")
        ]

    def articles(self):
        """The visible articles of this issue, in the order of the sections, then the tree."""
        articles = children_in_every_language(ArticlePage.objects.all(), self)
        articles = articles.defer_streamfields()
        return public_pages(articles, paths=closed_area_paths()).order_by("path")

    def table_of_contents(self):
        """[(section label, [articles])], sections in their set order."""
        order = {key: position for position, (key, _label) in enumerate(ArticlePage.SECTIONS)}
        labels = dict(ArticlePage.SECTIONS)
        grouped = {}
        for article in self.articles():
            grouped.setdefault(article.section, []).append(article)
        return [
            (labels.get(section, section), grouped[section])
            for section in sorted(grouped, key=lambda s: order.get(s, len(order)))
        ]

    def sibling_issues(self):
        """The other visible issues of the journal, in any language's tree."""
        siblings = children_in_every_language(JournalIssuePage.objects.all(), self.get_parent())
        siblings = siblings.exclude(translation_key=self.translation_key)
        return public_pages(siblings, paths=closed_area_paths())

    def previous_issue(self):
        earlier = Q(publication_date__lt=self.publication_date) | Q(
            publication_date=self.publication_date, number__lt=self.number
        )
        return (
            self.sibling_issues().filter(earlier).order_by("-publication_date", "-number").first()
        )

    def next_issue(self):
        later = Q(publication_date__gt=self.publication_date) | Q(
            publication_date=self.publication_date, number__gt=self.number
        )
        return self.sibling_issues().filter(later).order_by("publication_date", "number").first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            table_of_contents=self.table_of_contents(),
            previous_issue=self.previous_issue(),
            next_issue=self.next_issue(),
            distribution_points=DistributionPoint.objects.active(),
        )
        return context

    @property
    def feed_date(self):
        return datetime.datetime.combine(self.publication_date, datetime.time(9), QUEBEC)


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "journal.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ArticlePage(Page):
    """An article of an issue, signed with a name, a pseudonym, or nothing."""

    SECTIONS = [
        ("editorial", _("Le mot de l'équipe")),
        ("temoignages", _("Témoignages")),
        ("sante", _("Santé")),
        ("droits", _("Nos droits")),
        ("creation", _("Création : poésie et récits")),
        ("ressources", _("Ressources")),
        ("divers", _("Et encore")),
    ]
    AUTHOR_NAME = "name"
    AUTHOR_PSEUDONYM = "pseudonym"
    AUTHOR_ANONYMOUS = "anonymous"
    AUTHOR_CHOICES = [
        (AUTHOR_NAME, _("Son nom")),
        (AUTHOR_PSEUDONYM, _("Un pseudonyme")),
        (AUTHOR_ANONYMOUS, _("Anonyme")),
    ]

    author_shown_as = models.CharField(
        _("signature"), max_length=10, choices=AUTHOR_CHOICES, default=AUTHOR_ANONYMOUS
    )
    author_name = models.CharField(
        _("nom ou pseudonyme"),
        max_length=100,
        blank=True,
        help_text=_("Laissé de côté quand l'article est anonyme."),
    )
    section = models.CharField(_("rubrique"), max_length=20, choices=SECTIONS, default="divers")
    summary = models.CharField(_("résumé"), max_length=300, blank=True)
    body = StreamField(ArticleStreamBlock(), verbose_name=_("texte"), blank=True)
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True, verbose_name=_("mots-clés"))
    pdf_first_page = models.PositiveSmallIntegerField(_("de la page"), null=True, blank=True)
    pdf_last_page = models.PositiveSmallIntegerField(_("à la page"), null=True, blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(["author_shown_as", "author_name"], heading=_("Signature")),
        FieldRowPanel(["section", "tags"]),
        "summary",
        "body",
        FieldRowPanel(["pdf_first_page", "pdf_last_page"], heading=_("Pages dans le PDF")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("section"),
    ]
    parent_page_types = ["journal.JournalIssuePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("journal : article")
        verbose_name_plural = _("journal : articles")

    def clean(self):
        super().clean()
        errors = {}
        if self.author_shown_as != self.AUTHOR_ANONYMOUS and not self.author_name.strip():
            errors["author_name"] = _("Écrire le nom ou le pseudonyme, ou choisir « Anonyme ».")
        first, last = self.pdf_first_page, self.pdf_last_page
        if first and last and last < first:
            errors["pdf_last_page"] = _("La dernière page vient après la première.")
        if errors:
            raise ValidationError(errors)

    @property
    def author_display(self):
        if self.author_shown_as == self.AUTHOR_ANONYMOUS or not self.author_name.strip():
            return _("anonyme")
        return self.author_name

    @property
    def pdf_pages(self):
        if self.pdf_first_page and self.pdf_last_page and self.pdf_last_page != self.pdf_first_page:
            return f"{self.pdf_first_page}–{self.pdf_last_page}"
        return str(self.pdf_first_page or "")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["issue"] = self.get_parent().specific
        return context


# --- News --------------------------------------------------------------------------------


def news_feed_url(request=None):
    """The address of the news feed in the visitor's language, or "" when there is none."""
    index_page = public_pages(NewsIndexPage.objects.all()).first()
    if index_page is None:
        return ""
    return index_page.feed_url(request)


class NewsIndexPage(RoutablePageMixin, Page):
    """/actualites/: the news, newest first, paginated, with an RSS feed at /actualites/flux/."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, "intro"]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["lune_site.HomePage"]
    subpage_types = ["journal.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("actualités : accueil")

    def news(self):
        images = get_image_model().objects.prefetch_renditions(NEWS_RENDITION)
        return (
            public_pages(children_in_every_language(NewsPage.objects.all(), self))
            .prefetch_related(Prefetch("image", queryset=images))
            .order_by("-date", "-pk")
        )

    def feed_url(self, request=None):
        url = self.get_url(request)
        # reverse_subpage gives "flux/", relative to the page's own address.
        return (url + self.reverse_subpage("feed")) if url else ""

    @path("")
    def news_list(self, request):
        news = self.news()
        paginator = Paginator(news, NEWS_PER_PAGE)
        # The total changes with publications only: kept until the next one (counting every
        # news item through the gate is most of the page's time at 100,000: 70 ms).
        paginator.count = remember(fragment_key("news-count", None, self.pk), news.count)
        news_page = paginator.get_page(int_or_none(request.GET.get("page")) or 1)
        return self.render(
            request,
            context_overrides={"news_page": news_page, "news_feed_url": self.feed_url(request)},
        )

    @path("flux/")
    def feed(self, request):
        from journal.feeds import news_feed

        return news_feed(self, request)


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "journal.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsPage(Page):
    """A news item from the communications staff."""

    date = models.DateField(_("date"), default=datetime.date.today)
    summary = models.CharField(_("résumé"), max_length=300, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("texte"), blank=True)
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("mots-clés"))

    content_panels = [*Page.content_panels, "date", "summary", "image", "body", "tags"]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["journal.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("actualité")
        verbose_name_plural = _("actualités")
        # The latest news (home page, feed, listing) are read down this index.
        indexes = [models.Index(fields=["-date"], name="journal_news_latest")]

    @property
    def feed_date(self):
        return datetime.datetime.combine(self.date, datetime.time(9), QUEBEC)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["news_feed_url"] = news_feed_url(request)
        return context


# --- Contributions -----------------------------------------------------------------------


class ContributionFormPage(Page):
    """/journal/contribuer/: a fixed form for outside contributions, moderated by staff."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ul"])
    thanks = RichTextField(
        _("message de remerciement"), blank=True, features=["bold", "italic", "link"]
    )

    content_panels = [*Page.content_panels, "intro", "thanks"]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["journal.JournalIndexPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("journal : formulaire de contribution")

    def serve(self, request, *args, **kwargs):
        from journal.contributions import receive_contribution
        from journal.forms import ContributionForm

        sent = False
        if request.method == "POST":
            form = ContributionForm(request.POST, request.FILES)
            if form.is_valid():
                receive_contribution(form, request)
                sent = True
                form = None
        else:
            form = ContributionForm()
        context = self.get_context(request, *args, **kwargs)
        context.update(form=form, sent=sent)
        response = render(request, self.get_template(request), context)
        # The form holds a CSRF token: never stored by a shared cache.
        add_never_cache_headers(response)
        return response


class Contribution(models.Model):
    """A text (and maybe a file) sent from outside, kept for the staff to read and moderate."""

    counted_in_backups = True  # a form submission: a restore must bring it back

    STATUS_NEW = "nouvelle"
    STATUS_ACCEPTED = "retenue"
    STATUS_REFUSED = "refusee"
    STATUSES = [
        (STATUS_NEW, _("Nouvelle")),
        (STATUS_ACCEPTED, _("Retenue")),
        (STATUS_REFUSED, _("Refusée")),
    ]
    MAX_TEXT_LENGTH = 20000

    created_at = models.DateTimeField(_("reçue le"), auto_now_add=True)
    text = models.TextField(_("texte"), max_length=MAX_TEXT_LENGTH)
    pseudonym = models.CharField(_("pseudonyme"), max_length=100, blank=True)
    contact = models.CharField(_("pour la joindre"), max_length=200, blank=True)
    file = models.FileField(
        _("fichier"),
        storage=contribution_storage,
        upload_to=contribution_upload_to,
        blank=True,
        max_length=200,
    )
    file_type = models.CharField(_("type du fichier"), max_length=60, blank=True)
    original_filename = models.CharField(_("nom du fichier envoyé"), max_length=200, blank=True)
    consent = models.BooleanField(_("consentement"), default=False)
    status = models.CharField(
        _("état"), max_length=10, choices=STATUSES, default=STATUS_NEW, db_index=True
    )
    staff_notes = models.TextField(_("notes de l'équipe"), blank=True)
    article = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("article tiré de la contribution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = ["status", "staff_notes"]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")

    def __str__(self):
        excerpt = " ".join(self.text.split())[:60]
        return f"{self.pseudonym or _('anonyme')} : {excerpt}"

    @property
    def excerpt(self):
        return " ".join(self.text.split())[:120]


# --- The members' bad-client list --------------------------------------------------------


UNRESTRICTED_LIST_REFUSAL = _(
    "Publication refusée : la liste des mauvais clients doit être réservée au groupe des "
    "membres (confidentialité de la page ou de l'espace membres). Le brouillon est gardé."
)

# The log action Wagtail's `publish_scheduled` command passes to each publication it makes.
SCHEDULED_PUBLICATION = "wagtail.publish.scheduled"


class UnrestrictedBadClientListError(PublishPermissionError):
    """The bad-client list was to be published without its view restriction to the members."""


def members_restriction_exists(page):
    """True when `page` or an ancestor is restricted to the members group."""
    return PageViewRestriction.objects.filter(
        page__in=page.get_ancestors(inclusive=True),
        restriction_type=PageViewRestriction.GROUPS,
        groups__name=settings.MEMBERS_GROUP_NAME,
    ).exists()


class BadClientListPage(ClosedAreaPageMixin, Page):
    """The members' list of bad clients (/membres/...): members only, never anywhere else."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ul"])

    content_panels = [*Page.content_panels, "intro"]
    search_fields = []
    parent_page_types = ["lune_site.MembersAreaPage"]
    subpage_types = []
    closed_area_group_setting = "MEMBERS_GROUP_NAME"

    class Meta:
        verbose_name = _("liste des mauvais clients")
        verbose_name_plural = _("listes des mauvais clients")

    def is_restricted_to_members(self):
        return members_restriction_exists(self)

    def publish(
        self,
        revision,
        user=None,
        changed=True,
        log_action=True,
        previous_revision=None,
        skip_permission_checks=False,
    ):
        """Publish (or schedule) only under the members' restriction; every path comes here:
        the editor, bulk actions, workflows, scheduled publication, code."""
        if not self.is_restricted_to_members():
            # Dropped, not retried: the next scheduled run must not meet it again.
            type(revision).objects.filter(pk=revision.pk).update(approved_go_live_at=None)
            logger.error(
                "Bad-client list pk=%s not published: no view restriction to the members group",
                self.pk,
            )
            if log_action == SCHEDULED_PUBLICATION:
                # One refused page must not stop the command from publishing the others.
                return None
            raise UnrestrictedBadClientListError(str(UNRESTRICTED_LIST_REFUSAL))
        return super().publish(
            revision,
            user=user,
            changed=changed,
            log_action=log_action,
            previous_revision=previous_revision,
            skip_permission_checks=skip_permission_checks,
        )

    def refuse_unless_allowed(self, request):
        refusal = super().refuse_unless_allowed(request)
        if refusal is not None:
            return refusal
        # Without its lock on the tree the list is not served, even to members.
        if not self.is_restricted_to_members():
            raise PermissionDenied
        return None

    def reports_showing(self, today=None):
        return self.reports.showing(today)

    def serve(self, request, *args, **kwargs):
        from journal.forms import BadClientReportForm

        refusal = self.refuse_unless_allowed(request)
        if refusal is not None:
            return refusal
        sent = False
        if request.method == "POST":
            form = BadClientReportForm(request.POST)
            if form.is_valid():
                report = form.save(commit=False)
                report.list_page = self
                report.save()
                sent = True
                form = BadClientReportForm()
        else:
            form = BadClientReportForm()
        context = self.get_context(request, *args, **kwargs)
        context.update(form=form, sent=sent, reports=self.reports_showing())
        response = render(request, self.get_template(request), context)
        return mark_private(response)

    def serve_preview(self, request, mode_name):
        refusal = self.refuse_unless_allowed(request)
        if refusal is not None:
            return refusal
        context = self.get_context(request)
        context.update(form=None, sent=False, reports=self.reports_showing())
        return mark_private(render(request, self.get_template(request), context))


class BadClientReportQuerySet(models.QuerySet):
    def showing(self, today=None):
        """Approved reports whose expiry date has not passed."""
        today = today or timezone.localdate()
        return self.filter(status=BadClientReport.STATUS_APPROVED, expires_on__gte=today).order_by(
            "-incident_date", "-pk"
        )


class BadClientReport(models.Model):
    """One warning about a client. Never the name or picture of the person who reports it."""

    counted_in_backups = True  # a form submission: a restore must bring it back

    STATUS_PENDING = "a_verifier"
    STATUS_APPROVED = "publiee"
    STATUS_REFUSED = "refusee"
    STATUSES = [
        (STATUS_PENDING, _("À vérifier")),
        (STATUS_APPROVED, _("Publiée aux membres")),
        (STATUS_REFUSED, _("Refusée")),
    ]
    CONTACT_METHODS = [
        ("rue", _("Dans la rue")),
        ("telephone", _("Par téléphone ou texto")),
        ("annonce", _("Par une annonce en ligne")),
        ("application", _("Par une application ou un réseau social")),
        ("autre", _("Autrement")),
    ]
    DEFAULT_DAYS_SHOWN = 365

    list_page = models.ForeignKey(
        BadClientListPage, on_delete=models.CASCADE, related_name="reports", verbose_name=_("liste")
    )
    incident_date = models.DateField(_("date de l'incident"))
    area = models.CharField(_("secteur"), max_length=120)
    description = models.TextField(_("ce qui s'est passé"), max_length=3000)
    vehicle = models.CharField(_("véhicule"), max_length=150, blank=True)
    contact_method = models.CharField(
        _("premier contact"), max_length=15, choices=CONTACT_METHODS, default="rue"
    )
    expires_on = models.DateField(
        _("visible jusqu'au"),
        blank=True,
        help_text=_("Après cette date, l'avis n'est plus montré."),
    )
    status = models.CharField(
        _("état"), max_length=12, choices=STATUSES, default=STATUS_PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("reçu le"), auto_now_add=True)

    objects = BadClientReportQuerySet.as_manager()

    panels = [
        "status",
        FieldRowPanel(["incident_date", "expires_on"]),
        "area",
        "contact_method",
        "vehicle",
        "description",
    ]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("signalement d'un mauvais client")
        verbose_name_plural = _("signalements de mauvais clients")
        permissions = [
            ("reset_member_password", _("Peut changer le mot de passe d'une membre")),
        ]

    def __str__(self):
        return f"{self.incident_date:%Y-%m-%d} · {self.area}"

    def save(self, *args, **kwargs):
        if not self.expires_on:
            # Counted from the report, not the incident: a late report still shows a full year.
            self.expires_on = timezone.localdate() + datetime.timedelta(
                days=self.DEFAULT_DAYS_SHOWN
            )
        super().save(*args, **kwargs)


def feed_items(language=None, limit=20):
    """News and journal issues for the feed, newest first (both through the gate)."""
    news = list(public_pages(NewsPage.objects.all(), language=language).order_by("-date")[:limit])
    issues = list(
        public_pages(JournalIssuePage.objects.all(), language=language)
        .select_related("theme")
        .order_by("-publication_date")[:limit]
    )
    return sorted(news + issues, key=lambda page: page.feed_date, reverse=True)[:limit]


def home_news_and_issue(request, home_page):
    """The home page's block: the three latest news and the latest journal issue."""
    news = list(public_pages(NewsPage.objects.all()).order_by("-date", "-pk")[:3])
    images = get_image_model().objects.prefetch_renditions(COVER_RENDITION)
    issue = (
        public_pages(JournalIssuePage.objects.all())
        .select_related("theme")
        .prefetch_related(Prefetch("cover_image", queryset=images))
        .order_by("-publication_date", "-number")
        .first()
    )
    if not news and issue is None:
        return None
    return {
        "template": "journal/includes/home_section.html",
        "news": news,
        "issue": issue,
        "news_index": public_pages(NewsIndexPage.objects.all()).first(),
    }
