"""Fuzzed forms and query strings (Hypothesis): never a 500, a re-rendered form keeps what was
typed, an invalid submission stores nothing and a valid one stores exactly one row.

Forms: contribution, bad-client report (as a member), front-end login, presentation request.
Query strings: site search, the library and its JSON, the calendar and its feed.
"""

import json
import time
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.forms import BadClientReportForm, ContributionForm, start_token
from journal.models import BadClientReport, Contribution
from lune_site.models import MembersAreaPage
from search.gate import clean_query
from tests.journal.factories import BadClientListPageFactory, ContributionFormPageFactory

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Any character a browser can send (lone surrogates cannot be encoded).
CHARACTERS = st.characters(blacklist_categories=("Cs",))
TRICKY = [
    "",
    "   ",
    "\x00",
    "a\x00b\x1fc",
    "<script>alert(1)</script>",
    "\"'><img src=x onerror=alert(1)>",
    "Robert'); DROP TABLE journal_contribution;--",
    "{{ 7*7 }} {% debug %} ${7*7}",
    '=HYPERLIEN("http://x")',
    "\u202etexte à l'envers",
    "🌙 L.U.N.E. — « élan » ",
    "%00%2e%2e%2f",
    "ligne 1\r\nligne 2\n\nligne 3",
    "é" * 250,
]
typed = st.one_of(st.text(CHARACTERS, max_size=120), st.sampled_from(TRICKY))


def field_accepts(form_class, name, value):
    try:
        form_class.base_fields[name].clean(value)
    except ValidationError:
        return False
    return True


def answered_without_error(response, query):
    """200, or 404 (a page past the end, an unknown type); a NUL in the query is dropped."""
    return response.status_code in (200, 404)


def body_of(response):
    return response.content.decode("utf-8", errors="replace")


# --- The contribution form (/journal/contribuer/) ---------------------------------------------

CONTRIBUTION_URL = "/journal/contribuer/"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
# (filename, content, accepted)
FILES = [
    None,
    ("photo.png", PNG, True),
    ("note.txt", "Mon poème, en texte.".encode(), True),
    ("photo.png", b"pas une image", False),
    ("page.html", b"<html><script>alert(1)</script></html>", False),
    ("note.txt", b"<svg onload=alert(1)>", False),
    ("programme.exe", b"MZ\x90\x00", False),
]
# How the signed "started" field arrives: filled long enough ago, too fast, forged, missing.
STARTS = ["old", "fresh", "forged", "missing"]


@pytest.fixture
def contribution_page(site_tree):
    from journal.models import JournalIndexPage

    return ContributionFormPageFactory(parent=JournalIndexPage.objects.get(slug="journal"))


def stored_files(root):
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def accepted(form_class, name, strategy=None):
    """Values the form's own field accepts: valid submissions are generated on purpose."""
    return (typed if strategy is None else strategy).filter(
        lambda value: field_accepts(form_class, name, value)
    )


any_contribution = st.fixed_dictionaries(
    {
        "text": st.one_of(typed, st.just("x" * 20001)),
        "pseudonym": typed,
        "contact": typed,
        "consent": st.booleans(),
        "website": st.one_of(st.just(""), typed),
        "started": st.sampled_from(STARTS),
        "upload": st.sampled_from(FILES),
    }
)
valid_contribution = st.fixed_dictionaries(
    {
        "text": accepted(ContributionForm, "text"),
        "pseudonym": accepted(ContributionForm, "pseudonym"),
        "contact": accepted(ContributionForm, "contact"),
        "consent": st.just(True),
        "website": st.just(""),
        "started": st.just("old"),
        "upload": st.sampled_from([f for f in FILES if f is None or f[2]]),
    }
)


@FUZZ
@given(submission=st.one_of(valid_contribution, any_contribution))
def test_contribution_form(contribution_page, _private_media_root, submission):
    text, pseudonym, contact = submission["text"], submission["pseudonym"], submission["contact"]
    consent, website, started = submission["consent"], submission["website"], submission["started"]
    upload = submission["upload"]
    tokens = {
        "old": start_token(time.time() - 60),
        "fresh": start_token(),
        "forged": start_token(time.time() - 60)[:-3] + "abc",
        "missing": "",
    }
    data = {"text": text, "pseudonym": pseudonym, "contact": contact, "website": website}
    data["started"] = tokens[started]
    if consent:
        data["consent"] = "on"
    if upload is not None:
        data["file"] = SimpleUploadedFile(upload[0], upload[1])
    rows, files = Contribution.objects.count(), stored_files(_private_media_root)

    response = Client(raise_request_exception=False).post(CONTRIBUTION_URL, data)

    assert response.status_code == 200
    html = body_of(response)
    stored = "Merci, votre texte est bien reçu." in html
    expected = (
        all(
            field_accepts(ContributionForm, name, value)
            for name, value in (("text", text), ("pseudonym", pseudonym), ("contact", contact))
        )
        and consent
        and not website.strip()
        and started == "old"
        and (upload is None or upload[2])
    )
    assert stored == expected
    if stored:
        assert Contribution.objects.count() == rows + 1
        contribution = Contribution.objects.latest("pk")
        assert contribution.text == ContributionForm.base_fields["text"].clean(text)
        assert contribution.pseudonym == ContributionForm.base_fields["pseudonym"].clean(pseudonym)
        assert len(stored_files(_private_media_root)) == len(files) + (upload is not None)
    else:
        # Nothing stored half-way: no row, no file left behind.
        assert Contribution.objects.count() == rows
        assert stored_files(_private_media_root) == files
        # What was typed is still there to send again.
        if text.strip() and len(text) <= 20001:
            assert escape(text) in html
        if pseudonym:
            assert f'value="{escape(pseudonym)}"' in html
        if contact:
            assert f'value="{escape(contact)}"' in html
        assert ("checked" in html.split('name="consent"', 1)[1].split(">", 1)[0]) == consent


# --- The bad-client report form, as a member --------------------------------------------------

BAD_CLIENTS_URL = "/membres/mauvais-clients/"
dates = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
    st.sampled_from(["", "2026-02-30", "2026-13-01", "hier", "0000-00-00", "99999-01-01"]),
    typed,
)
methods = st.one_of(st.sampled_from([m for m, _label in BadClientReport.CONTACT_METHODS]), typed)


@pytest.fixture
def member_client(member_user):
    BadClientListPageFactory(parent=MembersAreaPage.objects.get())
    client = Client(raise_request_exception=False)
    client.force_login(member_user)
    return client


any_report = st.fixed_dictionaries(
    {
        "incident_date": dates,
        "area": typed,
        "contact_method": methods,
        "vehicle": typed,
        "description": st.one_of(typed, st.just("d" * 3001)),
    }
)
valid_report = st.fixed_dictionaries(
    {
        "incident_date": st.dates().map(lambda d: d.isoformat()),
        "area": accepted(BadClientReportForm, "area"),
        "contact_method": st.sampled_from([m for m, _label in BadClientReport.CONTACT_METHODS]),
        "vehicle": accepted(BadClientReportForm, "vehicle"),
        "description": accepted(BadClientReportForm, "description"),
    }
)


@FUZZ
@given(data=st.one_of(valid_report, any_report))
def test_bad_client_report_form(member_client, data):
    area, vehicle, description = data["area"], data["vehicle"], data["description"]
    rows = BadClientReport.objects.count()

    response = member_client.post(BAD_CLIENTS_URL, data)

    assert response.status_code == 200
    html = body_of(response)
    stored = "va vérifier votre signalement avant de l" in html
    expected = all(field_accepts(BadClientReportForm, name, value) for name, value in data.items())
    assert stored == expected
    assert BadClientReport.objects.count() == rows + (1 if stored else 0)
    if stored:
        report = BadClientReport.objects.latest("pk")
        # A member's report waits for the staff: never shown at once.
        assert report.status == BadClientReport.STATUS_PENDING
        assert report.description == BadClientReportForm.base_fields["description"].clean(
            description
        )
    else:
        if description.strip():
            assert escape(description) in html
        if area:
            assert f'value="{escape(area)}"' in html
        if vehicle:
            assert f'value="{escape(vehicle)}"' in html


# --- The front-end login (/connexion/) --------------------------------------------------------

next_addresses = st.one_of(
    st.sampled_from(
        [
            "/",
            "/membres/",
            "//mechant.example/",
            "https://mechant.example/",
            "http://testserver.mechant.example/",
            "javascript:alert(1)",
            "/\\mechant.example",
            "\\\\mechant.example",
            "",
        ]
    ),
    st.text(CHARACTERS, max_size=40),
)


@FUZZ
@given(username=typed, password=st.text(CHARACTERS, min_size=0, max_size=40), after=next_addresses)
def test_login_form_refuses_without_a_trace(site_tree, username, password, after):
    client = Client(raise_request_exception=False)
    response = client.post(
        f"/connexion/?next={after}", {"username": username, "password": password}
    )
    # A refusal (200 with the form again, or axes' lockout), never a 500 nor a session.
    assert response.status_code in (200, 429)
    assert "sessionid" not in response.cookies
    assert "_auth_user_id" not in client.session
    html = body_of(response)
    if response.status_code == 200 and username.strip() and len(username) <= 150:
        assert f'value="{escape(username.strip())}"' in html or escape(username) in html
    # (The same text typed as the `next` address is echoed back, as that address.)
    if len(password) >= 12 and password not in username and password not in after:
        assert escape(password) not in html  # a password is never sent back


@FUZZ
@given(after=next_addresses)
def test_login_never_sends_a_visitor_to_another_site(member_user, after):
    client = Client(raise_request_exception=False)
    response = client.post(
        "/connexion/", {"username": "membre1", "password": "pw-membre1", "next": after}
    )
    assert response.status_code == 302
    assert as_browser_reads(response["Location"]).netloc == "testserver"


def as_browser_reads(location, base="http://testserver/connexion/"):
    """The address a browser goes to: it strips controls and spaces, and reads \\ as /."""
    cleaned = location.lstrip("".join(map(chr, range(33))))
    cleaned = cleaned.replace("\t", "").replace("\n", "").replace("\r", "").replace("\\", "/")
    return urlsplit(urljoin(base, cleaned))


# --- Site search (/recherche/) and the library (/ressources/) ---------------------------------

pages = st.one_of(
    st.integers(min_value=-3, max_value=10**12).map(str),
    st.sampled_from(["", "last", "1.5", "0x10", "1e9", "NaN", "-0"]),
    typed,
)
page_types = st.lists(
    st.one_of(
        st.sampled_from(["resourcepage", "articlepage", "newspage", "standardpage", "page"]),
        typed,
    ),
    max_size=3,
)


@pytest.fixture
def searchable(site_tree):
    from resources.models import ResourceLibraryPage
    from tests.resources.factories import make_resource

    library = ResourceLibraryPage.objects.get(slug="ressources")
    make_resource(library, "Comité logement", category="logement", tags=["bail"])
    make_resource(library, "Carrefour emploi", category="emploi", neighbourhood="saint-roch")
    return library


@FUZZ
@given(q=typed, types=page_types, page=pages, as_json=st.booleans())
def test_site_search_query_string(searchable, q, types, page, as_json):
    query = [("q", q), *(("type", t) for t in types), ("page", page)]
    if as_json:
        query.append(("format", "json"))
    response = Client(raise_request_exception=False).get("/recherche/", query)
    assert answered_without_error(response, query)
    if response.status_code != 200:
        return
    if as_json:
        answer = json.loads(response.content)
        assert isinstance(answer["results"], list)
    else:
        # The search box shows the query as it was searched: NUL dropped on arrival
        # (lune_site.query_strings), then cleaned of syntax characters.
        assert f'value="{escape(clean_query(q.replace(chr(0), "")))}"' in body_of(response)


facet_values = st.lists(
    st.one_of(st.sampled_from(["logement", "emploi", "bail", "saint-roch", "inconnu"]), typed),
    max_size=3,
)


@FUZZ
@given(
    q=typed,
    categorie=facet_values,
    etiquette=facet_values,
    quartier=facet_values,
    ouvert=st.sampled_from(["", "1", "0", "oui", "\x00"]),
    gratuit=st.sampled_from(["", "1", "0", "oui"]),
    page=pages,
    as_json=st.booleans(),
)
def test_library_query_string(
    searchable, q, categorie, etiquette, quartier, ouvert, gratuit, page, as_json
):
    query = [
        ("q", q),
        *(("categorie", v) for v in categorie),
        *(("etiquette", v) for v in etiquette),
        *(("quartier", v) for v in quartier),
        ("ouvert", ouvert),
        ("gratuit", gratuit),
        ("page", page),
    ]
    if as_json:
        query.append(("format", "json"))
    response = Client(raise_request_exception=False).get("/ressources/", query)
    assert answered_without_error(response, query)
    if response.status_code != 200:
        return
    if as_json:
        answer = json.loads(response.content)
        assert answer["count"] >= len(answer["results"])
        chosen = {"logement", "emploi"} & set(categorie)
        if chosen:
            assert all(result["category"] in chosen for result in answer["results"])
    else:
        assert f'value="{escape(clean_query(q.replace(chr(0), "")))}"' in body_of(response)


# --- The presentation request form and the calendar (events) ----------------------------------

PRESENTATION_URL = "/formations/demande/"
PRESENTATION_FIELDS = [
    "organization",
    "contact_name",
    "email",
    "phone",
    "topic",
    "audience",
    "preferred_dates",
    "place",
    "message",
]


@pytest.fixture
def presentation_page(site_tree):
    from events.models import PresentationRequestPage, TrainingCatalogPage

    catalog = TrainingCatalogPage.objects.get(locale__language_code="fr")
    page = PresentationRequestPage(title="Demander une présentation", slug="demande")
    catalog.add_child(instance=page)
    return page


def presentation_accepts(data):
    from events.forms import PresentationRequestForm

    fields_ok = all(field_accepts(PresentationRequestForm, n, data[n]) for n in PRESENTATION_FIELDS)
    return fields_ok and bool(data["email"].strip() or data["phone"].strip())


emails = st.one_of(st.emails(), st.sampled_from(["", "pas-un-courriel", "a@b", "@x.org"]), typed)
any_presentation = st.fixed_dictionaries(
    {
        **dict.fromkeys(PRESENTATION_FIELDS, typed),
        "email": emails,
        "message": st.one_of(typed, st.just("m" * 3001)),
        "website": st.one_of(st.just(""), typed),
    }
)


def _valid_presentation():
    from events.forms import PresentationRequestForm

    return st.fixed_dictionaries(
        {
            **{
                name: accepted(PresentationRequestForm, name, st.text(CHARACTERS, max_size=80))
                for name in PRESENTATION_FIELDS
                if name not in ("email", "phone")
            },
            "email": st.one_of(
                st.sampled_from(["marie@example.org", "info@cegep-limoilou.qc.ca"]), st.emails()
            ).filter(lambda value: field_accepts(PresentationRequestForm, "email", value)),
            "phone": st.sampled_from(["", "418 555-0199"]),
            "website": st.just(""),
        }
    )


@FUZZ
@given(data=st.one_of(st.deferred(_valid_presentation), any_presentation))
def test_presentation_request_form(presentation_page, data):
    from events.models import PresentationRequest

    rows = PresentationRequest.objects.count()
    response = Client(raise_request_exception=False).post(PRESENTATION_URL, data)
    valid = presentation_accepts(data)
    if valid:
        # Thanked either way; a robot's (honeypot filled) request is not kept.
        assert response.status_code == 302
        assert response["Location"] == PRESENTATION_URL + "merci/"
        kept = not data["website"].strip()
        assert PresentationRequest.objects.count() == rows + kept
        if kept:
            stored = PresentationRequest.objects.latest("pk")
            assert stored.organization == data["organization"].strip()
        return
    assert response.status_code == 200
    assert PresentationRequest.objects.count() == rows
    html = body_of(response)
    for name in ("organization", "contact_name", "topic", "place"):
        if data[name]:
            assert f'value="{escape(data[name])}"' in html, name
    if data["message"].strip():
        assert escape(data["message"]) in html


months = st.one_of(
    st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(1, 9999), st.integers(0, 13)),
    st.sampled_from(["", "2026-12", "2026-1", "12-2026", "2026/12", "２０２６-１２", "9999999-01"]),
    typed,
)
event_types = st.one_of(
    st.sampled_from(["", "sensibilisation", "formation", "17-decembre", "inconnu"]), typed
)
views = st.one_of(st.sampled_from(["", "passes", "a-venir", "mois"]), typed)


@pytest.fixture
def calendar(site_tree):
    from events.models import EventIndexPage
    from tests.events.factories import EventPageFactory

    index = EventIndexPage.objects.get(locale__language_code="fr")
    EventPageFactory(parent=index, title="Vigile du 17 décembre")
    return index


@FUZZ
@given(mois=months, kind=event_types, view=views, page=pages, feed=st.booleans())
def test_calendar_query_string(calendar, mois, kind, view, page, feed):
    path = "/evenements/calendrier.ics" if feed else "/evenements/"
    query = {"mois": mois, "type": kind, "vue": view, "page": page}
    response = Client(raise_request_exception=False).get(path, query)
    # An unreadable month or an unknown type is "not found", with a message; never a 500.
    assert answered_without_error(response, query.items())
    if feed and response.status_code == 200:
        assert response.content.startswith(b"BEGIN:VCALENDAR")
