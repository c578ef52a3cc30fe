"""The month view in a real Chromium: a list on a phone, a seven-column grid on a wide screen."""

import pytest

from tests.events.conftest import days
from tests.events.factories import EventPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_month_view_is_a_list_on_phones_and_a_grid_on_wide_screens(
    phone, live_server, event_index, today
):
    month = (today.replace(day=1) + days(32)).replace(day=1)
    EventPageFactory(parent=event_index, title="Kiosque au marché", start_date=month + days(9))
    phone.goto(f"{live_server.url}/evenements/?mois={month:%Y-%m}")
    grid = phone.locator(".month-grid")
    assert grid.evaluate("el => getComputedStyle(el).display") == "block"
    assert not phone.locator(".weekdays").is_visible()
    assert phone.locator(".month-grid .day:visible").count() == 1  # only days with events
    link = phone.get_by_role("link", name="Kiosque au marché")
    assert link.is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    # Every link a thumb taps is at least 44 px high.
    for name in ("Mois suivant", "Mois précédent", "Tous"):
        box = phone.get_by_role("link", name=name, exact=True).bounding_box()
        assert box["height"] >= 44, name

    phone.set_viewport_size({"width": 1024, "height": 800})
    assert grid.evaluate("el => getComputedStyle(el).display") == "grid"
    columns = grid.evaluate("el => getComputedStyle(el).gridTemplateColumns.split(' ').length")
    assert columns == 7
    assert phone.locator(".weekdays").is_visible()
    assert phone.locator(".month-grid .day:visible").count() >= 28
    link.click()
    phone.wait_for_url("**/evenements/evenement-*/")
    assert "Ajouter à mon agenda" in phone.content()
