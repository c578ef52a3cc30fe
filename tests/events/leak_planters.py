"""The calendar's secrets for the leak probe: a never-published event, events behind a
restriction (on the event, or on a page above it), a published event whose newer draft holds
the secret, and a partner's presentation request. Each repeats weekly around today, so the
list, the month view, past events, the home page, training pages and every .ics feed would
show it if they skipped the gate."""

import datetime

from django.conf import settings
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from tests.search.leak_probe import new_page, register_planter

WEEKS_BEFORE, WEEKS_IN_ALL = 4, 10


def weekly_around_today():
    from events.recurrence import WEEKLY

    start = datetime.date.today() - datetime.timedelta(weeks=WEEKS_BEFORE)
    return {
        "start_date": start,
        "start_time": datetime.time(18, 0),
        "end_time": datetime.time(20, 0),
        "recurrence": WEEKLY,
        "recurrence_count": WEEKS_IN_ALL,
    }


def public_training(probe):
    """A published training, so that its page lists the sessions the gate lets through."""
    from events.models import TrainingCatalogPage, TrainingPage

    catalog = TrainingCatalogPage.objects.filter(locale=probe.home.locale).first()
    if catalog is None:
        return None
    training = TrainingPage(title="Formation publique", slug="formation-publique", topic="Public")
    catalog.add_child(instance=training)
    training.save_revision().publish()
    return training


def restrict(page, restriction_type, group=None):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=restriction_type, password="mot-de-passe-du-probe"
    )
    if group is not None:
        restriction.groups.add(group)
    return restriction


@register_planter
def plant_events(probe):
    from events.models import (
        EventIndexPage,
        EventOccurrenceException,
        EventPage,
        EventType,
        PresentationRequest,
    )
    from lune_site.models import StandardPage

    index = EventIndexPage.objects.filter(locale=probe.home.locale).first()
    if index is None:
        return []
    EventType.ensure_defaults()
    event_type = EventType.objects.get(slug=EventType.TRAINING)
    training = public_training(probe)
    staff = Group.objects.get(name=settings.STAFF_GROUP_NAME)

    def secret_event(parent, label, *, publish=True, text=probe.text, slug=probe.slug):
        event = EventPage(
            title=text(label),
            slug=slug(label),
            live=publish,
            event_type=event_type,
            training=training,
            summary=text(),
            place_name=text("lieu")[:150],
            **weekly_around_today(),
        )
        parent.add_child(instance=event)
        if publish:
            event.save_revision().publish()
        return event

    never = secret_event(index, "evenement-brouillon", publish=False)
    for_staff = secret_event(index, "evenement-equipe")
    behind_password = secret_event(index, "evenement-mot-de-passe")
    # Any logged-in user may open this one; no anonymous visitor, and no listing or feed.
    behind_login = secret_event(
        index, "evenement-connexion", text=probe.login_text, slug=probe.login_slug
    )
    # A restricted page above an event hides it as surely as a restriction on the event.
    above = new_page(probe.home, StandardPage, probe, "agenda-restreint", summary=probe.text())
    below_restriction = secret_event(above, "evenement-sous-restriction")
    restrictions = [
        restrict(for_staff, PageViewRestriction.GROUPS, staff),
        restrict(behind_password, PageViewRestriction.PASSWORD),
        restrict(behind_login, PageViewRestriction.LOGIN),
        restrict(above, PageViewRestriction.GROUPS, staff),
    ]

    changed = EventPage(
        title="Événement public",
        slug="evenement-public",
        event_type=event_type,
        training=training,
        summary="Public.",
        place_name="Parvis public",
        **weekly_around_today(),
    )
    index.add_child(instance=changed)
    changed.save_revision().publish()
    changed.title = probe.text("événement modifié")
    changed.summary = probe.text()
    changed.place_name = probe.text("lieu")[:150]
    changed.place_address = probe.text("adresse")[:250]
    changed.occurrence_exceptions.add(
        EventOccurrenceException(
            original_date=changed.start_date + datetime.timedelta(weeks=WEEKS_BEFORE + 1),
            action=EventOccurrenceException.CANCELLED,
            note=probe.text("note")[:200],
        )
    )
    changed.save_revision()

    presentation_request = PresentationRequest.objects.create(
        organization=probe.text("organisme")[:200],
        contact_name=probe.text("personne")[:150],
        topic=probe.text("sujet")[:200],
        audience="Une classe",
        preferred_dates="Bientôt",
        place="En ligne",
        message=probe.text(),
    )
    return [
        never,
        for_staff,
        behind_password,
        behind_login,
        above,
        below_restriction,
        *restrictions,
        EventPage.objects.get(pk=changed.pk),
        presentation_request,
    ]
