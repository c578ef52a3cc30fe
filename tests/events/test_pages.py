"""Page types: where they go, routing, rendering, editing, and the admin's refusals."""

import datetime
from io import StringIO

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from events.models import (
    EventIndexPage,
    EventPage,
    PresentationRequestPage,
    TrainingCatalogPage,
    TrainingPage,
)
from lune_site.models import HomePage, StandardPage
from lune_site.setup import setup_site
from tests.events.factories import EventPageFactory, TrainingPageFactory, event_type


def event_post_data(**overrides):
    data = {
        "title": "Vigile du 17 décembre",
        "slug": "vigile",
        "event_type": event_type().pk,
        "status": "prevu",
        "start_date": "2026-12-17",
        "start_time": "17:00",
        "end_date": "",
        "end_time": "19:00",
        "recurrence": "",
        "recurrence_interval": "1",
        "recurrence_count": "",
        "recurrence_until": "",
        "attendance": "sur-place",
        "place_name": "Parvis Saint-Roch",
        "place_address": "",
        "online_url": "",
        "summary": "Une vigile",
        "body": streamfield([]),
        "registration_url": "",
        "registration_phone": "",
        "capacity": "",
        "price": "",
        "excluded_dates": inline_formset([]),
        "occurrence_exceptions": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


class EventPageTypeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = setup_site(stdout=StringIO())
        cls.index = EventIndexPage.objects.get(locale__language_code="fr")
        cls.catalog = TrainingCatalogPage.objects.get(locale__language_code="fr")
        cls.training = TrainingPageFactory(parent=cls.catalog, title="RCR", slug="rcr")
        cls.event = EventPageFactory(parent=cls.index, slug="vigile", training=cls.training)

    def setUp(self):
        self.superuser = self.create_superuser("root", password="pw")
        self.client.force_login(self.superuser)

    def test_sections_are_created_by_setup_site(self):
        self.assertEqual(self.index.url, "/evenements/")
        self.assertEqual(self.catalog.url, "/formations/")

    def test_where_each_type_can_be_created(self):
        self.assertAllowedParentPageTypes(EventIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(EventPage, {EventIndexPage})
        self.assertAllowedParentPageTypes(TrainingCatalogPage, {HomePage})
        self.assertAllowedParentPageTypes(TrainingPage, {TrainingCatalogPage})
        self.assertAllowedParentPageTypes(
            PresentationRequestPage, {TrainingCatalogPage, EventIndexPage}
        )
        self.assertCanCreateAt(EventIndexPage, EventPage)
        self.assertCanNotCreateAt(StandardPage, EventPage)
        self.assertFalse(EventIndexPage.can_create_at(self.home))  # one per home page

    def test_pages_route_and_render(self):
        for page in (self.index, self.catalog, self.training, self.event):
            self.assertPageIsRoutable(page)
            self.assertPageIsRenderable(page)

    def test_event_page_is_editable(self):
        self.assertPageIsEditable(self.event, post_data=event_post_data(slug=self.event.slug))

    def test_training_page_is_editable(self):
        self.assertPageIsEditable(
            self.training,
            post_data=nested_form_data(
                {
                    "title": "RCR",
                    "slug": "rcr",
                    "topic": "RCR",
                    "summary": "",
                    "objectives": rich_text(""),
                    "for_participants": "on",
                    "duration": "4 heures",
                    "trainer": "",
                    "prerequisites": "",
                    "body": streamfield([]),
                }
            ),
        )

    def post_new_event(self, **overrides):
        url = f"/admin/pages/add/events/eventpage/{self.index.pk}/"
        return self.client.post(url, event_post_data(**overrides))

    def test_admin_refuses_an_end_before_the_start_and_keeps_the_data(self):
        response = self.post_new_event(slug="a-l-envers", end_date="2026-12-16")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "La fin ne peut pas précéder le début.")
        self.assertContains(response, "Parvis Saint-Roch")  # what was typed is still there
        self.assertFalse(EventPage.objects.filter(slug="a-l-envers").exists())

        response = self.post_new_event(slug="a-l-envers", end_time="16:00")
        self.assertContains(response, "La fin doit suivre le début.")
        self.assertFalse(EventPage.objects.filter(slug="a-l-envers").exists())

    def test_admin_refuses_an_endless_repetition_unless_asked_for(self):
        response = self.post_new_event(slug="sans-fin", recurrence="YEARLY")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "cocher « sans fin »")
        self.assertFalse(EventPage.objects.filter(slug="sans-fin").exists())

        response = self.post_new_event(
            slug="sans-fin", recurrence="YEARLY", recurrence_endless="on"
        )
        self.assertEqual(response.status_code, 302)
        event = EventPage.objects.get(slug="sans-fin")
        self.assertIsNone(event.last_date)

    def test_admin_saves_excluded_dates_and_a_moved_session(self):
        response = self.post_new_event(
            slug="serie",
            recurrence="WEEKLY",
            recurrence_count="4",
            excluded_dates=inline_formset([{"date": "2026-12-24"}]),
            occurrence_exceptions=inline_formset(
                [
                    {
                        "original_date": "2026-12-31",
                        "action": "deplacee",
                        "new_start_date": "",
                        "new_start_time": "",
                        "new_end_date": "",
                        "new_end_time": "",
                        "note": "",
                    }
                ]
            ),
        )
        # A moved session without its new date is refused, the rest is kept.
        self.assertContains(response, "Donner la nouvelle date.")
        self.assertContains(response, "2026-12-24")
        response = self.post_new_event(
            slug="serie",
            recurrence="WEEKLY",
            recurrence_count="4",
            excluded_dates=inline_formset([{"date": "2026-12-24"}]),
            occurrence_exceptions=inline_formset(
                [
                    {
                        "original_date": "2026-12-31",
                        "action": "deplacee",
                        "new_start_date": "2027-01-02",
                        "new_start_time": "",
                        "new_end_date": "",
                        "new_end_time": "",
                        "note": "Jour férié",
                    }
                ]
            ),
        )
        self.assertEqual(response.status_code, 302)
        event = EventPage.objects.get(slug="serie")
        starts = [
            o.start_date
            for o in event.occurrences_between(
                datetime.date(2026, 12, 1), datetime.date(2027, 2, 1)
            )
        ]
        self.assertEqual(
            starts,
            [datetime.date(2026, 12, 17), datetime.date(2027, 1, 2), datetime.date(2027, 1, 7)],
        )
