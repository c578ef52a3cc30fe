"""No answer of the site shows what a visitor must not see: the leak probe, and its own checks."""

import ast
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import timezone
from wagtail.models import Page

from tests.search.leak_probe import LeakProbe, regex_pieces, route_pieces

pytestmark = pytest.mark.django_db

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture
def probe(site_tree):
    from lune_site.models import StandardPage

    # Public content next to the secrets, so that listings and searches have something to show.
    for number in range(3):
        page = StandardPage(
            title=f"Ressource publique {number}", slug=f"publique-{number}", summary="Ouvert."
        )
        site_tree.add_child(instance=page)
        page.save_revision().publish()
    leak_probe = LeakProbe()
    leak_probe.plant()
    return leak_probe


def test_no_route_shows_a_planted_secret(probe, outsider_user):
    probe.assert_no_leak(users=[None, outsider_user])


def test_secrets_are_planted_where_a_careless_view_would_find_them(probe):
    # The probe means something only if an ungated query would return the secrets.
    assert Page.objects.search(probe.search_word).count() >= 4
    assert Page.objects.filter(title__contains=probe.marker).count() >= 6
    assert Page.objects.filter(draft_title__contains=probe.marker, live=True).exists()


def test_routes_are_discovered_not_listed(probe):
    paths, unprobed = probe.route_paths()
    assert not unprobed, f"routes the probe cannot address (add a probe URL provider): {unprobed}"
    for expected in ("/", "/en/", "/sitemap.xml", "/robots.txt", "/healthz", "/connexion/"):
        assert expected in paths
    for page in Page.objects.filter(title__contains=probe.marker).specific():
        assert page.get_url() in paths
    assert any(p.startswith("/documents/") and probe.marker in p for p in paths)
    assert not any(p.startswith("/admin/") for p in paths)


@override_settings(ROOT_URLCONF="tests.search.leaky_urls")
def test_the_probe_catches_an_ungated_view(probe, outsider_user):
    findings = probe.probe(users=[None, outsider_user])
    leaking = {f.path.split("?")[0] for f in findings if f.where == "body"}
    assert "/fuite/titres/" in leaking
    assert "/fuite/recherche/" in leaking
    assert "/fuite/brouillons/" in leaking
    assert {f.who for f in findings} == {"anonymous", outsider_user.get_username()}


def test_route_templates():
    assert route_pieces("evenements/<slug:slug>/evenement.ics")[0] == "evenements/"
    assert len(route_pieces("documents/<int:document_id>/<str:document_filename>")) == 4
    assert regex_pieces(r"^healthz$") == ("healthz",)
    assert regex_pieces(r"^feed/(?P<pk>\d+)/$")[1].kind == "int"
    assert regex_pieces(r"^((?:[\w\-]+/)*)$") is None


# --- Only the gate searches pages -------------------------------------------------------------

APPS = ("site", "resources", "journal", "events", "search")
# The gate, the backends that implement `.search()` itself, and the index status (counts).
ALLOWED = {"search/gate.py", "search/backends.py", "search/elasticsearch.py", "search/status.py"}
SEARCH_METHODS = {"search", "autocomplete"}


def regex_names(tree):
    """Names bound to compiled regular expressions (`pattern.search(text)` is not a query)."""
    names = {"re", "regex"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            func = node.value.func
            if isinstance(func, ast.Attribute) and func.attr == "compile":
                names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names


def direct_searches(source):
    tree = ast.parse(source)
    allowed_receivers = regex_names(tree)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in SEARCH_METHODS
            and not (
                isinstance(node.func.value, ast.Name) and node.func.value.id in allowed_receivers
            )
        ):
            yield node.lineno


def test_no_module_searches_pages_outside_the_gate():
    offenders = []
    for app in APPS:
        for module in sorted((PROJECT / app).rglob("*.py")):
            relative = module.relative_to(PROJECT).as_posix()
            if relative in ALLOWED or "/migrations/" in relative:
                continue
            for line in direct_searches(module.read_text()):
                offenders.append(f"{relative}:{line}")
    assert not offenders, f"search through search.gate instead: {offenders}"


def test_the_source_scan_sees_a_direct_search():
    assert list(direct_searches("Page.objects.live().search('x')\n")) == [1]
    assert list(direct_searches("_WORD = re.compile('a')\n_WORD.search('b')\n")) == []


def test_the_probe_catches_ungated_promotions(probe, client, monkeypatch):
    """The probe promotes its hidden pages: promotions that skipped the gate would show them."""
    from types import SimpleNamespace

    import search.promotions

    query = {"q": probe.search_word, "format": "json"}
    assert probe.marker not in client.get("/recherche/", query).content.decode()
    monkeypatch.setattr(search.promotions, "gate", SimpleNamespace(public_pages=lambda qs: qs))
    assert probe.marker in client.get("/recherche/", query).content.decode()


def test_feeds_calendar_views_and_event_files_are_walked(probe, monkeypatch):
    """Routable pages' own routes and the links answers give (`?mois=`, `?type=`) are probed;
    a calendar that skipped the gate would show the planted events in each of them."""
    import events.models
    from events.models import EventPage
    from events.recurrence import QUEBEC

    def ungated_events(event_type=None, language=None):
        events = EventPage.objects.live()
        return events.filter(event_type=event_type) if event_type is not None else events

    monkeypatch.setattr(events.models, "public_events", ungated_events)
    findings = probe.probe(users=[None])
    month = timezone.localdate(timezone=QUEBEC).strftime("%Y-%m")
    channels = {
        "/actualites/flux/",
        "/evenements/calendrier.ics",
        "/evenements/calendrier.ics?type=formation",
        f"/evenements/?mois={month}",
        "/evenements/?vue=passes",
        "/evenements/evenement-public/evenement.ics",
    }
    assert channels <= probe.asked["anonymous"]
    leaking = {f.path for f in findings if f.where == "body"}
    assert channels - {"/actualites/flux/", "/evenements/evenement-public/evenement.ics"} <= leaking
    assert {"/", "/formations/formation-publique/"} <= leaking
