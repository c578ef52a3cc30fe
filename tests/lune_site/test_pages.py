"""Each page type is creatable where allowed, routable, renderable and editable."""

from io import StringIO

from django.conf import settings
from django.contrib.auth.models import Group
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, streamfield

from lune_site.models import (
    HomePage,
    MembersAreaPage,
    ShelterPage,
    StaffAreaPage,
    StandardPage,
)
from lune_site.setup import setup_site
from tests.lune_site.factories import ShelterPageFactory, StandardPageFactory


class PageTypeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = setup_site(stdout=StringIO())
        cls.about = StandardPageFactory(parent=cls.home, title="À propos", slug="a-propos")
        cls.shelter = ShelterPageFactory(parent=cls.home)

    def setUp(self):
        self.superuser = self.create_superuser("root", password="pw")
        self.client.force_login(self.superuser)

    def test_where_each_type_can_be_created(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertCanCreateAt(HomePage, ShelterPage)
        self.assertCanNotCreateAt(StandardPage, ShelterPage)
        self.assertCanNotCreateAt(StandardPage, StaffAreaPage)
        self.assertCanNotCreateAt(Page, StaffAreaPage)
        self.assertAllowedParentPageTypes(StaffAreaPage, {HomePage})
        self.assertAllowedParentPageTypes(MembersAreaPage, {HomePage})

    def test_closed_areas_exist_once(self):
        self.assertEqual(StaffAreaPage.objects.count(), 1)
        self.assertEqual(MembersAreaPage.objects.count(), 1)
        # Allowed once: the home page offers no second one.
        self.assertFalse(StaffAreaPage.can_create_at(self.home))
        self.assertFalse(MembersAreaPage.can_create_at(self.home))

    def test_public_pages_route_and_render(self):
        for page in (self.home, self.about, self.shelter):
            self.assertPageIsRoutable(page)
            self.assertPageIsRenderable(page)

    def test_public_pages_are_editable(self):
        self.assertPageIsEditable(
            self.home,
            post_data=nested_form_data(
                {
                    "title": "Projet L.U.N.E.",
                    "slug": self.home.slug,
                    "shortcuts": streamfield([]),
                    "urgent_numbers": streamfield(
                        [("number", {"label": "Urgence", "phone": "911", "hours": ""})]
                    ),
                }
            ),
        )
        for page in (self.about, self.shelter):
            self.assertPageIsEditable(
                page,
                post_data=nested_form_data(
                    {"title": page.title, "slug": page.slug, "body": streamfield([])}
                ),
            )

    def test_closed_area_renders_for_its_group(self):
        staff = StaffAreaPage.objects.get()
        self.assertPageIsRoutable(staff)
        self.assertPageIsRenderable(staff, user=self.superuser)

    def test_members_area_routes_and_renders_for_its_group(self):
        members = MembersAreaPage.objects.get()
        self.assertPageIsRoutable(members)
        self.assertPageIsRenderable(members, user=self.superuser)
        member = self.create_user("membre1", password="pw")
        member.groups.add(Group.objects.get(name=settings.MEMBERS_GROUP_NAME))
        self.assertPageIsRenderable(members, user=member)
        # Anyone else is sent to the login page, never shown the area.
        self.client.logout()
        response = self.client.get(members.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/connexion/", response["Location"])
