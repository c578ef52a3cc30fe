"""No trace of visitors: every public address, walked as an anonymous visitor, sets no cookie
but the CSRF one on pages holding a form; error pages show no stack trace."""

import re

import pytest
from django.test import Client, override_settings
from wagtail.models import Page

from search.gate import public_pages
from tests.search.leak_probe import LeakProbe, read_body

pytestmark = pytest.mark.django_db

POST_FORM = re.compile(r"<form\b[^>]*method=[\"']?post", re.IGNORECASE)
# Queries that make search, library and feeds answer with content, and their JSON.
QUERIES = ["q=logement", "q=logement&format=json", "format=json", "q=emploi&page=2"]


def public_page_paths():
    """Every live public page in each language, through the gate."""
    paths = set()
    for language in ("fr", "en"):
        for page in public_pages(Page.objects.all(), language=language).filter(depth__gt=1):
            url = page.get_url()
            if url and url.startswith("/"):
                paths.add(url)
    return paths


def every_address():
    """The gate's pages, every route of the URL configuration (sitemap, robots, search,
    feeds, documents...) as the leak probe finds them, and query variants of each."""
    route_paths, _unprobed = LeakProbe().route_paths()
    pages = public_page_paths()
    paths = sorted(pages | set(route_paths))
    addresses = list(paths)
    for path in paths:
        if "?" not in path:
            addresses += [f"{path}?{query}" for query in QUERIES]
    return pages, addresses


def test_no_cookie_for_visitors_but_a_strict_csrf_one_on_form_pages(demo):
    pages, addresses = every_address()
    assert {"/", "/ressources/", "/journal/", "/journal/contribuer/", "/recherche/"} <= {
        p.split("?")[0] for p in addresses
    }
    assert len(pages) > 20  # the demo's public pages, in both languages
    client = Client(raise_request_exception=False)
    problems, form_pages = [], []
    for address in addresses:
        response = client.get(address)
        body = read_body(response)
        if response.status_code >= 500:
            problems.append(f"{address}: {response.status_code}")
            continue
        if address in pages and response.status_code != 200:
            problems.append(f"{address}: a public page answered {response.status_code}")
        names = set(response.cookies)
        if names - {"csrftoken"}:
            problems.append(f"{address}: sets {sorted(names)}")
        holds_form = bool(POST_FORM.search(body)) and "csrfmiddlewaretoken" in body
        if "csrftoken" in names:
            if not holds_form:
                problems.append(f"{address}: a CSRF cookie without a form")
            if response.cookies["csrftoken"]["samesite"] != "Strict":
                problems.append(f"{address}: CSRF cookie not SameSite=Strict")
            form_pages.append(address.split("?")[0])
        elif holds_form:
            problems.append(f"{address}: a form without its CSRF cookie would fail")
        # The client keeps cookies: start each address as a first-time visitor.
        client.cookies.clear()
    assert not problems, "\n".join(problems)
    # The walk did meet the forms a visitor can fill.
    assert {"/journal/contribuer/", "/connexion/"} <= set(form_pages)


# --- Error pages ------------------------------------------------------------------------------

SECRET = "detail-de-pile-secret"
TRACE_SIGNS = ("Traceback", SECRET, 'File "', "site-packages", "django.", "wsgi", "Exception")


def assert_plain_error(response, status):
    assert response.status_code == status
    body = response.content.decode()
    for sign in TRACE_SIGNS:
        assert sign not in body, f"{sign!r} in the {status} page"
    assert not response.cookies
    return body


@override_settings(DEBUG=False)
@pytest.mark.parametrize(
    "path",
    [
        "/nexiste-pas/",
        "/en/does-not-exist/",
        "/ressources/nexiste-pas/",
        "/journal/nexiste-pas/?q=%3Cscript%3E",
        "/documents/999999/absent.pdf",
        "/recherche/suggestions/nexiste-pas/",
    ],
)
def test_not_found_pages_show_no_trace(site_tree, path):
    body = assert_plain_error(Client(raise_request_exception=False).get(path), 404)
    assert "Page introuvable" in body or "Page not found" in body


@override_settings(DEBUG=False)
def test_a_failing_page_shows_a_plain_500(site_tree, monkeypatch):
    from lune_site.models import StandardPage

    page = StandardPage(title="À propos", slug="a-propos", summary="Qui nous sommes.")
    site_tree.add_child(instance=page)
    page.save_revision().publish()

    def broken(self, request, *args, **kwargs):
        raise RuntimeError(SECRET)

    monkeypatch.setattr(StandardPage, "get_context", broken)
    response = Client(raise_request_exception=False).get(page.url)
    body = assert_plain_error(response, 500)
    assert "Une erreur est survenue" in body
    assert "no-store" in response.get("Cache-Control", "") or not response.has_header(
        "Cache-Control"
    )


@override_settings(DEBUG=False)
def test_refused_csrf_shows_no_trace(site_tree):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    response = client.post("/connexion/", {"username": "x", "password": "y"})
    assert_plain_error(response, 403)


@override_settings(DEBUG=False)
def test_closed_area_refusal_shows_no_trace(client, outsider_user):
    client.force_login(outsider_user)
    response = client.get("/equipe/")
    assert response.status_code in (302, 403, 404)
    assert "Traceback" not in response.content.decode()
