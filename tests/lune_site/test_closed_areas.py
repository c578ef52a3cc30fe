"""The closed areas refuse outsiders, even without their view restriction."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from wagtail.models import PageViewRestriction

from lune_site.models import MembersAreaPage, StaffAreaPage

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_login(client, site_tree):
    response = client.get("/equipe/")
    assert response.status_code == 302
    assert response["Location"].startswith("/connexion/?next=/equipe/")


def refused(response):
    """Wagtail's restriction sends outsiders to the login page; our own lock answers 403."""
    if response.status_code == 302:
        return response["Location"].startswith("/connexion/")
    return response.status_code == 403


def test_outsider_is_refused(client, outsider_user, member_user):
    client.force_login(outsider_user)
    assert refused(client.get("/equipe/"))
    assert refused(client.get("/membres/"))
    client.force_login(member_user)
    assert refused(client.get("/equipe/"))
    assert client.get("/membres/").status_code == 200


def test_group_member_sees_the_area_never_cached(client, staff_user):
    client.force_login(staff_user)
    response = client.get("/equipe/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]


def test_refuses_outsiders_even_without_the_restriction(client, outsider_user):
    PageViewRestriction.objects.filter(page__in=StaffAreaPage.objects.all()).delete()
    PageViewRestriction.objects.filter(page__in=MembersAreaPage.objects.all()).delete()
    assert client.get("/equipe/").status_code == 302
    client.force_login(outsider_user)
    assert client.get("/equipe/").status_code == 403
    assert client.get("/membres/").status_code == 403


def test_system_check_reports_a_missing_restriction(site_tree):
    call_command("check")  # restricted: no error
    PageViewRestriction.objects.filter(page__in=StaffAreaPage.objects.all()).delete()
    with pytest.raises(SystemCheckError, match="lune_site.E001"):
        call_command("check")
    call_command("setup_site")
    call_command("check")


def test_closed_areas_are_not_indexed(site_tree):

    staff = StaffAreaPage.objects.get()
    assert staff.get_indexed_instance() is None
    assert not StaffAreaPage.get_indexed_objects().exists()
