"""The night log: filled in the admin, checked with clear French messages, listed in the register."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from lune_site.models import NightLogIncident, NightLogPage, ShelterSettings
from tests.lune_site.factories import NightLogIncidentFactory, NightLogPageFactory

pytestmark = pytest.mark.django_db

NIGHT = datetime.date(2024, 3, 14)


def log_form(night=NIGHT, team=(), incidents=(), **fields):
    data = {
        "night": night.isoformat() if isinstance(night, datetime.date) else night,
        "beds_occupied": 3,
        "arrivals": 4,
        "turned_away_full": 1,
        "turned_away_criteria": 0,
        "turned_away_safety": 0,
        "turned_away_other": 2,
        "hygiene_kits_given": 2,
        "snacks_given": 6,
        "notes": "Prévoir des serviettes pour demain.",
        "incidents": inline_formset(list(incidents)),
        "comments": inline_formset([]),
        **fields,
    }
    data = nested_form_data(data)
    if team:
        data["team"] = [user.pk for user in team]
    return data


def add_url(index):
    return reverse("wagtailadmin_pages:add", args=["lune_site", "nightlogpage", index.pk])


def publish(data):
    return {**data, "action-publish": "action-publish"}


def test_the_team_fills_and_publishes_a_night_log(staff_client, staff_user, log_index):
    incident = {
        "time": "02:40",
        "kind": "sante",
        "description": "Malaise, eau et repos.",
        "follow_up_needed": "on",
    }
    response = staff_client.post(
        add_url(log_index), publish(log_form(team=[staff_user], incidents=[incident]))
    )
    assert response.status_code == 302, response.context["form"].errors
    log = NightLogPage.objects.get()
    assert log.live
    assert (log.title, log.slug, log.url) == (
        "Nuit du 2024-03-14",
        "2024-03-14",
        "/equipe/registre/2024-03-14/",
    )
    assert (log.beds_occupied, log.turned_away, log.capacity) == (3, 3, 5)
    assert list(log.team.all()) == [staff_user]
    assert log.incidents.get().description == "Malaise, eau et repos."
    page = staff_client.get(log.url).content.decode()
    assert "Malaise, eau et repos." in page
    assert "Prévoir des serviettes pour demain." in page


def test_the_edit_form_is_short_and_says_no_names(
    staff_client, log_index, staff_user, outsider_user, communications_user
):
    response = staff_client.get(add_url(log_index))
    body = response.content.decode()
    assert response.status_code == 200
    # The shift is chosen among the staff group's members only.
    team = response.context["form"].fields["team"].queryset
    assert staff_user in team
    assert outsider_user not in team and communications_user not in team
    assert "Aucun nom, aucun détail qui permette de reconnaître une personne." in body
    assert 'name="title"' not in body  # the date names the log
    assert 'name="slug"' not in body
    # Publishing comes first: the next shift reads published logs.
    assert body.index('name="action-publish"') < body.index("Enregistrer le brouillon")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"beds_occupied": 6},
            "beds_occupied",
            "L'hébergement a 5 lits : pas plus de 5 lits occupés.",
        ),
        ({"beds_occupied": -1}, "beds_occupied", "Le nombre ne peut pas être négatif."),
        ({"arrivals": "beaucoup"}, "arrivals", "Écrire un nombre entier, par exemple 3."),
        ({"night": "14 mars"}, "night", "Écrire la date comme ceci : 2025-03-14."),
        (
            {"night": timezone.localdate() + datetime.timedelta(days=1)},
            "night",
            "La date ne peut pas être dans le futur.",
        ),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_kept(
    staff_client, log_index, fields, field, message
):
    response = staff_client.post(add_url(log_index), publish(log_form(**fields)))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    body = response.content.decode()
    assert message.replace("'", "&#x27;") in body
    assert "Prévoir des serviettes pour demain." in body  # what was typed is still there
    assert not NightLogPage.objects.exists()


def test_capacity_follows_the_shelter_settings(staff_client, log_index):
    shelter = ShelterSettings.for_site(Site.objects.get(is_default_site=True))
    shelter.capacity = 8
    shelter.save()
    response = staff_client.post(add_url(log_index), publish(log_form(beds_occupied=8)))
    assert response.status_code == 302
    assert NightLogPage.objects.get().capacity == 8


@pytest.mark.parametrize("action", ["action-publish", "action-draft"])
def test_a_second_log_for_the_same_night_is_refused(staff_client, log_index, action):
    NightLogPageFactory(parent=log_index, night=NIGHT, notes="Première version.")
    incidents = [{"time": "01:20", "kind": "sante", "description": "Saignement de nez."}]
    response = staff_client.post(
        add_url(log_index), {**log_form(incidents=incidents, beds_occupied=4), action: action}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["night"] == ["Il y a déjà un registre pour cette nuit."]
    body = response.content.decode()
    assert "Il y a déjà un registre pour cette nuit." in body
    # What was typed is still there: notes, incident, figures.
    assert "Prévoir des serviettes pour demain." in body
    assert "Saignement de nez." in body
    assert response.context["form"]["beds_occupied"].value() == "4"
    assert NightLogPage.objects.count() == 1
    assert NightLogPage.objects.get().notes == "Première version."
    assert not NightLogIncident.objects.exists()


def test_editing_a_log_onto_another_nights_date_is_refused(staff_client, log_index):
    NightLogPageFactory(parent=log_index, night=NIGHT)
    other = NightLogPageFactory(parent=log_index, night=NIGHT - datetime.timedelta(days=1))
    incidents = [{"id": "", "time": "03:00", "kind": "autre", "description": "Bruit dehors."}]
    response = staff_client.post(
        reverse("wagtailadmin_pages:edit", args=[other.pk]),
        publish(log_form(night=NIGHT, incidents=incidents, notes="Ne pas perdre ceci.")),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["night"] == ["Il y a déjà un registre pour cette nuit."]
    assert "Ne pas perdre ceci." in response.content.decode()
    assert "Bruit dehors." in response.content.decode()
    other.refresh_from_db()
    assert other.night == NIGHT - datetime.timedelta(days=1)
    assert not NightLogIncident.objects.exists()  # nothing half-saved


def test_the_model_refuses_a_duplicate_night_too(log_index):
    NightLogPageFactory(parent=log_index, night=NIGHT)
    with pytest.raises(ValidationError) as refused:
        NightLogPage(night=NIGHT, beds_occupied=1).full_clean()
    assert refused.value.message_dict["night"] == ["Il y a déjà un registre pour cette nuit."]


def make_nights(index, count):
    start = datetime.date(2024, 1, 1)
    for day in range(count):
        log = NightLogPageFactory(parent=index, night=start + datetime.timedelta(days=day))
        NightLogIncidentFactory(page=log, follow_up_needed=day % 2 == 0)
        NightLogIncidentFactory(page=log, kind="sante")


def test_the_register_lists_the_last_nights_and_open_follow_ups(staff_client, log_index):
    make_nights(log_index, 3)
    done = NightLogIncident.objects.filter(follow_up_needed=True).first()
    done.follow_up_done = True
    done.description = "Suivi terminé, à ne plus montrer."
    done.save()
    body = staff_client.get(log_index.url).content.decode()
    for day in (1, 2, 3):
        assert f'href="/equipe/registre/2024-01-0{day}/"' in body
    assert "Tension au salon" in body  # an open follow-up
    assert "Suivi terminé, à ne plus montrer." not in body
    assert body.index("2024-01-03/") < body.index("2024-01-01/")  # newest first


def test_the_register_costs_the_same_queries_for_3_or_20_nights(staff_client, log_index):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        staff_client.get(log_index.url)  # warm the site and settings caches
        with CaptureQueriesContext(connection) as captured:
            response = staff_client.get(log_index.url)
        assert response.status_code == 200
        return len(captured), response.content.decode()

    make_nights(log_index, 3)
    with_3, body = queries()
    assert body.count('href="/equipe/registre/2024-01-') == 3 + 2  # rows and follow-ups
    NightLogPage.objects.all().delete()
    make_nights(log_index, 20)
    with_20, body = queries()
    assert body.count('href="/equipe/registre/2024-01-') == 20 + 10
    assert with_3 == with_20
    assert with_20 <= 30


def test_staff_pages_are_never_sent_to_the_moderators(staff_client, log_index):
    # Wagtail's default workflow would show them to the Moderators group.
    body = staff_client.get(add_url(log_index)).content.decode()
    assert 'name="action-submit"' not in body
    response = staff_client.post(add_url(log_index), {**log_form(), "action-submit": "1"})
    assert response.status_code in (302, 403)
    assert response.get("Location", "/admin/") == "/admin/"
    assert not NightLogPage.objects.exists()
