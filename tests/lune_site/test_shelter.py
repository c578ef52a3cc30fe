"""Tonight's shelter status, in Québec time, across midnight and on exceptions."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from lune_site.models import QUEBEC, ShelterSettings


def at(day, hour, minute=0):
    return datetime.datetime(2026, 12, day, hour, minute, tzinfo=QUEBEC)


def settings_for(**fields):
    return ShelterSettings(
        capacity=5, opens_at=datetime.time(22), closes_at=datetime.time(8), **fields
    )


@pytest.mark.parametrize(
    ("now", "state", "night"),
    [
        (at(10, 15), "open_tonight", datetime.date(2026, 12, 10)),
        (at(10, 21, 59), "open_tonight", datetime.date(2026, 12, 10)),
        (at(10, 22), "open_now", datetime.date(2026, 12, 10)),
        (at(10, 23, 30), "open_now", datetime.date(2026, 12, 10)),
        # After midnight, "tonight" is still the night that began yesterday.
        (at(11, 0, 30), "open_now", datetime.date(2026, 12, 10)),
        (at(11, 7, 59), "open_now", datetime.date(2026, 12, 10)),
        (at(11, 8), "open_tonight", datetime.date(2026, 12, 11)),
    ],
)
def test_status_across_midnight(now, state, night):
    status = settings_for().tonight(now)
    assert status.state == state
    assert status.night == night


def test_utc_time_is_read_in_quebec_time():
    # 03:30 UTC on Dec 11 is 22:30 on Dec 10 in Québec.
    now = datetime.datetime(2026, 12, 11, 3, 30, tzinfo=datetime.UTC)
    assert settings_for().tonight(now).state == "open_now"


def test_exceptional_closure_applies_to_its_night_only():
    shelter = settings_for(
        status_override=ShelterSettings.STATUS_CLOSED,
        override_night=datetime.date(2026, 12, 10),
        override_note="Fermé pour dégât d'eau.",
    )
    assert shelter.tonight(at(10, 18)).state == "closed"
    assert shelter.tonight(at(10, 18)).note == "Fermé pour dégât d'eau."
    # 3 a.m. the next day is still that night.
    assert shelter.tonight(at(11, 3)).state == "closed"
    # The next evening is a new night: the exception has lapsed by itself.
    assert shelter.tonight(at(11, 18)).state == "open_tonight"


def test_full_tonight():
    shelter = settings_for(
        status_override=ShelterSettings.STATUS_FULL, override_night=datetime.date(2026, 12, 10)
    )
    assert shelter.tonight(at(10, 23)).state == "full"


def test_daytime_hours_do_not_cross_midnight():
    shelter = ShelterSettings(capacity=5, opens_at=datetime.time(9), closes_at=datetime.time(17))
    assert shelter.tonight(at(10, 12)).state == "open_now"
    assert shelter.tonight(at(10, 18)).state == "open_tonight"


@pytest.mark.django_db
def test_nonsense_is_refused_with_clear_messages(site_tree):
    shelter = settings_for()
    shelter.site_id = 1
    shelter.capacity = -1
    shelter.closes_at = datetime.time(22)
    with pytest.raises(ValidationError) as error:
        shelter.full_clean()
    messages = error.value.message_dict
    assert "capacity" in messages
    assert messages["closes_at"] == ["La fermeture doit différer de l'ouverture."]


@pytest.mark.django_db
def test_override_needs_its_night(site_tree):
    shelter = settings_for(status_override=ShelterSettings.STATUS_CLOSED)
    shelter.site_id = 1
    with pytest.raises(ValidationError) as error:
        shelter.full_clean()
    assert "override_night" in error.value.message_dict


@pytest.mark.django_db
def test_shelter_page_shows_tonight_and_hides_the_address(demo, client, settings):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    shelter = ShelterSettings.for_site(site)
    shelter.address = "123, rue Secrète"
    shelter.save()
    response = client.get("/hebergement/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "L'hébergement ce soir" in body
    assert "rue Secrète" not in body
    shelter.publish_address = True
    shelter.save()
    assert "rue Secrète" in client.get("/hebergement/").content.decode()
