"""The members' bad-client list: members only, on every channel; expired entries gone."""

import datetime
from io import StringIO

import feedparser
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Revision
from wagtail.test.utils.form_data import rich_text

from journal.models import BadClientListPage, BadClientReport, UnrestrictedBadClientListError
from lune_site.models import MembersAreaPage
from search.gate import public_pages
from tests.journal.factories import (
    BadClientListPageFactory,
    BadClientReportFactory,
    NewsPageFactory,
)

pytestmark = pytest.mark.django_db

URL = "/membres/mauvais-clients/"


@pytest.fixture
def bad_list(site_tree):
    page = BadClientListPageFactory(parent=MembersAreaPage.objects.get())
    today = timezone.localdate()
    BadClientReportFactory(list_page=page, area="Saint-Roch", description="Avis en cours")
    BadClientReportFactory(
        list_page=page,
        description="Avis expiré",
        incident_date=today - datetime.timedelta(days=400),
        expires_on=today - datetime.timedelta(days=1),
    )
    BadClientReportFactory(
        list_page=page, description="Avis à vérifier", status=BadClientReport.STATUS_PENDING
    )
    BadClientReportFactory(
        list_page=page, description="Avis refusé", status=BadClientReport.STATUS_REFUSED
    )
    return page


def refused(response):
    if response.status_code == 302:
        return response["Location"].startswith("/connexion/")
    return response.status_code in (403, 404)


def test_member_sees_current_entries_only_privately(client, bad_list, member_user):
    client.force_login(member_user)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Avis en cours" in html
    for hidden in ("Avis expiré", "Avis à vérifier", "Avis refusé"):
        assert hidden not in html
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]


def test_entry_disappears_after_its_expiry_date(bad_list):
    today = timezone.localdate()
    report = bad_list.reports.get(description="Avis en cours")
    report.expires_on = today
    report.save()
    assert report in bad_list.reports_showing(today)
    assert report not in bad_list.reports_showing(today + datetime.timedelta(days=1))


def test_expiry_date_defaults_to_a_year_from_the_report(bad_list):
    report = BadClientReport.objects.create(
        list_page=bad_list,
        incident_date=datetime.date(2024, 5, 1),
        area="Limoilou",
        description="x",
    )
    assert report.expires_on == timezone.localdate() + datetime.timedelta(days=365)


@pytest.mark.parametrize("who", ["anonymous", "outsider", "communications", "staff"])
def test_unreachable_for_non_members(client, bad_list, who, request):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(f"{who}_user"))
    assert refused(client.get(URL))
    assert refused(client.post(URL, {"area": "x"}))
    assert not BadClientReport.objects.filter(area="x").exists()
    # Not through any other channel either.
    for url in ("/sitemap.xml", "/actualites/flux/", "/", "/journal/", "/robots.txt"):
        response = client.get(url)
        body = response.content.decode() if not response.streaming else ""
        assert "mauvais-clients" not in body and "Avis en cours" not in body
    assert "Disallow: /membres/" in client.get("/robots.txt").content.decode()


def test_never_in_the_gate_search_or_index(bad_list):
    assert not public_pages(BadClientListPage.objects.all()).exists()
    assert not public_pages(Page.objects.filter(pk=bad_list.pk)).exists()
    assert not BadClientListPage.get_indexed_objects().exists()
    assert bad_list.get_sitemap_urls() == []


def test_refused_even_to_members_without_the_restriction(client, bad_list, member_user):
    PageViewRestriction.objects.filter(page__in=MembersAreaPage.objects.all()).delete()
    client.force_login(member_user)
    assert client.get(URL).status_code == 403
    # And anonymous visitors still go to the login page.
    assert refused(Client().get(URL))


def test_a_restriction_on_the_page_itself_is_enough(client, bad_list, member_user):
    from django.contrib.auth.models import Group

    PageViewRestriction.objects.filter(page__in=MembersAreaPage.objects.all()).delete()
    restriction = PageViewRestriction.objects.create(
        page=bad_list, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name="Membres"))
    client.force_login(member_user)
    assert client.get(URL).status_code == 200


def test_publishing_is_refused_without_the_restriction(admin_client, bad_list):
    PageViewRestriction.objects.filter(page__in=MembersAreaPage.objects.all()).delete()
    response = admin_client.post(
        f"/admin/pages/{bad_list.pk}/edit/",
        {
            "title": "Mauvais clients",
            "slug": "mauvais-clients",
            "intro": rich_text(""),
            "action-publish": "1",
        },
    )
    assert response.status_code == 302
    bad_list.refresh_from_db()
    assert bad_list.live is False


def test_publishing_is_allowed_with_the_restriction(admin_client, bad_list):
    response = admin_client.post(
        f"/admin/pages/{bad_list.pk}/edit/",
        {
            "title": "Liste des mauvais clients",
            "slug": "mauvais-clients",
            "intro": rich_text(""),
            "action-publish": "1",
        },
    )
    assert response.status_code == 302
    bad_list.refresh_from_db()
    assert bad_list.live is True and bad_list.title == "Liste des mauvais clients"


def test_member_report_waits_for_moderation(client, bad_list, member_user, staff_user):
    client.force_login(member_user)
    response = client.post(
        URL,
        {
            "incident_date": "2025-01-10",
            "area": "Vanier",
            "contact_method": "telephone",
            "vehicle": "Auto rouge",
            "description": "Vol d'argent <script>x</script>",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "L'équipe va vérifier" in html
    report = BadClientReport.objects.get(area="Vanier")
    assert report.status == BadClientReport.STATUS_PENDING
    assert "Vol d&#x27;argent" not in html
    # Nothing about who reported it is kept.
    assert not any(f.name in ("user", "reporter", "author") for f in BadClientReport._meta.fields)

    moderator = Client()
    moderator.force_login(staff_user)
    listing = moderator.get("/admin/membres/signalements/")
    assert listing.status_code == 200 and "Vanier" in listing.content.decode()
    report.status = BadClientReport.STATUS_APPROVED
    report.save()
    html = client.get(URL).content.decode()
    assert "Vol d&#x27;argent &lt;script&gt;x&lt;/script&gt;" in html


def test_bad_report_input_is_explained(client, bad_list, member_user):
    client.force_login(member_user)
    response = client.post(
        URL, {"incident_date": "pas une date", "area": "", "description": "\x00"}
    )
    assert response.status_code == 200
    assert "n'est pas encore parti" in response.content.decode()


def test_communications_cannot_moderate_reports(client, bad_list, communications_user):
    client.force_login(communications_user)
    response = client.get("/admin/membres/signalements/")
    assert response.status_code in (302, 403)


def test_feed_never_lists_it(client, bad_list):
    feed = feedparser.parse(client.get("/actualites/flux/").content)
    assert all("mauvais" not in entry.link for entry in feed.entries)


# --- Members' passwords -----------------------------------------------------------------


def test_staff_set_a_members_password_without_email(client, staff_user, member_user):
    client.force_login(staff_user)
    listing = client.get("/admin/membres/mots-de-passe/")
    assert listing.status_code == 200 and member_user.username in listing.content.decode()
    response = client.post(
        f"/admin/membres/mots-de-passe/{member_user.pk}/",
        {"new_password1": "lune-nouveau-2025", "new_password2": "lune-nouveau-2025"},
    )
    assert response.status_code == 302
    member_user.refresh_from_db()
    assert member_user.check_password("lune-nouveau-2025")
    login = Client().post(
        "/connexion/", {"username": member_user.username, "password": "lune-nouveau-2025"}
    )
    assert login.status_code == 302


def test_staff_cannot_reset_staff_or_admin_passwords(client, staff_user, member_user, admin_user):
    from django.contrib.auth.models import Group

    member_user.groups.add(Group.objects.get(name="Équipe d'intervention"))
    client.force_login(staff_user)
    for target in (member_user, admin_user, staff_user):
        response = client.get(f"/admin/membres/mots-de-passe/{target.pk}/")
        assert response.status_code == 404


def test_only_staff_may_reset_passwords(client, communications_user, member_user):
    client.force_login(communications_user)
    assert client.get("/admin/membres/mots-de-passe/").status_code in (302, 403)
    client.force_login(member_user)
    assert client.get("/admin/membres/mots-de-passe/").status_code in (302, 403)


# --- Every way to publish refuses an unrestricted list -------------------------------------


def lift_members_restriction():
    PageViewRestriction.objects.filter(page__in=MembersAreaPage.objects.all()).delete()


@pytest.fixture
def draft_list(bad_list):
    bad_list.unpublish()
    bad_list.refresh_from_db()
    bad_list.title = "Liste à publier"
    bad_list.save_revision()
    bad_list.refresh_from_db()
    return bad_list


def bulk_publish_url(*pages):
    ids = "&".join(f"id={page.pk}" for page in pages)
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    return f"{url}?{ids}&next=/admin/"


def test_creating_and_publishing_is_refused_without_the_restriction(admin_client, site_tree):
    lift_members_restriction()
    members = MembersAreaPage.objects.get()
    response = admin_client.post(
        f"/admin/pages/add/journal/badclientlistpage/{members.pk}/",
        {
            "title": "Nouvelle liste",
            "slug": "nouvelle-liste",
            "intro": rich_text(""),
            "action-publish": "1",
        },
        follow=True,
    )
    created = BadClientListPage.objects.get(slug="nouvelle-liste")
    assert created.live is False
    assert "Publication refusée" in response.content.decode()


def test_bulk_publishing_is_refused_without_the_restriction(admin_client, draft_list):
    lift_members_restriction()
    response = admin_client.post(bulk_publish_url(draft_list), follow=True)
    assert response.status_code == 200
    assert "Publication refusée" in response.content.decode()
    draft_list.refresh_from_db()
    assert draft_list.live is False and draft_list.title == "Mauvais clients"


def test_bulk_publishing_the_members_area_with_its_drafts_is_refused(admin_client, draft_list):
    lift_members_restriction()
    members = MembersAreaPage.objects.get()
    response = admin_client.post(
        bulk_publish_url(members), {"include_descendants": "on"}, follow=True
    )
    assert "Publication refusée" in response.content.decode()
    draft_list.refresh_from_db()
    assert draft_list.live is False


def test_bulk_publishing_is_allowed_with_the_restriction(admin_client, draft_list):
    response = admin_client.post(bulk_publish_url(draft_list))
    assert response.status_code == 302
    draft_list.refresh_from_db()
    assert draft_list.live is True and draft_list.title == "Liste à publier"


def test_publishing_in_code_or_by_a_workflow_is_refused(draft_list, admin_user):
    lift_members_restriction()
    revision = draft_list.get_latest_revision()
    # Bulk actions, workflow approvals and code all end in Revision.publish.
    with pytest.raises(UnrestrictedBadClientListError):
        revision.publish(user=admin_user)
    with pytest.raises(UnrestrictedBadClientListError):
        revision.publish(skip_permission_checks=True)
    draft_list.refresh_from_db()
    assert draft_list.live is False


def test_scheduled_publication_is_dropped_without_the_restriction(draft_list, news_index):
    past = timezone.now() - datetime.timedelta(minutes=5)
    scheduled_list = draft_list.get_latest_revision()
    news = NewsPageFactory(parent=news_index, title="Nouvelle programmée")
    news.unpublish()
    scheduled_news = news.save_revision()
    # As the editor leaves them when a publication date is chosen, before the restriction went.
    for revision in (scheduled_list, scheduled_news):
        Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=past)
    lift_members_restriction()

    call_command("publish_scheduled", stdout=StringIO())

    draft_list.refresh_from_db()
    news.refresh_from_db()
    assert draft_list.live is False
    assert news.live is True  # the refusal does not stop the others
    scheduled_list.refresh_from_db()
    assert scheduled_list.approved_go_live_at is None  # and is not met again next run


def test_scheduled_publication_goes_ahead_with_the_restriction(draft_list):
    revision = draft_list.get_latest_revision()
    past = timezone.now() - datetime.timedelta(minutes=5)
    Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=past)
    call_command("publish_scheduled", stdout=StringIO())
    draft_list.refresh_from_db()
    assert draft_list.live is True and draft_list.title == "Liste à publier"
