"""The staff tree: its page types stay inside /equipe/, refuse outsiders, are never cached."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.actions.copy_page import CopyPageAction, CopyPagePermissionError
from wagtail.actions.move_page import MovePageAction, MovePagePermissionError
from wagtail.models import Page, PageViewRestriction

from lune_site.models import (
    HomePage,
    NightLogPage,
    ShelterFiguresPage,
    ShelterLogIndexPage,
    StaffAreaPage,
    StaffStandardPage,
    StandardPage,
)
from tests.conftest import make_user
from tests.lune_site.factories import NightLogPageFactory, StaffStandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_pages(log_index, figures_page):
    staff_area = StaffAreaPage.objects.get()
    procedure = StaffStandardPageFactory(parent=staff_area, title="Procédure", slug="procedure")
    sub_procedure = StaffStandardPageFactory(parent=procedure, title="Détail", slug="detail")
    log = NightLogPageFactory(parent=log_index, night=datetime.date(2024, 3, 14))
    return [log_index, figures_page, procedure, sub_procedure, log]


@pytest.fixture
def superuser(site_tree):
    return make_user("racine", is_superuser=True, is_staff=True)


def test_setup_site_creates_the_register_and_the_figures_page_once(site_tree):
    call_command("setup_site", stdout=None)
    index = ShelterLogIndexPage.objects.get()
    figures = ShelterFiguresPage.objects.get()
    assert index.url == "/equipe/registre/"
    assert figures.url == "/equipe/chiffres/"
    assert index.live and figures.live


def test_staff_page_types_live_only_inside_the_staff_area():
    assert NightLogPage.allowed_parent_page_models() == [ShelterLogIndexPage]
    assert ShelterLogIndexPage.allowed_parent_page_models() == [StaffAreaPage]
    assert ShelterFiguresPage.allowed_parent_page_models() == [StaffAreaPage]
    assert set(StaffStandardPage.allowed_parent_page_models()) == {
        StaffAreaPage,
        StaffStandardPage,
    }
    for model in (NightLogPage, ShelterLogIndexPage, StaffStandardPage, ShelterFiguresPage):
        assert not model.can_exist_under(HomePage())
        assert not model.can_exist_under(StandardPage())


def test_wagtail_refuses_to_move_staff_pages_out(staff_pages, superuser, site_tree):
    home = site_tree
    public = StandardPage(title="Publique", slug="publique")
    home.add_child(instance=public)
    for page in staff_pages:
        for target in (home, public):
            assert not page.can_move_to(target)
            assert not page.permissions_for_user(superuser).can_move_to(target)
            with pytest.raises(MovePagePermissionError):
                MovePageAction(page, target, pos="last-child", user=superuser).execute()
        page.refresh_from_db()
        assert page.url_path.startswith(StaffAreaPage.objects.get().url_path)


def test_wagtail_refuses_to_copy_staff_pages_out(staff_pages, superuser, site_tree):
    home = site_tree
    for page in staff_pages:
        assert not page.permissions_for_user(superuser).can_copy_to(home)
        with pytest.raises(CopyPagePermissionError):
            CopyPageAction(page, to=home, user=superuser).execute()
    assert not Page.objects.child_of(home).filter(slug__in=["procedure", "2024-03-14"]).exists()


def test_the_admin_refuses_to_move_or_copy_a_staff_page_out(client, staff_pages, superuser):
    client.force_login(superuser)
    home = Page.objects.get(depth=2, locale__language_code="fr")
    procedure = staff_pages[2]
    response = client.post(reverse("wagtailadmin_pages:move_confirm", args=[procedure.pk, home.pk]))
    assert response.status_code in (302, 403)
    assert response.get("Location", "/admin/") == "/admin/"  # Wagtail's "permission denied"
    procedure.refresh_from_db()
    assert procedure.get_parent().specific_class is StaffAreaPage
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[procedure.pk]),
        {"new_title": "Copie", "new_slug": "copie", "new_parent_page": home.pk},
    )
    assert response.status_code == 200  # the form again, with its error
    assert not Page.objects.filter(slug="copie").exists()


def test_a_night_log_is_never_copied(client, staff_pages, superuser, log_index):
    log = staff_pages[-1]
    assert not log.permissions_for_user(superuser).can_copy()
    client.force_login(superuser)
    response = client.get(reverse("wagtailadmin_pages:copy", args=[log.pk]))
    assert (response.status_code, response.get("Location")) == (302, "/admin/")  # refused
    assert NightLogPage.objects.count() == 1


def test_staff_pages_are_private_and_never_cached(staff_client, staff_pages):
    for page in staff_pages:
        response = staff_client.get(page.url)
        assert response.status_code == 200, page.url
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
        assert "noindex" in response["X-Robots-Tag"]
        assert page.get_sitemap_urls() == []
        assert page.get_indexed_instance() is None


def test_staff_pages_refuse_outsiders_even_without_the_restriction(
    client, staff_pages, outsider_user, member_user
):
    PageViewRestriction.objects.filter(page__in=StaffAreaPage.objects.all()).delete()
    for page in staff_pages:
        response = client.get(page.url)
        assert response.status_code == 302
        assert response["Location"].startswith("/connexion/")
    for user in (outsider_user, member_user):
        client.force_login(user)
        for page in staff_pages:
            assert client.get(page.url).status_code == 403, page.url


def test_the_system_check_reports_the_staff_area_without_restriction(staff_pages):
    from django.core.management.base import SystemCheckError

    call_command("check")  # as setup_site leaves it: no error
    PageViewRestriction.objects.filter(page__in=StaffAreaPage.objects.all()).delete()
    with pytest.raises(SystemCheckError, match=r"lune_site.E001.*/equipe/"):
        call_command("check")
    # A restriction to "any logged-in user" is no restriction to the staff group either.
    PageViewRestriction.objects.create(
        page=StaffAreaPage.objects.get(), restriction_type=PageViewRestriction.LOGIN
    )
    with pytest.raises(SystemCheckError, match="lune_site.E001"):
        call_command("check")


def test_the_system_check_reports_a_staff_area_open_to_another_group(staff_pages):
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.core.management.base import SystemCheckError

    restriction = PageViewRestriction.objects.get(page=StaffAreaPage.objects.get())
    restriction.groups.add(Group.objects.get(name=settings.COMMUNICATIONS_GROUP_NAME))
    with pytest.raises(SystemCheckError, match=r"lune_site.E002.*/equipe/") as reported:
        call_command("check")
    assert settings.COMMUNICATIONS_GROUP_NAME in str(reported.value)
