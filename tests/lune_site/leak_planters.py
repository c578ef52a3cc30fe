"""The staff area's secrets for the leak probe: a night log's notes and incident, a staff page."""

import datetime

from tests.search.leak_probe import register_planter


@register_planter
def plant_staff_area(probe):
    from lune_site.models import (
        NightLogIncident,
        NightLogPage,
        ShelterLogIndexPage,
        StaffAreaPage,
        StaffStandardPage,
    )

    index = ShelterLogIndexPage.objects.first()
    staff_area = StaffAreaPage.objects.filter(locale=probe.home.locale).first()
    if index is None or staff_area is None:
        return []
    night = datetime.date(2001, 1, 1)
    while NightLogPage.objects.filter(night=night).exists():
        night += datetime.timedelta(days=1)
    log = NightLogPage(night=night, beds_occupied=2, notes=probe.text("notes de nuit"))
    log.incidents.add(
        NightLogIncident(
            time=datetime.time(3, 10),
            kind="autre",
            description=probe.text("incident"),
            follow_up_needed=True,
        )
    )
    index.add_child(instance=log)
    log.save_revision().publish()
    procedure = StaffStandardPage(
        title=probe.text("procédure"), slug=probe.slug("procedure"), summary=probe.text()
    )
    staff_area.add_child(instance=procedure)
    procedure.save_revision().publish()
    return [NightLogPage.objects.get(pk=log.pk), procedure]
