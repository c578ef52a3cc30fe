"""The site's own addresses: health, robots, sitemap, errors, cookies, headers."""

import defusedxml.ElementTree as ET
import pytest
from django.db import DatabaseError
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_healthz_answers_json(client, site_tree):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_without_database_says_503_without_a_trace(client, site_tree, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused to secret-host")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "secret-host" not in response.content.decode()
    assert response.json()["status"] == "unavailable"


def test_robots_keeps_robots_out_of_closed_areas(client, site_tree):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /equipe/" in body
    assert "Disallow: /membres/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_sitemap_has_both_languages_and_no_closed_area(client, demo):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = [
        loc.text
        for loc in ET.fromstring(response.content).iter(
            "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"
        )
    ]
    paths = {loc.split("localhost", 1)[-1] for loc in locations}
    assert {"/", "/a-propos/", "/hebergement/", "/en/", "/en/about/"} <= paths
    assert not any("/equipe" in p or "/membres" in p for p in paths)


def test_404_is_french_and_plain(client, site_tree):
    response = client.get("/cette-page-nexiste-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


@override_settings(DEBUG=False)
def test_500_page_shows_no_trace(site_tree):
    from django.test import Client

    from lune_site import urls

    def boom(request):
        raise RuntimeError("secret stack detail")

    from django.urls import path

    urls.urlpatterns.insert(0, path("boom/", boom))
    try:
        response = Client(raise_request_exception=False).get("/boom/")
    finally:
        urls.urlpatterns.pop(0)
    assert response.status_code == 500
    body = response.content.decode()
    assert "Une erreur est survenue" in body
    assert "secret stack detail" not in body
    assert "Traceback" not in body


@pytest.mark.parametrize("url", ["/", "/a-propos/", "/hebergement/", "/en/", "/sitemap.xml"])
def test_anonymous_visitors_get_no_cookie(client, demo, url):
    response = client.get(url)
    assert response.status_code == 200
    assert not response.cookies, f"{url} set {list(response.cookies)}"


def test_form_page_sets_only_a_strict_csrf_cookie(client, site_tree):
    response = client.get("/connexion/")
    assert list(response.cookies) == ["csrftoken"]
    assert response.cookies["csrftoken"]["samesite"] == "Strict"
    # Same-origin (not no-referrer) so that browsers send a real Origin with the form's POST.
    assert response["Referrer-Policy"] == "same-origin"


def test_public_pages_carry_strict_headers(client, demo):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["Referrer-Policy"] == "no-referrer"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_public_pages_have_no_inline_script(client, demo):
    import re

    for url in ("/", "/a-propos/", "/hebergement/", "/connexion/"):
        body = client.get(url).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", body):
            assert "src=" in tag or 'type="application/ld+json"' in tag, (url, tag)
        assert "style=" not in body, url
        assert "<style" not in body, url
