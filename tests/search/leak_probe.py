"""The leak probe: plant a secret word in everything a visitor must not see, walk every route
of the project, and fail if the word shows in any answer.

Routes are discovered from the URL configuration (`django.urls.get_resolver()`), never
listed here, so a new view is probed the day it is added; a routable page's own routes (feeds,
.ics files) are walked under its address; and every address an answer links to (its query
strings: `?mois=`, `?type=`, pages, feeds) is followed, `LINK_DEPTH` links deep. Other apps add
what they hide:

    # tests/<app>/leak_planters.py  (found and imported by the probe, whichever test runs)
    from tests.search.leak_probe import register_planter

    @register_planter
    def plant_night_log(probe):
        log = NightLog.objects.create(summary=probe.text("journal de nuit"))
        return [log]            # planted objects: their pk/slug feed routes' parameters

`register_probe_urls(provider)` adds addresses a route walk cannot guess
(`provider(probe) -> iterable of paths`), for example a query string a feed needs.

Use it in a test:

    probe = LeakProbe()
    probe.plant()
    probe.assert_no_leak(users=[None, outsider_user])   # None: an anonymous visitor
"""

import html
import importlib
import json
import random
import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page, PageViewRestriction, Site

PLANTERS = []
PROBE_URL_PROVIDERS = []

# Wagtail's admin answers nothing to users without `wagtailadmin.access_admin` (tested by
# Wagtail, and by tests/lune_site/test_admin.py); its hundreds of routes would only slow this.
SKIPPED_PREFIXES = ("/admin/",)
# Views that serve files from disk in development only.
SKIPPED_VIEWS = ("django.views.static.serve",)
WAGTAIL_SERVE = "wagtail.views.serve"
# Links followed from the answers: 1 reaches the calendar's month view and type filters,
# 2 the feed of one type and the neighbouring months.
LINK_DEPTH = 2
TESTS_ROOT = Path(__file__).resolve().parents[1]
ANONYMOUS = "anonymous"


def register_planter(planter):
    """Add `planter(probe) -> iterable of planted objects` to every probe run."""
    if planter not in PLANTERS:
        PLANTERS.append(planter)
    return planter


def register_probe_urls(provider):
    """Add `provider(probe) -> iterable of paths` (with query strings if needed) to every run."""
    if provider not in PROBE_URL_PROVIDERS:
        PROBE_URL_PROVIDERS.append(provider)
    return provider


def load_app_planters():
    """Import every `tests/<app>/leak_planters.py`, so each app's planters run in every probe."""
    for module_path in sorted(TESTS_ROOT.glob("*/leak_planters.py")):
        importlib.import_module(f"tests.{module_path.parent.name}.leak_planters")


def random_word(length=12):
    return "".join(random.choices(string.ascii_lowercase, k=length))


# --- Planting ---------------------------------------------------------------------------------


@dataclass
class Finding:
    who: str
    path: str
    status: int
    where: str  # "body", "header X", "cookie"

    def __str__(self):
        return f"{self.who} GET {self.path} -> {self.status}: secret in {self.where}"


@dataclass
class LeakProbe:
    """A secret (`marker`) planted with a searchable companion word (`search_word`).

    The marker must never appear in an answer; the probe searches for `search_word` (and for
    near-misses of the marker) so that an answer echoing the query does not look like a leak,
    while any planted page it lists shows its title, which holds the marker.

    Content behind a login restriction (Wagtail's "any logged-in user") holds `login_marker`
    instead: no anonymous visitor may see it, while a logged-in user may open it where it is
    (never in a public listing: those show public pages only, which still fails on `marker`
    for the listing's other hidden pages). It shares the marker's first seven letters, so the
    near-miss queries reach it too.
    """

    marker: str = field(default_factory=lambda: "zq" + random_word())
    search_word: str = field(default_factory=lambda: "vx" + random_word())
    login_marker: str = ""
    planted: list = field(default_factory=list)
    home: Page | None = None
    # After probe(): every address asked, for each user ("anonymous" or the username).
    asked: dict = field(default_factory=dict)

    def __post_init__(self):
        self.login_marker = self.login_marker or self.marker[:7] + "lg" + random_word(7)

    def text(self, label=""):
        """A sentence holding the secret: use it for titles and text fields of planted objects."""
        return f"{label} {self.marker} {self.search_word} secret".strip()

    def slug(self, label):
        """A slug holding the secret: listings of addresses (sitemaps) are probed too."""
        return f"{label}-{self.marker}"

    def login_text(self, label=""):
        """`text()` for content behind a login restriction (hidden from anonymous visitors)."""
        return f"{label} {self.login_marker} {self.search_word} secret".strip()

    def login_slug(self, label):
        return f"{label}-{self.login_marker}"

    def secrets_for(self, who):
        return (self.marker, self.login_marker) if who == ANONYMOUS else (self.marker,)

    @property
    def near_misses(self):
        """Queries close to the marker, for suggestion and autocomplete routes."""
        swapped = self.marker[:-1] + ("a" if self.marker[-1] != "a" else "b")
        return [self.marker[:7], swapped]

    def plant(self):
        load_app_planters()
        self.home = Site.objects.get(is_default_site=True).root_page.specific
        for planter in PLANTERS:
            self.planted.extend(planter(self) or [])
        promote_planted_pages(self)
        return self.planted

    # --- Addresses ------------------------------------------------------------------------

    def route_paths(self):
        """Every address of the project: routes with their parameters filled, page URLs."""
        found, unprobed = set(), []
        for template, callback, route in walk_patterns(get_resolver()):
            name = f"{callback.__module__}.{getattr(callback, '__name__', '')}"
            if name in SKIPPED_VIEWS or ("/" + route).startswith(SKIPPED_PREFIXES):
                continue
            if name == WAGTAIL_SERVE:
                found.update(self.page_paths(unprobed))
                continue
            if template is None:
                unprobed.append(f"{route} ({name})")
                continue
            found.update(fill_template(template, self.parameter_sources()))
        for provider in PROBE_URL_PROVIDERS:
            found.update(provider(self) or [])
        paths = sorted(p for p in found if not p.startswith(SKIPPED_PREFIXES))
        return paths, unprobed

    def page_paths(self, unprobed=None):
        # Each language's home, even before any page is translated.
        paths = {
            f"/{code}/" for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
        }
        for page in Page.objects.filter(depth__gt=1).specific(defer=True):
            url = page.get_url()
            if url and url.startswith("/"):
                paths.add(url)
                paths.update(self.subpage_paths(page, url, unprobed))
        return paths

    def subpage_paths(self, page, url, unprobed=None):
        """A routable page's own routes (feeds, .ics files, thank-you pages) under its address."""
        if not isinstance(page, RoutablePageMixin):
            return set()
        found = set()
        for pattern in page.get_subpage_urls():
            for pieces in pattern_pieces(pattern.pattern):
                if pieces is None:
                    if unprobed is not None:
                        unprobed.append(f"{url}{pattern.pattern} ({type(page).__name__})")
                    continue
                for route in fill_template(pieces, self.parameter_sources()):
                    found.update(served_forms(url + route.removeprefix("/")))
        return found

    def parameter_sources(self):
        """Objects whose identifiers fill route parameters: the planted ones first."""
        public = list(Page.objects.live().filter(depth__gt=1).order_by("path")[:3])
        return [*self.planted, *public]

    def requests(self):
        paths, _unprobed = self.route_paths()
        queries = [
            {},
            {"format": "json"},
            {"q": self.search_word},
            {"q": self.search_word, "format": "json"},
            *({"q": near} for near in self.near_misses),
        ]
        for path in paths:
            if "?" in path:
                yield path
                continue
            for query in queries:
                yield f"{path}?{urlencode(query)}" if query else path

    # --- Probing ------------------------------------------------------------------------

    def probe(self, users):
        """Findings (leaks and server errors) for each user (None: anonymous) on every request,
        and on every address the answers link to (`LINK_DEPTH` links deep)."""
        findings = []
        self.asked.clear()
        for user in users:
            client = Client(raise_request_exception=False)
            who = ANONYMOUS
            if user is not None:
                client.force_login(user)
                who = user.get_username()
            asked = self.asked[who] = set()
            batch = list(self.requests())
            for _depth in range(LINK_DEPTH + 1):
                links = set()
                for request_path in batch:
                    asked.add(request_path)
                    response = client.get(request_path)
                    body = read_body(response)
                    findings.extend(self.inspect(who, request_path, response, body))
                    links.update(linked_paths(request_path, response, body))
                batch = sorted(links - asked)
        return findings

    def inspect(self, who, request_path, response, body=None):
        status = response.status_code
        if status >= 500:
            return [Finding(who, request_path, status, "a server error")]
        found = []
        body = without_echo(read_body(response) if body is None else body, request_path)
        headers = {header: without_echo(value, request_path) for header, value in response.items()}
        for secret in self.secrets_for(who):
            if secret in body:
                found.append(Finding(who, request_path, status, "body"))
            for header, value in headers.items():
                if secret in value:
                    found.append(Finding(who, request_path, status, f"header {header}"))
            for cookie in response.cookies.values():
                if secret in cookie.value:
                    found.append(Finding(who, request_path, status, "cookie"))
        return found

    def assert_no_leak(self, users):
        findings = self.probe(users)
        assert not findings, "Leaks:\n" + "\n".join(str(f) for f in findings)


def read_body(response):
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8", errors="replace")


_HREF = re.compile(r"""(?:href|src|action)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
_LOC = re.compile(r"<(?:loc|link|id)>\s*([^<\s]+)\s*</")
_ABSOLUTE = re.compile(r"""(?:https?|webcal)://[^\s"'<>\\]+""")


def site_hosts():
    """Host names an answer may use for this site's own addresses."""
    hosts = {"testserver", *Site.objects.values_list("hostname", flat=True)}
    return hosts | {h for h in settings.ALLOWED_HOSTS if "*" not in h and not h.startswith(".")}


def linked_paths(request_path, response, body):
    """This site's addresses an answer points to: links, sitemap entries, absolute addresses
    in feeds and JSON, and a redirect's target. Static files and the admin are left out."""
    if response.get("Content-Type", "").startswith("text/calendar"):
        body = re.sub(r"\r?\n[ \t]", "", body)  # RFC 5545 folds long lines
    candidates = _HREF.findall(body) + _LOC.findall(body)
    candidates += _ABSOLUTE.findall(body.replace("\\/", "/"))
    candidates = [html.unescape(link) for link in candidates]
    if response.get("Location"):
        candidates.append(response["Location"])
    hosts = site_hosts()
    skipped = (*SKIPPED_PREFIXES, settings.STATIC_URL, settings.MEDIA_URL)
    found = set()
    for candidate in candidates:
        parts = urlsplit(urljoin("http://testserver" + request_path, candidate.strip()))
        if parts.scheme not in ("http", "https", "webcal") or parts.hostname not in hosts:
            continue
        path = parts.path or "/"
        if path.startswith(skipped):
            continue
        found.add(f"{path}?{parts.query}" if parts.query else path)
    return found


def served_forms(path):
    """A route ending in a file name (`calendrier.ics/`) is also served without its slash."""
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return {path, path.rstrip("/")} if "." in last else {path}


def without_echo(text, request_path):
    """An answer may repeat the address it was asked for (a login redirect's `next`), and the
    login page the address it was given in `next`."""
    path, _, query = request_path.partition("?")
    echoes = {request_path, path, quote(path), quote(path, safe=""), quote(request_path, safe="")}
    for value in (v for _name, v in parse_qsl(query) if len(v) > 1 and v.startswith("/")):
        echoes |= {value, quote(value), quote(value, safe=""), value.split("?", 1)[0]}
    echoes |= {html.escape(e) for e in list(echoes)}
    echoes |= {json.dumps(e)[1:-1] for e in list(echoes)}
    for echo in sorted(echoes, key=len, reverse=True):
        text = text.replace(echo, "")
    return text


# --- Route discovery --------------------------------------------------------------------------


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str  # "int", "str", "slug", "path", "uuid"


_ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def walk_patterns(resolver, prefix=(), route=""):
    """(template, callback, route) for every view; template is a tuple of str and Parameter
    pieces, or None when the pattern cannot be turned into an address; route is the pattern's
    text (for messages and skipped prefixes)."""
    for entry in resolver.url_patterns:
        text = route + str(entry.pattern).removeprefix("^")
        for pieces in pattern_pieces(entry.pattern):
            template = None if pieces is None or prefix is None else (*prefix, *pieces)
            if isinstance(entry, URLResolver):
                yield from walk_patterns(entry, template, text)
            elif isinstance(entry, URLPattern):
                yield template, entry.callback, text


def pattern_pieces(pattern):
    """The alternatives for one pattern's part of the address."""
    if isinstance(pattern, LocalePrefixPattern):
        languages = [code for code, _name in settings.LANGUAGES]
        return [
            (f"{code}/",)
            if code != settings.LANGUAGE_CODE or pattern.prefix_default_language
            else ()
            for code in languages
        ]
    if isinstance(pattern, RoutePattern):
        return [route_pieces(str(pattern._route))]
    if isinstance(pattern, RegexPattern):
        return [regex_pieces(pattern._regex)]
    return [None]


def route_pieces(route):
    pieces, position = [], 0
    for match in _ROUTE_PARAMETER.finditer(route):
        pieces.append(route[position : match.start()])
        pieces.append(Parameter(match["name"], match["converter"] or "str"))
        position = match.end()
    pieces.append(route[position:])
    return tuple(p for p in pieces if p != "")


def regex_pieces(regex):
    """Plain regexes (no alternatives, no repetition) become addresses; capturing groups
    become parameters. Anything cleverer returns None and is reported as not probed."""
    body = regex.removeprefix("^").removesuffix("$").removesuffix("\\Z")
    pieces, literal, depth, group, name = [], "", 0, "", None
    index = 0
    while index < len(body):
        char = body[index]
        if depth:
            if char == "(":
                return None  # nested groups: a repeated path, not one parameter
            elif char == ")":
                depth -= 1
                if not depth:
                    kind = "int" if group.startswith("\\d") or group == "[0-9]+" else "str"
                    pieces.append(Parameter(name or f"arg{len(pieces)}", kind))
                    group, name = "", None
                    index += 1
                    continue
            group += char
        elif char == "(":
            if body.startswith("(?P<", index):
                end = body.index(">", index)
                name = body[index + 4 : end]
                index = end
            elif body.startswith("(?", index):
                return None
            if literal:
                pieces.append(literal)
                literal = ""
            depth = 1
        elif char == "\\" and index + 1 < len(body) and not body[index + 1].isalnum():
            literal += body[index + 1]
            index += 1
        elif char in ".*+?|[]{}\\":
            return None
        else:
            literal += char
        index += 1
    if literal:
        pieces.append(literal)
    return tuple(pieces)


def parameter_value(source, parameter):
    """A value for `parameter` taken from a planted (or public) object."""
    for attribute in (parameter.name, parameter.name.rsplit("_", 1)[-1]):
        value = getattr(source, attribute, None)
        if value not in (None, "") and not callable(value):
            value = str(getattr(value, "name", value)).rsplit("/", 1)[-1]
            if parameter.kind != "int" or value.isdigit():
                return value
    if parameter.kind == "int":
        return str(source.pk)
    if parameter.kind == "path":
        url_path = getattr(source, "url_path", "") or ""
        return url_path.strip("/").split("/", 1)[-1] or str(source.pk)
    return getattr(source, "slug", None) or str(source.pk)


def fill_template(template, sources):
    """One address per source object, each parameter filled from that object."""
    parameters = [p for p in template if isinstance(p, Parameter)]
    if not parameters:
        return {"/" + "".join(template)}
    return {
        "/"
        + "".join(
            quote(parameter_value(source, piece)) if isinstance(piece, Parameter) else piece
            for piece in template
        )
        for source in sources
    }


# --- The planters every probe runs ------------------------------------------------------------


def new_page(parent, model, probe, label, *, publish=True, **fields):
    page = model(title=probe.text(label), slug=probe.slug(label), locale=parent.locale, **fields)
    if not publish:
        page.live = False
    parent.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    return page


def promote_planted_pages(probe):
    """Staff's search promotions go through the gate too: every hidden page that any planter
    made is promoted for the words the probe searches."""
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    pages = {obj.pk: obj for obj in probe.planted if isinstance(obj, Page)}
    pages.update((p.pk, p) for p in Page.objects.filter(title__contains=probe.marker))
    for text in [probe.search_word, *probe.near_misses]:
        query = Query.get(text)
        SearchPromotion.objects.bulk_create(
            SearchPromotion(query=query, page=page, sort_order=order)
            for order, page in enumerate(pages.values())
        )


@register_planter
def plant_restricted_pages(probe):
    """A page restricted to the staff group, and its child (restricted through its parent)."""
    from lune_site.models import StandardPage

    restricted = new_page(probe.home, StandardPage, probe, "restreinte", summary=probe.text())
    restriction = PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name=settings.STAFF_GROUP_NAME))
    below = new_page(restricted, StandardPage, probe, "sous-restreinte", summary=probe.text())
    return [restricted, below, restriction]


@register_planter
def plant_drafts(probe):
    """A never-published page, and a live page whose unpublished revision holds the secret."""
    from lune_site.models import StandardPage

    never = new_page(probe.home, StandardPage, probe, "brouillon", publish=False)
    live = StandardPage(title="Page publique", slug="page-publique-modifiee", summary="Publique.")
    probe.home.add_child(instance=live)
    live.save_revision().publish()
    live.title = probe.text("brouillon")
    live.summary = probe.text()
    live.save_revision()
    return [never, StandardPage.objects.get(pk=live.pk)]


@register_planter
def plant_closed_areas(probe):
    """The closed areas' roots hold the secret, and so does a plain page placed inside each."""
    from lune_site.models import CLOSED_AREA_ROOTS, StandardPage

    planted = []
    for model in CLOSED_AREA_ROOTS:
        for area in model.objects.all():
            area.title = f"{area.title} {probe.marker}"
            if hasattr(area, "intro"):
                area.intro = f"<p>{probe.text()}</p>"
            area.save_revision().publish()
            inside = new_page(area, StandardPage, probe, "dedans", summary=probe.text())
            planted += [area, inside]
    return planted


@register_planter
def plant_private_document(probe):
    """A document in the staff's private collection."""
    from lune_site.setup import STAFF_COLLECTION

    collection = Collection.objects.filter(name=STAFF_COLLECTION).first()
    if collection is None:
        return []
    document = get_document_model()(title=probe.text("document"), collection=collection)
    document.file.save(f"note-{probe.marker}.txt", ContentFile(probe.text().encode()), save=False)
    document.save()
    return [document]
