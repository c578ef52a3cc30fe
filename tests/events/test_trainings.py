"""The training catalog, a training's page and its sessions."""

import pytest

from events.models import EventOccurrenceException
from events.recurrence import WEEKLY
from tests.events.conftest import days
from tests.events.factories import EventPageFactory, TrainingPageFactory, event_type

pytestmark = pytest.mark.django_db


def test_training_page_lists_its_upcoming_sessions(client, event_index, catalog, today):
    training = TrainingPageFactory(
        parent=catalog,
        title="Autodéfense",
        slug="autodefense",
        topic="Autodéfense",
        duration="2 séances de 3 heures",
        trainer="Centre de prévention",
        for_workers=True,
        prerequisites="Aucun",
    )
    series = EventPageFactory(
        parent=event_index,
        title="Autodéfense : séances",
        event_type=event_type("formation"),
        training=training,
        start_date=today + days(2),
        recurrence=WEEKLY,
        recurrence_count=2,
    )
    EventOccurrenceException.objects.create(
        event=series, original_date=today + days(9), action=EventOccurrenceException.CANCELLED
    )
    EventPageFactory(parent=event_index, title="Autre chose", start_date=today + days(2))
    html = client.get("/formations/autodefense/").content.decode()
    assert "Participantes, intervenantes" in html
    assert "2 séances de 3 heures" in html and "Centre de prévention" in html
    assert html.count("Autodéfense : séances") == 1  # the cancelled session is left out
    assert "Autre chose" not in html

    catalog_html = client.get("/formations/").content.decode()
    assert "Autodéfense" in catalog_html and "Prochaine séance" in catalog_html


def test_catalog_query_count_does_not_grow(
    client, event_index, catalog, today, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n):
        for i in range(n):
            training = TrainingPageFactory(parent=catalog)
            EventPageFactory(
                parent=event_index,
                event_type=event_type("formation"),
                training=training,
                start_date=today + days(i + 1),
            )

    add(2)
    client.get("/formations/")
    with CaptureQueriesContext(connection) as few:
        client.get("/formations/")
    add(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get("/formations/").content.decode()
    assert html.count("Prochaine séance") == 17
