"""The staff area's demo: a month of made-up night logs, kit batches, the demo intervenante."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from lune_site.models import (
    HygieneKitBatch,
    NightLogPage,
    OutreachKitDistribution,
    StaffStandardPage,
)

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_month_of_nights_and_kits(client, demo):
    assert NightLogPage.objects.live().count() == 30
    assert HygieneKitBatch.objects.count() == 3
    assert OutreachKitDistribution.objects.count() == 2
    assert StaffStandardPage.objects.filter(slug="procedures").exists()
    intervenante = get_user_model().objects.get(username="intervenante")
    assert intervenante.check_password("lune-demo-intervenante")
    assert NightLogPage.objects.filter(team=intervenante).count() == 30
    client.force_login(intervenante)
    register = client.get("/equipe/registre/")
    assert register.status_code == 200
    assert register.content.decode().count('href="/equipe/registre/20') >= 21
    assert client.get("/equipe/chiffres/").status_code == 200


def test_loading_the_demo_twice_adds_nothing(demo):
    counts = (NightLogPage.objects.count(), HygieneKitBatch.objects.count())
    call_command("load_demo", stdout=StringIO())
    assert (NightLogPage.objects.count(), HygieneKitBatch.objects.count()) == counts
