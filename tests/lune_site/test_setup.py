"""setup_site and load_demo: idempotent, and rights that stop above the closed areas."""

from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import GroupCollectionPermission, GroupPagePermission, Page, PageViewRestriction

from lune_site.models import HomePage, MembersAreaPage, StaffAreaPage

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


def test_setup_site_alone_gives_the_whole_safe_browsing_page(site_tree, client):
    french = client.get("/naviguer-en-securite/").content.decode()
    assert "historique" in french and "navigation privée" in french
    assert "n'efface pas votre historique" in french.replace("&#x27;", "'")
    english = client.get("/en/safe-browsing/")
    assert english.status_code == 200
    assert "does not erase your history" in english.content.decode()


def test_setup_site_fills_an_empty_safe_browsing_page_and_keeps_an_edited_one(site_tree):
    from lune_site.models import StandardPage

    safe = StandardPage.objects.get(slug="naviguer-en-securite")
    safe.body = []
    safe.save_revision().publish()
    english = StandardPage.objects.get(slug="safe-browsing")
    english.body = [("paragraph", "<p>Written by our staff.</p>")]
    english.save_revision().publish()
    call_command("setup_site", stdout=StringIO())
    assert "historique" in str(StandardPage.objects.get(pk=safe.pk).body)
    assert str(StandardPage.objects.get(pk=english.pk).body) == str(english.body)
    revisions = english.revisions.count()
    call_command("setup_site", stdout=StringIO())
    assert english.revisions.count() == revisions


def test_setup_site_removes_a_group_added_to_a_closed_area(site_tree):
    staff = StaffAreaPage.objects.get()
    restriction = PageViewRestriction.objects.get(page=staff)
    restriction.groups.add(Group.objects.get(name=settings.COMMUNICATIONS_GROUP_NAME))
    call_command("setup_site", stdout=StringIO())
    assert [g.name for g in restriction.groups.all()] == [settings.STAFF_GROUP_NAME]


def test_setup_site_removes_a_group_added_to_the_staff_collection(site_tree):
    from wagtail.models import CollectionViewRestriction

    restriction = CollectionViewRestriction.objects.get(restriction_type="groups")
    restriction.groups.add(Group.objects.get(name=settings.COMMUNICATIONS_GROUP_NAME))
    call_command("setup_site", stdout=StringIO())
    assert [g.name for g in restriction.groups.all()] == [settings.STAFF_GROUP_NAME]


def test_demo_home_page_has_shortcuts_to_the_resources(demo, client):
    french = client.get("/").content.decode()
    shortcuts = french.split('class="shortcuts"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/ressources/">Toutes les ressources</a>' in shortcuts
    assert 'href="/ressources/?categorie=logement">Logement</a>' in shortcuts
    assert shortcuts.count('class="button"') >= 4
    english = client.get("/en/").content.decode()
    shortcuts = english.split('class="shortcuts"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/en/resources/">All resources</a>' in shortcuts
    assert 'href="/en/resources/?categorie=logement">Housing</a>' in shortcuts


def test_demo_shortcuts_pass_the_admin_validation(demo):
    # What staff save in the admin goes through the same block validation.
    for home in HomePage.objects.all():
        home.shortcuts.stream_block.clean(home.shortcuts)


@pytest.mark.parametrize(
    "address", ["/ressources/?categorie=logement", "https://www.quebec.ca/sante", "http://a.ca"]
)
def test_a_button_takes_a_site_address_or_a_web_address(address):
    from lune_site.blocks import CallToActionBlock

    assert CallToActionBlock().clean({"text": "Aller", "page": None, "url": address})["url"]


@pytest.mark.parametrize(
    "address", ["//autre.example/", "javascript:alert(1)", "/deux mots", "ressources", "ftp://a.ca"]
)
def test_a_button_refuses_other_addresses(address):
    from wagtail.blocks import StructBlockValidationError

    from lune_site.blocks import CallToActionBlock

    with pytest.raises(StructBlockValidationError):
        CallToActionBlock().clean({"text": "Aller", "page": None, "url": address})
