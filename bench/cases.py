"""What the benchmark measures: a registry of cases (name, URL, kind).

An app adds or replaces cases in its `<app>/benchmarks.py` (imported after Django starts,
together with its content builder):

    from bench.cases import register_case

    register_case("library-facets", lambda: "/ressources/?q=logement&categorie=sante",
                  kind="search", needs="resources")

A case's URL is a string or a function called after the content is built (return None when
there is nothing to measure). A case whose builder (`needs`) is not registered, whose URL
function returns None, or whose URL answers 404 is reported "not built yet", never measured.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

KINDS = ("page", "search", "feed")
CASES = {}


@dataclass(frozen=True)
class Case:
    name: str
    url: "str | Callable[[], str | None]"
    kind: str = "page"
    # The content builder (bench.content key) without which the case means nothing.
    needs: str | None = None
    # A group setting ("STAFF_GROUP_NAME"): the case is requested as a member of that group.
    login: str | None = None
    # Measure the page's weight (HTML, CSS, JS, fonts) too.
    weigh: bool = False
    # Registered by the harness before the feature exists; the feature's helper replaces it.
    placeholder: bool = False

    def resolve_url(self):
        return self.url() if callable(self.url) else self.url


def register_case(name, url, *, kind="page", needs=None, login=None, weigh=False, **extra):
    """Add a case, or replace the one with the same name (keeping its place in the table)."""
    if kind not in KINDS:
        raise ValueError(f"case {name!r}: kind must be one of {KINDS}, not {kind!r}")
    case = Case(name, url, kind=kind, needs=needs, login=login, weigh=weigh, **extra)
    CASES[name] = case
    return case


def placeholder(name, url, **options):
    return register_case(name, url, placeholder=True, **options)


def registered_cases():
    return list(CASES.values())


def discover():
    """Import every installed app's `benchmarks` module (builders and cases register there)."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("benchmarks")


def first_page_url(app_label, model_name, **filters):
    """URL of the first public page of a type, or None while that page type does not exist."""
    from django.apps import apps

    from search.gate import public_pages

    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return None
    page = public_pages(model.objects.filter(**filters)).order_by("path").first()
    return page.get_url() if page is not None else None


def this_month():
    return datetime.date.today().strftime("%Y-%m")


# --- Today's cases: the foundation's pages ---------------------------------------------------

register_case("home", "/", weigh=True)
register_case("about", "/a-propos/", weigh=True)
register_case("shelter", "/hebergement/", weigh=True)
register_case("sitemap", "/sitemap.xml", kind="feed")
register_case("healthz", "/healthz")
# One of the synthetic standard pages: a page deep in a big tree.
register_case("standard-page", lambda: first_page_url("lune_site", "StandardPage", depth=4))

# --- Placeholders from issue 9: each feature's helper replaces them with real URLs ---------

placeholder("library", "/ressources/", needs="resources", weigh=True)
placeholder("library-query", "/ressources/?q=logement", kind="search", needs="resources")
placeholder(
    "library-facets",
    "/ressources/?q=logement&categorie=sante&etiquette=gratuit&ouvert=1",
    kind="search",
    needs="resources",
)
placeholder(
    "resource", lambda: first_page_url("resources", "ResourcePage"), needs="resources", weigh=True
)
placeholder(
    "journal-issue",
    lambda: first_page_url("journal", "JournalIssuePage"),
    needs="journal",
    weigh=True,
)
placeholder("events", "/evenements/", needs="events", weigh=True)
placeholder("events-month", lambda: f"/evenements/?mois={this_month()}", needs="events")
placeholder("calendar-feed", "/evenements/calendrier.ics", kind="feed", needs="events")
placeholder("search", "/recherche/?q=logement", kind="search", weigh=True)
placeholder("suggestions", "/recherche/suggestions/?q=loge", kind="search")
placeholder(
    "night-log",
    lambda: None,  # the night-log helper registers the real URL
    needs="night_logs",
    login="STAFF_GROUP_NAME",
)
