"""The benchmark's site content: standard pages and the shelter's night logs (issue 9)."""

import datetime

from bench.cases import register_case
from bench.content import build_standard_pages, bulk_pages, check_children, register_builder


@register_builder("pages", items="pages standard")
def build_some_standard_pages(n, rng):
    """A tenth as many standard pages as resources, under /banc-essai/ (a real site's share)."""
    return build_standard_pages(max(1, n // 10), rng)


@register_builder("night_logs", items="nuits")
def build_night_logs(n, rng):
    """n nights in the shelter's register, before the demo's (one log per night)."""
    from lune_site.models import NightLogPage, ShelterLogIndexPage, night_title

    register = ShelterLogIndexPage.objects.get()
    earliest = NightLogPage.objects.order_by("night").values_list("night", flat=True).first()
    start = (earliest or datetime.date.today()) - datetime.timedelta(days=1)
    logs = []
    for offset in range(n):
        night = start - datetime.timedelta(days=offset)
        beds = rng.randint(0, 5)
        logs.append(
            NightLogPage(
                title=str(night_title(night)),
                slug=night.isoformat(),
                night=night,
                capacity=5,
                beds_occupied=beds,
                arrivals=beds + rng.randint(0, 2),
                turned_away_full=rng.randint(0, 3) if beds == 5 else 0,
                hygiene_kits_given=rng.randint(0, 4),
                snacks_given=beds + rng.randint(0, 3),
                notes="Nuit calme. Rien à signaler pour l'équipe suivante.",
            )
        )
    bulk_pages(register, logs)
    check_children(register)
    return n


def latest_night_log_url():
    """The most recent night in the register (the staff open it first)."""
    from lune_site.models import NightLogPage

    log = NightLogPage.objects.live().order_by("-night").first()
    return log.url if log is not None else None


def night_register_url():
    from lune_site.models import ShelterLogIndexPage

    register = ShelterLogIndexPage.objects.live().first()
    return register.url if register is not None else None


register_case(
    "night-log", latest_night_log_url, needs="night_logs", login="STAFF_GROUP_NAME", weigh=False
)
register_case("night-register", night_register_url, needs="night_logs", login="STAFF_GROUP_NAME")
