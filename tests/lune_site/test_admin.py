"""In the admin, a Communications user sees neither closed area anywhere."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from lune_site.models import MembersAreaPage, StaffAreaPage

pytestmark = pytest.mark.django_db


SECRET_TITLES = ["Quokkaveil de garde", "Zibeline des membres"]


@pytest.fixture
def comm_client(client, demo, communications_user):
    # Unique words as titles, so that a type name in a filter cannot pass for a leak.
    for model, title in zip((StaffAreaPage, MembersAreaPage), SECRET_TITLES, strict=True):
        page = model.objects.get()
        page.title = title
        page.save_revision().publish()
    client.force_login(communications_user)
    return client


def closed_titles():
    return SECRET_TITLES


def assert_hidden(response):
    assert response.status_code == 200
    body = response.content.decode()
    for title in closed_titles():
        assert title not in body
    for page in (StaffAreaPage.objects.get(), MembersAreaPage.objects.get()):
        assert f"/admin/pages/{page.pk}/" not in body


def test_explorer_hides_closed_areas(comm_client):
    home = Page.objects.get(depth=2, locale__language_code="fr")
    assert_hidden(comm_client.get(reverse("wagtailadmin_explore", args=[home.pk])))
    assert_hidden(comm_client.get(reverse("wagtailadmin_explore_root")))


def test_page_chooser_and_its_search_hide_closed_areas(comm_client):
    home = Page.objects.get(depth=2, locale__language_code="fr")
    assert_hidden(comm_client.get(reverse("wagtailadmin_choose_page_child", args=[home.pk])))
    assert_hidden(comm_client.get(reverse("wagtailadmin_choose_page")))
    assert_hidden(comm_client.get(reverse("wagtailadmin_choose_page_search"), {"q": "Quokkaveil"}))


def test_admin_search_hides_closed_areas(comm_client):
    assert_hidden(comm_client.get(reverse("wagtailadmin_pages:search"), {"q": "Quokkaveil"}))


def test_admin_search_without_words_hides_closed_areas(comm_client):
    # Without words the search lists pages by type: the hooks, not the index, must hide them.
    search = reverse("wagtailadmin_pages:search")
    assert_hidden(comm_client.get(search, {"q": ""}))
    for model in (StaffAreaPage, MembersAreaPage):
        content_type = f"{model._meta.app_label}.{model._meta.model_name}"
        assert_hidden(comm_client.get(search, {"q": "", "content_type": content_type}))
    assert_hidden(comm_client.get(reverse("wagtailadmin_choose_page_search"), {"q": ""}))


@pytest.mark.parametrize(
    "name", ["wagtailadmin_pages:edit", "wagtailadmin_explore", "wagtailadmin_pages:move"]
)
def test_communications_cannot_open_a_closed_area_by_its_id(comm_client, name):
    for model in (StaffAreaPage, MembersAreaPage):
        response = comm_client.get(reverse(name, args=[model.objects.get().pk]))
        assert response.status_code == 404
        for title in closed_titles():
            assert title not in response.content.decode()


def test_staff_group_sees_its_area(client, demo, staff_user):
    client.force_login(staff_user)
    response = client.get(reverse("wagtailadmin_explore_root"))
    assert response.status_code in (200, 302)
    staff = StaffAreaPage.objects.get()
    assert client.get(reverse("wagtailadmin_pages:edit", args=[staff.pk])).status_code == 200
