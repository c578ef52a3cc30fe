"""Staff steer the search: promotions shown first (through the gate), and the search log
(query text, day, count) with its reports and its purge."""

import datetime
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, PageViewRestriction

from search.models import DailySearchQuery
from search.query_log import flush_search_log, looks_personal, pending_searches, record_search

pytestmark = pytest.mark.django_db


def promote(query, page=None, sort_order=0, **fields):
    return SearchPromotion.objects.create(
        query=Query.get(query), page=page, sort_order=sort_order, **fields
    )


def search_json(client, **params):
    response = client.get("/recherche/", {**params, "format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.fixture
def housing(add_page):
    """Pages about housing; the emergency shelter says "logement" only once, far down."""
    from lune_site.models import ShelterPage

    pages = {
        "guide": add_page("Logement : le guide", "Tout sur le logement, le logement et le bail."),
        "bail": add_page("Signer un bail", "Logement et bail."),
        "urgence": add_page(
            "Hébergement d'urgence",
            model=ShelterPage,
            intro="Un lit pour la nuit, en attendant un logement.",
        ),
        "numeros": add_page("Numéros utiles", "Téléphones des organismes."),
    }
    return pages


# --- Promotions -------------------------------------------------------------------------------


def test_promoted_pages_come_first_and_marked(client, housing):
    promote("logement", housing["urgence"], sort_order=0, description="Ouvert la nuit.")
    promote("logement", housing["numeros"], sort_order=1)
    data = search_json(client, q="logement")
    titles = [r["title"] for r in data["results"]]
    assert titles[:2] == ["Hébergement d'urgence", "Numéros utiles"]
    assert [r["promoted"] for r in data["results"]][:3] == [True, True, False]
    assert titles.count("Hébergement d'urgence") == 1  # not again among the ranked results
    assert data["count"] == len(data["results"])  # the promotions counted once
    assert data["results"][0]["excerpt"] == "Ouvert la nuit."

    body = client.get("/recherche/", {"q": "Logement"}).content.decode()
    assert body.index("Hébergement d") < body.index("Logement : le guide")
    assert 'class="promoted"' in body and "Suggéré" in body


def test_promotions_go_through_the_gate(client, housing, add_page, site_tree):
    draft = add_page("Logement en brouillon", "Pas publié.")
    draft.unpublish()
    restricted = add_page("Logement réservé", "Réservé aux membres.")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    staff_area = Page.objects.get(url_path__endswith="/equipe/")
    closed = add_page("Logement de l'équipe", "Interne.", parent=staff_area)
    for order, page in enumerate([draft, restricted, closed, housing["numeros"]]):
        promote("logement", page, sort_order=order)
    data = search_json(client, q="logement")
    titles = [r["title"] for r in data["results"]]
    assert titles[0] == "Numéros utiles"
    for hidden in ("Logement en brouillon", "Logement réservé", "Logement de l'équipe"):
        assert hidden not in titles


def test_promotions_follow_the_type_filter_and_external_links(client, housing):
    promote("logement", housing["urgence"])
    promote(
        "logement",
        external_link_url="https://www.omhq.qc.ca/",
        external_link_text="Office municipal d'habitation",
        sort_order=1,
    )
    everything = search_json(client, q="logement")
    assert [r["title"] for r in everything["results"]][:2] == [
        "Hébergement d'urgence",
        "Office municipal d'habitation",
    ]
    assert everything["results"][1]["url"] == "https://www.omhq.qc.ca/"
    standard = search_json(client, q="logement", type="standardpage")
    assert [r["promoted"] for r in standard["results"]] == [False, False]
    shelters = search_json(client, q="logement", type="shelterpage")
    assert [(r["title"], r["promoted"]) for r in shelters["results"]] == [
        ("Hébergement d'urgence", True)
    ]
    body = client.get("/recherche/", {"q": "logement"}).content.decode()
    assert f"Tout ({everything['count']})" in body  # the external link counts too
    assert everything["count"] == len(everything["results"])


def test_promotion_alone_is_a_result_and_not_on_later_pages(client, housing, add_page):
    promote("abri", housing["urgence"])
    data = search_json(client, q="abri")
    assert [(r["title"], r["promoted"]) for r in data["results"]] == [
        ("Hébergement d'urgence", True)
    ]
    for number in range(12):
        add_page(f"Bail numéro {number}", "Un bail.")
    promote("bail", housing["numeros"])
    first, second = search_json(client, q="bail"), search_json(client, q="bail", page="2")
    assert first["results"][0]["promoted"] and not any(r["promoted"] for r in second["results"])
    titles = [r["title"] for r in first["results"] + second["results"]]
    assert len(titles) == len(set(titles)) == 15  # 13 pages with "bail", 1 promoted, 1 guide


# --- The search log ---------------------------------------------------------------------------


def test_the_log_keeps_only_text_day_and_count():
    fields = {f.name for f in DailySearchQuery._meta.get_fields()}
    assert fields == {"id", "query", "day", "found_nothing", "count"}


def test_each_search_counts_once_a_day(client, housing):
    for query in ("logement", "Logement ", "LOGEMENT"):
        client.get("/recherche/", {"q": query})
    search_json(client, q="hippopotame")
    rows = {(r.query, r.found_nothing): r.count for r in DailySearchQuery.objects.all()}
    assert rows == {("logement", False): 3, ("hippopotame", True): 1}
    assert DailySearchQuery.objects.get(query="logement").day == timezone.localdate()


def test_paging_narrowing_and_empty_queries_add_nothing(client, housing):
    client.get("/recherche/", {"q": "logement", "page": "2"})
    client.get("/recherche/", {"q": "logement", "type": "shelterpage"})
    client.get("/recherche/", {"q": "  ?!  "})
    client.get("/recherche/")
    assert not DailySearchQuery.objects.exists()


WRITES = ("INSERT", "UPDATE", "DELETE")


def statements(captured):
    """The SQL statements run, upper-cased (Django marks executemany's with "N times: ")."""
    return [
        re.sub(r"^\d+ times: ", "", q["sql"].lstrip()).upper() for q in captured.captured_queries
    ]


def test_one_write_per_search_when_written_at_once(client, housing):
    client.get("/recherche/", {"q": "bail"})  # warm the caches
    for _attempt in range(2):  # the insert, then the update
        with CaptureQueriesContext(connection) as captured:
            client.get("/recherche/", {"q": "logement"})
        writes = [sql for sql in statements(captured) if sql.startswith(WRITES)]
        assert len(writes) == 1 and "ON CONFLICT" in writes[0]
    assert DailySearchQuery.objects.get(query="logement").count == 2


def test_searches_write_nothing_until_the_flush(client, housing, settings):
    """As in production: no write while answering; one statement for all at the flush, and
    the reports flush first."""
    client.get("/recherche/")  # the site settings' row is made by the first request
    settings.LUNE_SEARCH_LOG_FLUSH_SECONDS = 60
    flush_search_log()
    with CaptureQueriesContext(connection) as captured:
        for query in ("logement", "LOGEMENT", "hippopotame", "logement"):
            client.get("/recherche/", {"q": query})
    assert statements(captured) and not [
        sql for sql in statements(captured) if sql.startswith(WRITES)
    ]
    assert pending_searches() == 4 and not DailySearchQuery.objects.exists()
    assert flush_search_log() == 2
    rows = {(r.query, r.found_nothing): r.count for r in DailySearchQuery.objects.all()}
    assert rows == {("logement", False): 3, ("hippopotame", True): 1}
    client.get("/recherche/", {"q": "logement"})
    assert pending_searches() == 1
    assert flush_search_log() == 1 and pending_searches() == 0
    assert DailySearchQuery.objects.get(query="logement").count == 4


def test_reports_show_the_counts_not_written_yet(client, communications_user, settings):
    settings.LUNE_SEARCH_LOG_FLUSH_SECONDS = 60
    record_search("colocation", found_nothing=True)
    client.force_login(communications_user)
    html = client.get(reverse("search_empty_queries")).content.decode()
    assert "colocation" in html and pending_searches() == 0


PERSONAL = [
    "418-555-0100",
    "(418) 555-0100",
    "+1 418 555 0100",
    "4185550100",
    "appeler 555-0100",
    "marie.tremblay@gmail.com",
    "marie@gmail",
    "ABC 123",
    "123 ABC",
    "abc123",
    "A12 BCD",
    "voiture FGH-456",
    "G1K 3A1",
    "123456789",
]


@pytest.mark.parametrize("query", PERSONAL)
def test_personal_looking_queries_are_not_kept(client, housing, query):
    assert looks_personal(query)
    assert client.get("/recherche/", {"q": query}).status_code == 200
    assert not DailySearchQuery.objects.exists()


@pytest.mark.parametrize(
    "query", ["logement", "santé sexuelle", "emploi 18-30 ans", "covid19", "4 1/2", "2024-2025"]
)
def test_ordinary_queries_are_kept(query):
    assert not looks_personal(query)
    assert record_search(query, found_nothing=False)
    assert DailySearchQuery.objects.get().count == 1


# --- Reports and purge ------------------------------------------------------------------------


def log(query, days_ago, count, found_nothing=False):
    return DailySearchQuery.objects.create(
        query=query,
        day=timezone.localdate() - datetime.timedelta(days=days_ago),
        count=count,
        found_nothing=found_nothing,
    )


@pytest.fixture
def search_log(db):
    log("logement", 0, 5)
    log("logement", 10, 4)
    log("logement", 3, 1, found_nothing=True)
    log("emploi", 1, 2)
    log("tatouage", 2, 3, found_nothing=True)
    log("ancien", 95, 50)  # outside the report's 90 days


def test_frequent_queries_report(client, communications_user, search_log):
    client.force_login(communications_user)
    response = client.get(reverse("search_frequent_queries"))
    assert response.status_code == 200
    rows = list(response.context["object_list"])
    assert [(r["query"], r["searches"]) for r in rows] == [
        ("logement", 10),
        ("tatouage", 3),
        ("emploi", 2),
    ]
    assert rows[0]["empty_searches"] == 1
    body = response.content.decode()
    assert "Recherches fréquentes" in body and "ancien" not in body
    assert "/recherche/?q=logement" in body


def test_empty_queries_report(client, communications_user, search_log):
    client.force_login(communications_user)
    response = client.get(reverse("search_empty_queries"))
    assert response.status_code == 200
    assert [(r["query"], r["searches"]) for r in response.context["object_list"]] == [
        ("tatouage", 3),
        ("logement", 1),
    ]
    export = client.get(reverse("search_empty_queries"), {"export": "csv"})
    assert export.status_code == 200
    assert "tatouage" in b"".join(export.streaming_content).decode()


def test_reports_are_for_staff_who_may_read_them(client, outsider_user, staff_user, search_log):
    for user in (outsider_user, staff_user):
        client.force_login(user)
        for name in ("search_frequent_queries", "search_empty_queries"):
            response = client.get(reverse(name))
            assert response.status_code in (302, 403)
            assert b"tatouage" not in response.content


def test_communications_staff_read_the_reports_and_promote(client, communications_user):
    client.force_login(communications_user)
    body = client.get("/admin/").content.decode()
    assert reverse("search_frequent_queries") in body
    assert reverse("search_empty_queries") in body
    assert reverse("wagtailsearchpromotions:index") in body
    assert client.get(reverse("wagtailsearchpromotions:add")).status_code == 200


def test_purge_keeps_ninety_days(search_log):
    out = StringIO()
    call_command("purge_search_queries", stdout=out)
    assert not DailySearchQuery.objects.filter(query="ancien").exists()
    assert DailySearchQuery.objects.count() == 5
    assert "1 ligne" in out.getvalue()
    call_command("purge_search_queries", "--days", "5", stdout=StringIO())
    assert set(DailySearchQuery.objects.values_list("query", flat=True)) == {
        "logement",
        "emploi",
        "tatouage",
    }
    assert DailySearchQuery.objects.count() == 4
