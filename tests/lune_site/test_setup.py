"""setup_site and load_demo: idempotent, and rights that stop above the closed areas."""

from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import GroupCollectionPermission, GroupPagePermission, Page, PageViewRestriction

from lune_site.models import MembersAreaPage, StaffAreaPage

pytestmark = pytest.mark.django_db


def tree():
    return sorted(Page.objects.values_list("url_path", "locale__language_code"))


def test_load_demo_twice_gives_the_same_tree(demo):
    before = tree()
    call_command("load_demo", stdout=StringIO())
    assert tree() == before
    paths = [path for path, _language in before]
    assert len(paths) == len(set(zip(paths, [lang for _p, lang in before], strict=True)))


def test_demo_has_the_key_pages_in_both_languages(demo):
    for french, english in [("/a-propos/", "/en/about/"), ("/hebergement/", "/en/shelter/")]:
        page = Page.objects.get(url_path__endswith=french, locale__language_code="fr")
        assert (
            page.get_translation(page.locale.__class__.objects.get(language_code="en")).url
            == english
        )


def test_closed_areas_are_restricted_to_their_group(site_tree):
    staff = StaffAreaPage.objects.get()
    members = MembersAreaPage.objects.get()
    assert staff.url_path.endswith("/equipe/") and members.url_path.endswith("/membres/")
    staff_restriction = PageViewRestriction.objects.get(page=staff)
    assert [g.name for g in staff_restriction.groups.all()] == [settings.STAFF_GROUP_NAME]
    members_restriction = PageViewRestriction.objects.get(page=members)
    assert [g.name for g in members_restriction.groups.all()] == [settings.MEMBERS_GROUP_NAME]


def test_no_public_content_group_holds_rights_above_the_closed_areas(demo):
    closed = [StaffAreaPage.objects.get(), MembersAreaPage.objects.get()]
    for name in (settings.COMMUNICATIONS_GROUP_NAME, "Editors", "Moderators"):
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for permission in GroupPagePermission.objects.filter(group=group):
            page = permission.page
            assert page.depth >= 3, f"{name} holds {permission.permission} on {page.url_path}"
            for area in closed:
                assert not area.path.startswith(page.path), (name, page.url_path)
                assert not page.path.startswith(area.path), (name, page.url_path)
    communications = Group.objects.get(name=settings.COMMUNICATIONS_GROUP_NAME)
    assert GroupPagePermission.objects.filter(
        group=communications, page__url_path__endswith="/a-propos/"
    ).exists()
    # Media rights only on the public collection, never on the root (which holds the private one).
    assert not GroupCollectionPermission.objects.filter(
        group__name__in=[settings.COMMUNICATIONS_GROUP_NAME, "Editors", "Moderators"],
        collection__depth=1,
    ).exists()


def test_setup_site_twice_changes_nothing(site_tree):
    counts = (Page.objects.count(), GroupPagePermission.objects.count(), Group.objects.count())
    call_command("setup_site", stdout=StringIO())
    assert (
        Page.objects.count(),
        GroupPagePermission.objects.count(),
        Group.objects.count(),
    ) == counts
