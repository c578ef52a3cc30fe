"""The case registry and how a run decides what it measures, skips, or reports as an error."""

import argparse

import pytest

from bench import cases
from bench.cases import first_page_url, register_case, registered_cases
from bench.run_size import measure_case


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(cases, "CASES", dict(cases.CASES))
    return cases.CASES


def test_todays_cases_and_the_placeholders_are_registered():
    names = [case.name for case in registered_cases()]
    for name in ("home", "about", "shelter", "sitemap", "healthz"):
        assert name in names
    for name in (
        "library",
        "library-query",
        "library-facets",
        "resource",
        "journal-issue",
        "events",
        "events-month",
        "calendar-feed",
        "search",
        "suggestions",
        "night-log",
    ):
        # A placeholder, or already the feature's own case (its benchmarks.py imported).
        assert name in cases.CASES, name
    assert cases.CASES["night-log"].login == "STAFF_GROUP_NAME"


def test_a_feature_replaces_its_placeholder_in_place(registry):
    position = list(registry).index("library")
    register_case("library", "/ressources/?vue=liste", needs="resources", weigh=True)
    assert list(registry).index("library") == position
    assert not registry["library"].placeholder
    assert registry["library"].resolve_url() == "/ressources/?vue=liste"


def test_url_functions_and_kinds(registry):
    case = register_case("later", lambda: "/plus-tard/", kind="feed")
    assert case.resolve_url() == "/plus-tard/"
    with pytest.raises(ValueError):
        register_case("bad", "/", kind="widget")


OPTIONS = argparse.Namespace(requests=5, case_seconds=2.0)


@pytest.mark.django_db
def test_measure_case_measures_a_page(site_tree):
    record, client = measure_case(cases.CASES["home"], 10, OPTIONS, ["pages"])
    assert record["status"] == "measured"
    assert record["n"] == 5
    assert 0 < record["p50_ms"] <= record["p95_ms"]
    assert record["queries"] == len(record["sql"]) > 0
    assert client is not None


@pytest.mark.django_db
def test_measure_case_says_not_built_yet(site_tree, registry, capsys):
    missing_builder = register_case("x", "/", needs="nothing-registers-this")
    record, _ = measure_case(missing_builder, 10, OPTIONS, ["pages"])
    assert record["status"] == "not built yet"
    assert "no content builder 'nothing-registers-this'" in record["reason"]
    not_found = register_case("y", "/pas-encore-construit/")
    record, _ = measure_case(not_found, 10, OPTIONS, ["pages"])
    assert record == {**record, "status": "not built yet", "url": "/pas-encore-construit/"}
    no_page = register_case("z", lambda: None)
    record, _ = measure_case(no_page, 10, OPTIONS, ["pages"])
    assert record["status"] == "not built yet" and "p95_ms" not in record
    printed = capsys.readouterr().out
    assert "x: not built yet" in printed and "y: not built yet" in printed


@pytest.mark.django_db
def test_measure_case_reports_errors_without_numbers(site_tree, registry):
    def broken():
        raise RuntimeError("no such thing")

    record, _ = measure_case(register_case("broken", broken), 10, OPTIONS, [])
    assert record["status"] == "error" and "no such thing" in record["reason"]


@pytest.mark.django_db
def test_staff_case_is_requested_as_staff(site_tree, registry):
    case = register_case("staff-area", "/equipe/", login="STAFF_GROUP_NAME")
    record, client = measure_case(case, 10, OPTIONS, [])
    assert record["status"] == "measured"
    assert client.session.session_key  # the load generator reuses this session


@pytest.mark.django_db
def test_first_page_url(site_tree):
    assert first_page_url("lune_site", "StandardPage") == "/naviguer-en-securite/"
    assert first_page_url("resources", "NoSuchPage") is None
    assert first_page_url("lune_site", "StaffAreaPage") is None  # closed areas never listed


@pytest.mark.django_db
def test_a_server_error_is_reported_not_raised(site_tree, registry, monkeypatch):
    from lune_site.models import HomePage

    def fail(*args, **kwargs):
        raise RuntimeError("template bug")

    monkeypatch.setattr(HomePage, "serve", fail)
    record, client = measure_case(cases.CASES["home"], 10, OPTIONS, [])
    assert record["status"] == "error" and record["reason"] == "/ answers 500"
    assert client is None and "p95_ms" not in record


def test_the_apps_register_their_real_cases_and_builders():
    """resources, journal and the site's benchmarks.py replace the placeholders (issue 9)."""
    from bench.content import BUILDERS

    cases.discover()
    for name in ("library", "library-query", "library-facets", "resource", "journal-issue"):
        assert not cases.CASES[name].placeholder, name
    assert "library-facets-json" in cases.CASES
    assert cases.CASES["night-log"].login == "STAFF_GROUP_NAME"
    assert not cases.CASES["night-log"].placeholder
    for key in ("resources", "journal", "night_logs", "pages"):
        assert not BUILDERS[key].stand_in, key
