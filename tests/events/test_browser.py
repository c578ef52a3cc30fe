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


def test_busy_day_links_to_its_day_view_on_phones_and_wide_screens(
    phone, live_server, event_index, today
):
    import datetime

    from django.utils.dateformat import format as date_format

    day = (today.replace(day=1) + days(32)).replace(day=17)
    for n in range(6):
        EventPageFactory(
            parent=event_index,
            title=f"Atelier {n}",
            start_date=day,
            start_time=datetime.time(9 + n, 0),
        )
    phone.goto(f"{live_server.url}/evenements/?mois={day:%Y-%m}")
    name = f"+ 3 autres événements le {date_format(day, 'l j F')}"
    more = phone.get_by_role("link", name=name, exact=True)
    # On a phone the whole sentence shows, and a thumb can tap it.
    detail = more.locator(".more-detail")
    assert more.inner_text() == name
    assert detail.bounding_box()["width"] > 100
    assert more.bounding_box()["height"] >= 44
    assert phone.get_by_role("link", name="Atelier 3").count() == 0

    phone.set_viewport_size({"width": 1024, "height": 800})
    # In the grid only "+ 3 autres" shows; the link's name still says which day.
    assert detail.bounding_box()["width"] <= 1
    assert more.is_visible()
    assert more.bounding_box()["height"] >= 24
    more.click()
    phone.wait_for_url(f"**/evenements/?jour={day:%Y-%m-%d}")
    assert phone.get_by_role("heading", level=2, name=date_format(day, "l j F Y").capitalize())
    assert phone.locator(".occurrence").count() == 6
    phone.get_by_role("link", name="Jour suivant").click()
    phone.wait_for_url(f"**/evenements/?jour={day + days(1):%Y-%m-%d}")
    assert "Aucun événement ce jour-là." in phone.content()
