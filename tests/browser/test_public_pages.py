"""A phone in Debian's Chromium: the home page, the quick exit, no other host, no a11y fault."""

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEUTRAL = "https://meteo.gc.ca/"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def site(live_server, demo):
    return live_server.url


@pytest.fixture
def visits(phone):
    """Every request the page makes; the neutral site is answered locally, never fetched."""
    requests = []
    phone.on("request", lambda request: requests.append(request.url))
    phone.route(
        "https://meteo.gc.ca/**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<title>Météo</title><p>Météo</p>"
        ),
    )
    return requests


def test_home_page_renders_on_a_phone(phone, site, visits):
    phone.goto(site + "/")
    assert phone.locator("h1").inner_text() == "Projet L.U.N.E."
    assert phone.get_by_role("link", name="Sortie rapide").is_visible()
    assert "L'hébergement ce soir" in phone.content()
    # Nothing overflows the phone's width.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_no_request_goes_to_another_host(phone, site, visits):
    for path in ("/", "/a-propos/", "/hebergement/", "/en/", "/naviguer-en-securite/"):
        phone.goto(site + path)
        phone.wait_for_load_state("networkidle")
    own = urlsplit(site).netloc
    strangers = [url for url in visits if urlsplit(url).netloc != own]
    assert strangers == []


def test_quick_exit_leaves_and_back_does_not_return(phone, site, visits):
    phone.goto(site + "/")
    phone.goto(site + "/a-propos/")
    phone.get_by_role("link", name="Sortie rapide").click()
    phone.wait_for_url(NEUTRAL)
    phone.go_back()
    # The page left behind was replaced in history: Back lands on the page before it.
    assert urlsplit(phone.url).path == "/"


def test_shift_three_times_leaves(phone, site, visits):
    phone.goto(site + "/hebergement/")
    phone.wait_for_load_state("load")
    for _ in range(3):
        phone.keyboard.press("Shift")
    phone.wait_for_url(NEUTRAL)


def test_quick_exit_works_without_javascript(browser, site, live_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.route("https://meteo.gc.ca/**", lambda route: route.fulfill(status=200, body="meteo"))
    page.goto(site + "/")
    page.get_by_role("link", name="Sortie rapide").click()
    page.wait_for_url(NEUTRAL)
    context.close()


@pytest.mark.parametrize("path", ["/", "/a-propos/", "/hebergement/", "/en/", "/connexion/"])
def test_axe_finds_no_wcag_violation(phone, site, visits, path):
    phone.goto(site + path)
    results = Axe().run(phone, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = [(v["id"], v["help"], len(v["nodes"])) for v in results.response["violations"]]
    assert violations == []


def test_keyboard_reaches_the_skip_link_first(phone, site, visits):
    phone.goto(site + "/")
    phone.keyboard.press("Tab")
    focused = phone.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Aller au contenu"
    phone.keyboard.press("Enter")
    assert phone.evaluate("document.activeElement.id") == "contenu"
