"""Demo calendar and training catalog for `manage.py load_demo` (idempotent)."""

import datetime

from django.utils import timezone
from wagtail.models import Site

from events.models import (
    EventExcludedDate,
    EventIndexPage,
    EventOccurrenceException,
    EventPage,
    EventType,
    PresentationRequestPage,
    TrainingCatalogPage,
    TrainingPage,
)
from events.recurrence import QUEBEC, WEEKLY, YEARLY
from lune_site.demo import paragraph, translate
from lune_site.models import MenuItem, NavigationSettings
from lune_site.setup import child

TRAININGS = [
    (
        "informatique",
        "Informatique de base",
        "Informatique",
        "Courriel, sécurité du téléphone, recherche d'emploi en ligne, à son rythme.",
        "<ul><li>Créer et protéger une adresse courriel</li><li>Régler son téléphone pour "
        "plus de confidentialité</li><li>Remplir un formulaire en ligne</li></ul>",
        (True, False, False),
        "8 séances de 2 heures",
    ),
    (
        "profilage-social",
        "Profilage social et droits",
        "Profilage social",
        "Reconnaître le profilage social et connaître ses recours.",
        "<ul><li>Comprendre ce qu'est le profilage social</li><li>Connaître ses droits "
        "devant la police</li><li>Savoir où porter plainte</li></ul>",
        (True, True, True),
        "3 heures",
    ),
    (
        "comptabilite",
        "Comptabilité personnelle",
        "Comptabilité",
        "Budget, impôts et revenus autonomes, sans jugement.",
        "<ul><li>Faire un budget</li><li>Déclarer des revenus de travailleuse autonome</li></ul>",
        (True, False, False),
        "2 séances de 3 heures",
    ),
    (
        "relation-d-aide",
        "Relation d'aide",
        "Relation d'aide",
        "Les bases de l'écoute et de l'accompagnement par les pairs.",
        "<ul><li>Écouter sans juger</li><li>Poser ses limites</li><li>Orienter vers les "
        "ressources</li></ul>",
        (True, True, False),
        "2 jours",
    ),
    (
        "intervention-de-crise",
        "Intervention de crise",
        "Intervention de crise",
        "Reconnaître une crise, désamorcer, et prendre soin de soi après.",
        "<ul><li>Repérer les signes de crise</li><li>Désamorcer</li><li>Faire un retour "
        "après une situation difficile</li></ul>",
        (False, True, False),
        "1 jour",
    ),
    (
        "autodefense",
        "Autodéfense",
        "Autodéfense",
        "Autodéfense féministe : confiance, stratégies verbales et physiques.",
        "<ul><li>Prendre confiance</li><li>Dire non clairement</li><li>Se dégager</li></ul>",
        (True, True, False),
        "2 séances de 3 heures",
    ),
    (
        "rcr",
        "RCR : réanimation cardio-respiratoire",
        "RCR (réanimation cardio-respiratoire)",
        "Les gestes qui sauvent, y compris en cas de surdose.",
        "<ul><li>Réanimation cardio-respiratoire</li><li>Défibrillateur</li><li>Naloxone "
        "en cas de surdose d'opioïdes</li></ul>",
        (True, True, True),
        "4 heures",
    ),
    (
        "lois-et-travail-du-sexe",
        "Les lois et le travail du sexe",
        "Lois et travail du sexe",
        "Ce que disent les lois canadiennes, et pourquoi nous demandons la décriminalisation.",
        "<ul><li>Les lois en vigueur depuis 2014</li><li>Leurs effets sur la sécurité</li>"
        "<li>La décriminalisation</li></ul>",
        (True, True, True),
        "3 heures",
    ),
]


def next_weekday(day, weekday):
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7 or 7)


def build_trainings(catalog):
    trainings = {}
    for slug, title, topic, summary, objectives, audience, duration in TRAININGS:
        trainings[slug] = child(
            catalog,
            TrainingPage,
            slug,
            title,
            topic=topic,
            summary=summary,
            objectives=objectives,
            for_participants=audience[0],
            for_workers=audience[1],
            for_partners=audience[2],
            duration=duration,
            trainer="L.U.N.E. et ses partenaires",
        )
    child(
        catalog,
        PresentationRequestPage,
        "demande",
        "Demander une présentation ou une formation",
        intro="<p>Écoles, organismes, équipes de santé : nous présentons les réalités du "
        "travail du sexe, la décriminalisation et l'intervention par les pairs. Dites-nous "
        "ce que vous souhaitez, nous vous répondrons.</p>",
        thanks="<p>Merci ! Votre demande est bien reçue. L'équipe vous répondra dans les "
        "deux semaines.</p>",
    )
    return trainings


def build_calendar(index, types, trainings):
    today = timezone.localdate(timezone=QUEBEC)
    child(
        index,
        EventPage,
        "17-decembre",
        "17 décembre : Journée internationale pour mettre fin aux violences faites aux "
        "travailleuses du sexe",
        event_type=types["sensibilisation"],
        start_date=datetime.date(2024, 12, 17),
        start_time=datetime.time(17, 0),
        end_time=datetime.time(19, 0),
        recurrence=YEARLY,
        recurrence_endless=True,
        place_name="Parvis de l'église Saint-Roch",
        place_address="590, rue Saint-Joseph Est, Québec",
        summary="Vigile et prise de parole pour se souvenir et exiger la sécurité et les "
        "droits des travailleuses du sexe. Parapluies rouges fournis.",
        body=[
            paragraph(
                "<p>Chaque 17 décembre, partout dans le monde, les travailleuses du sexe et "
                "leurs alliées se rassemblent. Venez comme vous êtes, à visage couvert si "
                "vous le souhaitez.</p>"
            )
        ],
    )
    first_tuesday = next_weekday(today, 1)
    series = child(
        index,
        EventPage,
        "informatique-du-mardi",
        "Informatique de base : les mardis",
        event_type=types["formation"],
        training=trainings["informatique"],
        start_date=first_tuesday,
        start_time=datetime.time(13, 30),
        end_time=datetime.time(15, 30),
        recurrence=WEEKLY,
        recurrence_count=8,
        place_name="Local de L.U.N.E.",
        summary="Huit après-midis pour apprivoiser l'ordinateur et le téléphone.",
        capacity=8,
        registration_phone="418 641-0168",
        price=0,
        excluded_dates=[
            EventExcludedDate(date=first_tuesday + datetime.timedelta(weeks=2)),
        ],
        occurrence_exceptions=[
            EventOccurrenceException(
                original_date=first_tuesday + datetime.timedelta(weeks=4),
                action=EventOccurrenceException.CANCELLED,
                note="Formatrice absente.",
            )
        ],
    )
    child(
        index,
        EventPage,
        "rcr-hiver",
        "RCR et naloxone",
        event_type=types["formation"],
        training=trainings["rcr"],
        start_date=today + datetime.timedelta(days=40),
        start_time=datetime.time(9, 0),
        end_time=datetime.time(13, 0),
        place_name="Local de L.U.N.E.",
        summary="Les gestes qui sauvent, avec une formatrice certifiée.",
        capacity=10,
        is_full=True,
        registration_phone="418 641-0168",
        price=0,
    )
    child(
        index,
        EventPage,
        "presentation-cegep",
        "Présentation : le travail du sexe et la décriminalisation",
        event_type=types["presentation"],
        status=EventPage.STATUS_POSTPONED,
        start_date=today + datetime.timedelta(days=21),
        start_time=datetime.time(10, 0),
        end_time=datetime.time(11, 30),
        attendance=EventPage.MIXED,
        place_name="Cégep de Limoilou",
        place_address="1300, 8e Avenue, Québec",
        online_url="https://projetlune.org/rencontre",
        summary="Présentation reportée : la nouvelle date sera annoncée ici.",
    )
    child(
        index,
        EventPage,
        "pique-nique-ete",
        "Pique-nique des membres",
        event_type=types["communautaire"],
        start_date=today - datetime.timedelta(days=90),
        place_name="Parc Victoria",
        summary="Un après-midi ensemble, au soleil.",
    )
    return series


def add_to_menu(*pages):
    site = Site.objects.get(is_default_site=True)
    navigation = NavigationSettings.for_site(site)
    present = set(navigation.menu_items.values_list("page_id", flat=True))
    position = navigation.menu_items.count()
    missing = [page for page in pages if page.pk not in present]
    for page in missing:
        navigation.menu_items.add(MenuItem(page=page, sort_order=position))
        position += 1
    if missing:
        # Menu items are a modelcluster child relation: the parent's save commits them.
        navigation.save()


def build_events(home, stdout):
    EventType.ensure_defaults()
    types = {event_type.slug: event_type for event_type in EventType.objects.all()}
    index = child(home, EventIndexPage, "evenements", "Événements")
    catalog = child(home, TrainingCatalogPage, "formations", "Formations")
    trainings = build_trainings(catalog)
    build_calendar(index, types, trainings)
    add_to_menu(index, catalog)
    translate(
        index,
        "Events",
        "events",
        intro="<p>Awareness, trainings, presentations and gatherings: L.U.N.E.'s calendar, "
        "which you can subscribe to.</p>",
    )
    translate(
        catalog,
        "Trainings",
        "trainings",
        intro="<p>The trainings L.U.N.E. gives or follows with its members and partners.</p>",
    )
    stdout.write("Événements : 17 décembre, formations, présentation, catalogue (fr, en).\n")
