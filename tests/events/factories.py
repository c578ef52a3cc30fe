import datetime

import factory
import wagtail_factories

from events.models import EventPage, EventType, TrainingPage


def event_type(slug="sensibilisation"):
    EventType.ensure_defaults()
    return EventType.objects.get(slug=slug)


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Événement {n}")
    slug = factory.Sequence(lambda n: f"evenement-{n}")
    event_type = factory.LazyFunction(event_type)
    start_date = datetime.date(2026, 12, 17)
    start_time = datetime.time(17, 0)
    end_time = datetime.time(19, 0)
    place_name = "Parvis Saint-Roch"
    summary = "Un résumé"

    class Meta:
        model = EventPage


class TrainingPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Formation {n}")
    slug = factory.Sequence(lambda n: f"formation-{n}")
    topic = "Informatique"

    class Meta:
        model = TrainingPage
