"""On a phone: search the library, apply a facet, open a resource, all without JavaScript help."""

from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_filter_and_open_a_resource_on_a_phone(phone, live_server, demo):
    phone.goto(live_server.url + "/ressources/")
    phone.get_by_label("Chercher une ressource").fill("logement")
    # The library's own box ("Chercher"), not the header's site search ("Rechercher").
    phone.get_by_role("button", name="Chercher", exact=True).click()
    phone.wait_for_url("**/ressources/?q=logement*")
    assert "ressource" in phone.locator("#results-heading").inner_text()

    # The category facet, with its count, narrows the results.
    facet = phone.locator(".facet").first.get_by_role("link", name="Logement")
    facet.click()
    query = parse_qs(urlsplit(phone.url).query)
    assert query == {"q": ["logement"], "categorie": ["logement"]}
    cards = phone.locator(".resource-card")
    assert cards.count() >= 1
    for text in cards.locator(".category").all_inner_texts():
        assert text == "Logement"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    first = cards.first.get_by_role("heading").inner_text()
    cards.first.get_by_role("link", name=first).click()
    assert phone.locator("h1").inner_text() == first
    assert phone.locator("table.hours").is_visible()
    assert phone.locator('a[href^="tel:"]').first.is_visible()
