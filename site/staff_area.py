"""The staff area's registrations: the staff group's rights on hygiene kits, and its demo content.

Imported by the app's ready(): `setup_site` then grants the rights, `load_demo` builds the demo.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from lune_site.demo import ensure_demo_users, register_demo
from lune_site.setup import child, register_permissions

KIT_MODELS = ("hygienekitbatch", "outreachkitdistribution")
register_permissions(
    "staff",
    *(
        f"lune_site.{action}_{model}"
        for model in KIT_MODELS
        for action in ("add", "change", "delete", "view")
    ),
)

DEMO_NIGHTS = 30
DEMO_INCIDENTS = [
    (
        "23:40",
        "conflit",
        "Tension entre deux personnes hébergées au sujet de la télé; réglé par une discussion.",
        False,
    ),
    (
        "02:15",
        "sante",
        "Une personne a eu des nausées; eau et repos, pas besoin d'ambulance.",
        True,
    ),
    (
        "04:05",
        "urgence",
        "Appel au 911 pour une personne dehors, devant la porte; "
        "prise en charge par les ambulanciers.",
        True,
    ),
]
DEMO_NOTES = [
    "Plus de serviettes propres : en laver demain matin.",
    "Nuit calme. Le frigo des collations est presque vide.",
    "La serrure de la salle de bain coince : appeler le concierge.",
    "",
]
DEMO_BATCHES = [
    (
        75,
        12,
        "Savon, shampoing, brosse à dents, dentifrice, serviettes hygiéniques, "
        "bas (lot de démonstration A)",
    ),
    (40, 20, "Savon, déodorant, brosse à dents, condoms, lubrifiant (lot de démonstration B)"),
    (10, 15, "Trousse d'hiver : bas chauds, baume à lèvres, mouchoirs (lot de démonstration C)"),
]
DEMO_OUTREACH = [
    (35, 8, "Tournée de rue, basse-ville (démonstration)"),
    (12, 5, "Halte-chaleur d'un organisme partenaire (démonstration)"),
]


def demo_figures(night):
    """Plausible, made-up figures for a night, always the same for the same date."""
    seed = night.toordinal()
    beds = seed % 6
    return {
        "beds_occupied": beds,
        "arrivals": beds + seed % 2,
        "turned_away_full": 1 if beds == 5 and seed % 3 else 0,
        "turned_away_criteria": 1 if seed % 7 == 0 else 0,
        "turned_away_safety": 1 if seed % 11 == 0 else 0,
        "turned_away_other": 1 if seed % 13 == 0 else 0,
        "hygiene_kits_given": seed % 3,
        "snacks_given": beds + seed % 4,
        "notes": DEMO_NOTES[seed % len(DEMO_NOTES)],
    }


def build_staff_area(home, stdout):
    """The staff tree's demo: a procedures page, a month of made-up night logs, kit batches."""
    from lune_site.models import (
        HygieneKitBatch,
        NightLogIncident,
        NightLogPage,
        OutreachKitDistribution,
        ShelterLogIndexPage,
        StaffAreaPage,
        StaffStandardPage,
    )

    staff_area = StaffAreaPage.objects.get(locale=home.locale)
    child(
        staff_area,
        StaffStandardPage,
        "procedures",
        "Procédures de la nuit",
        summary="L'ouverture, la fermeture et quoi faire en cas d'urgence (exemple).",
        body=[
            ("heading", {"text": "Ouverture (22 h)", "level": "h2"}),
            (
                "paragraph",
                "<p>Vérifier les lits, la trousse de premiers soins et le "
                "téléphone de garde. Noter l'heure d'ouverture au registre.</p>",
            ),
            ("heading", {"text": "En cas d'urgence", "level": "h2"}),
            (
                "paragraph",
                "<p>Appeler le 911, puis la coordination. Écrire l'incident "
                "au registre, <b>sans nom</b>.</p>",
            ),
        ],
    )
    index = ShelterLogIndexPage.objects.child_of(staff_area).get()
    ensure_demo_users()
    team = list(get_user_model().objects.filter(username="intervenante"))
    today = timezone.localdate()
    existing = set(NightLogPage.objects.values_list("night", flat=True))
    created = 0
    # The nights before yesterday: yesterday and tonight are left for the team to fill in.
    for offset in range(2, DEMO_NIGHTS + 2):
        night = today - datetime.timedelta(days=offset)
        if night in existing:
            continue
        log = NightLogPage(night=night, **demo_figures(night))
        seed = night.toordinal()
        if seed % 4 == 0:
            time, kind, description, follow_up = DEMO_INCIDENTS[seed % len(DEMO_INCIDENTS)]
            log.incidents.add(
                NightLogIncident(
                    time=datetime.time.fromisoformat(time),
                    kind=kind,
                    description=description,
                    follow_up_needed=follow_up,
                    follow_up_done=follow_up and offset > 10,
                )
            )
        log.team.set(team)
        index.add_child(instance=log)
        created += 1
    for days_ago, number, content in DEMO_BATCHES:
        if not HygieneKitBatch.objects.filter(content=content).exists():
            HygieneKitBatch.objects.create(
                assembled_on=today - datetime.timedelta(days=days_ago),
                number=number,
                content=content,
            )
    for days_ago, number, place in DEMO_OUTREACH:
        if not OutreachKitDistribution.objects.filter(place=place).exists():
            OutreachKitDistribution.objects.create(
                given_on=today - datetime.timedelta(days=days_ago), number=number, place=place
            )
    stdout.write(f"Espace équipe : procédures, {created} nuits ajoutées au registre, trousses.\n")


register_demo(build_staff_area)
