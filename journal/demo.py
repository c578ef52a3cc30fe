"""Demo content of the journal and the news, for `manage.py load_demo` (run twice: same content)."""

import datetime

from django.utils import timezone
from wagtail.models import Site

from journal.models import (
    ArticlePage,
    BadClientListPage,
    BadClientReport,
    ContributionFormPage,
    DistributionPoint,
    JournalIndexPage,
    JournalIssuePage,
    NewsIndexPage,
    NewsPage,
    Theme,
)
from lune_site.demo import translate
from lune_site.models import MembersAreaPage, MenuItem, NavigationSettings
from lune_site.setup import child

THEMES = {
    "sante": ("sante-globale-et-itss", "Santé globale et ITSS"),
    "police": ("la-police-la-justice-et-nos-droits", "La police, la justice et nos droits"),
    "pauvrete": ("les-visages-de-la-pauvrete", "Les visages de la pauvreté"),
}


def p(text):
    return ("paragraph", f"<p>{text}</p>")


ISSUES = [
    {
        "slug": "numero-31",
        "title": "Numéro 31 : Santé globale et ITSS",
        "number": 31,
        "publication_date": datetime.date(2024, 4, 15),
        "season": "printemps",
        "theme": "sante",
        "editorial": "<p>Prendre soin de soi, c'est politique. Dans ce numéro, des membres "
        "racontent leurs allers-retours avec le réseau de la santé, ce qui aide et ce qui "
        "blesse.</p>",
        "articles": [
            (
                "le-mot-de-lequipe",
                "Le mot de l'équipe",
                "editorial",
                "anonymous",
                "",
                [
                    p(
                        "Trois fois par année, on se réunit autour d'une table pour écrire. Ce "
                        "numéro parle de santé, au sens large : le corps, la tête, le cœur."
                    ),
                ],
            ),
            (
                "ma-premiere-clinique",
                "Ma première clinique sans jugement",
                "temoignages",
                "pseudonym",
                "Lili",
                [
                    (
                        "testimony",
                        {
                            "text": "<p>La première fois, j'ai menti sur mon travail. "
                            "La deuxième fois, l'infirmière m'a juste demandé ce dont "
                            "j'avais besoin. J'y retourne depuis.</p>",
                            "who": "Lili",
                        },
                    ),
                ],
            ),
            (
                "itss-ce-quon-sait",
                "ITSS : ce qu'on sait, ce qu'on oublie",
                "sante",
                "name",
                "Marie-Claude",
                [
                    p(
                        "Le dépistage est gratuit et confidentiel. On peut le demander sans "
                        "donner son vrai nom dans plusieurs cliniques de la basse-ville."
                    ),
                    (
                        "quote",
                        {
                            "text": "Se faire dépister, ce n'est pas avouer quelque chose.",
                            "attribution": "une paire aidante",
                        },
                    ),
                ],
            ),
            (
                "respirer",
                "Respirer",
                "creation",
                "pseudonym",
                "Nuit blanche",
                [
                    (
                        "poem",
                        {
                            "title": "Respirer",
                            "text": "Le matin arrive en retard\n"
                            "mais il arrive quand même\nje garde la fenêtre ouverte",
                            "author": "Nuit blanche",
                        },
                    ),
                ],
            ),
            (
                "ou-se-faire-soigner",
                "Où se faire soigner sans carte",
                "ressources",
                "anonymous",
                "",
                [
                    p(
                        "Pas de carte d'assurance maladie ? Certaines cliniques communautaires "
                        "reçoivent quand même. Passez au local : on vous accompagne."
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "numero-32",
        "title": "Numéro 32 : La police, la justice et nos droits",
        "number": 32,
        "publication_date": datetime.date(2024, 9, 15),
        "season": "automne",
        "theme": "police",
        "editorial": "<p>Connaître ses droits ne règle pas tout, mais ça change la "
        "conversation. Ce numéro rassemble vos questions et les réponses qu'on a "
        "trouvées ensemble.</p>",
        "articles": [
            (
                "si-on-minterpelle",
                "Si on m'interpelle",
                "droits",
                "anonymous",
                "",
                [
                    p(
                        "Vous pouvez demander si vous êtes en état d'arrestation. Si non, vous "
                        "pouvez partir. Si oui, vous avez le droit de garder le silence et de "
                        "parler à un avocat."
                    ),
                ],
            ),
            (
                "au-palais",
                "Une journée au palais de justice",
                "temoignages",
                "pseudonym",
                "Sam",
                [
                    (
                        "testimony",
                        {
                            "text": "<p>J'avais peur de ne rien comprendre. Une "
                            "intervenante est venue avec moi et a pris des notes. "
                            "Je suis sortie la tête haute.</p>",
                            "who": "Sam",
                        },
                    ),
                ],
            ),
            (
                "la-loi-expliquee",
                "La loi expliquée simplement",
                "droits",
                "name",
                "Josée",
                [
                    p(
                        "Au Canada, vendre ses propres services n'est pas un crime, mais "
                        "beaucoup de choses autour le sont. C'est pour ça qu'on demande la "
                        "décriminalisation."
                    ),
                ],
            ),
            (
                "debout",
                "Debout",
                "creation",
                "pseudonym",
                "Corbeau",
                [
                    (
                        "poem",
                        {
                            "title": "Debout",
                            "text": "On m'a dit de baisser les yeux\n"
                            "j'ai regardé le ciel\nc'est plus haut que vous",
                            "author": "Corbeau",
                        },
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "numero-33",
        "title": "Numéro 33 : Les visages de la pauvreté",
        "number": 33,
        "publication_date": datetime.date(2025, 1, 20),
        "season": "hiver",
        "theme": "pauvrete",
        "editorial": "<p>La pauvreté a plusieurs visages et beaucoup de préjugés. Voici "
        "les nôtres, en vrai.</p>",
        "articles": [
            (
                "fin-du-mois",
                "La fin du mois commence le 15",
                "temoignages",
                "anonymous",
                "",
                [
                    (
                        "testimony",
                        {
                            "text": "<p>Le chèque arrive, le loyer part, et il reste "
                            "deux semaines. On apprend à compter autrement.</p>",
                            "who": "",
                        },
                    ),
                ],
            ),
            (
                "manger-en-hiver",
                "Manger en hiver",
                "ressources",
                "name",
                "Andrée",
                [
                    p(
                        "Les dépannages alimentaires changent d'horaire l'hiver. Demandez la "
                        "liste à jour au local : on l'imprime chaque mois."
                    ),
                ],
            ),
            (
                "les-prejuges",
                "Les préjugés, on les connaît",
                "divers",
                "pseudonym",
                "Rose des vents",
                [
                    (
                        "quote",
                        {
                            "text": "Je ne suis pas pauvre d'idées, juste d'argent.",
                            "attribution": "Rose des vents",
                        },
                    ),
                    p(
                        "On a fait la liste des phrases qu'on entend le plus, et ce qu'on "
                        "aimerait répondre."
                    ),
                ],
            ),
            (
                "le-froid",
                "Le froid",
                "creation",
                "pseudonym",
                "Lune rousse",
                [
                    (
                        "poem",
                        {
                            "title": "Le froid",
                            "text": "Janvier mord les doigts\n"
                            "le café du local réchauffe\nplus que le café",
                            "author": "Lune rousse",
                        },
                    ),
                ],
            ),
            (
                "un-toit",
                "Un toit pour la nuit",
                "sante",
                "anonymous",
                "",
                [
                    p(
                        "L'hébergement d'urgence de L.U.N.E. ouvre chaque soir. Aucune pièce "
                        "d'identité n'est demandée."
                    ),
                ],
            ),
            (
                "merci",
                "Merci aux points de distribution",
                "editorial",
                "anonymous",
                "",
                [
                    p(
                        "Sans les commerces et les organismes qui gardent le journal sur leur "
                        "comptoir, il ne se rendrait pas jusqu'à vous. Merci !"
                    ),
                ],
            ),
        ],
    },
]

DISTRIBUTION_POINTS = [
    ("Local de L.U.N.E.", "Saint-Roch", "rue Saint-Joseph Est", "Au comptoir d'accueil"),
    ("Bibliothèque Gabrielle-Roy", "Saint-Roch", "350 rue Saint-Joseph Est", ""),
    ("Café du quartier", "Saint-Roch", "rue de la Couronne", "Près de la caisse"),
    ("Dépanneur du coin", "Saint-Roch", "rue du Roi", ""),
    ("Centre communautaire", "Saint-Roch", "rue Dorchester", "Présentoir de l'entrée"),
    ("Friperie solidaire", "Saint-Sauveur", "rue Saint-Vallier Ouest", ""),
    ("Cuisine collective", "Saint-Sauveur", "boulevard Langelier", "Le mardi"),
    ("Clinique communautaire", "Saint-Sauveur", "rue Saint-Vallier Ouest", "À l'accueil"),
    ("Buanderie", "Saint-Sauveur", "rue Marie-de-l'Incarnation", ""),
    ("Maison des jeunes", "Saint-Sauveur", "rue Arago Ouest", ""),
    ("Halte-chaleur", "Saint-Jean-Baptiste", "rue Saint-Jean", "Le soir seulement"),
    ("Librairie du faubourg", "Saint-Jean-Baptiste", "rue Saint-Jean", ""),
    ("Centre de santé", "Saint-Jean-Baptiste", "rue Saint-Olivier", ""),
    ("Épicerie de nuit", "Saint-Jean-Baptiste", "rue Saint-Jean", ""),
    ("Refuge pour femmes", "Limoilou", "3e Avenue", "Demander à l'intervenante"),
    ("Bibliothèque de Limoilou", "Limoilou", "3e Avenue", ""),
    ("Popote roulante", "Limoilou", "1re Avenue", ""),
    ("Pharmacie de garde", "Limoilou", "chemin de la Canardière", "Au comptoir"),
    ("Comptoir alimentaire", "Vanier", "boulevard Hamel", ""),
    ("Maison de quartier", "Vanier", "boulevard Wilfrid-Hamel", ""),
    ("Centre de dépannage", "Vieux-Québec", "côte du Palais", ""),
    ("Accueil de jour", "Vieux-Québec", "rue Saint-Paul", "En semaine"),
    ("Café-rencontre", "Saint-Roch", "boulevard Charest Est", ""),
    ("Salle d'attente du CLSC", "Basse-Ville", "boulevard Charest Est", ""),
]

NEWS = [
    (
        "assemblee-generale",
        "Assemblée générale annuelle",
        datetime.date(2025, 5, 28),
        "Venez décider avec nous des orientations de l'année. Un repas est servi.",
    ),
    (
        "nouveau-numero-33",
        "Le numéro 33 est sorti",
        datetime.date(2025, 1, 20),
        "Les visages de la pauvreté : le nouveau numéro est dans les points de distribution.",
    ),
    (
        "horaire-des-fetes",
        "Horaire des fêtes",
        datetime.date(2024, 12, 15),
        "Le local ferme du 24 au 26 décembre; l'hébergement reste ouvert chaque soir.",
    ),
    (
        "17-decembre",
        "17 décembre : Journée contre la violence",
        datetime.date(2024, 12, 1),
        "Une vigile aura lieu en mémoire des travailleuses du sexe victimes de violence.",
    ),
    (
        "atelier-droits",
        "Atelier : connaître ses droits",
        datetime.date(2024, 10, 2),
        "Un atelier pour savoir quoi faire et quoi dire lors d'une interpellation.",
    ),
    (
        "appel-textes",
        "Appel de textes pour le journal",
        datetime.date(2024, 9, 1),
        "Vous avez quelque chose à dire ? Le journal reçoit vos textes, signés ou non.",
    ),
]

BAD_CLIENT_REPORTS = [
    (
        5,
        "Saint-Roch",
        "rue",
        "Camionnette blanche, plaque commençant par F",
        "Refuse de payer après, devient menaçant quand on insiste.",
    ),
    (
        20,
        "Saint-Sauveur",
        "telephone",
        "",
        "Appelle d'un numéro masqué, insiste pour se voir sans condom.",
    ),
    (
        45,
        "Vanier",
        "annonce",
        "Berline noire",
        "Dit être policier pour faire peur et ne pas payer.",
    ),
]


def build_journal_demo(home, stdout):
    themes = {
        key: Theme.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for key, (slug, name) in THEMES.items()
    }
    journal = child(home, JournalIndexPage, "journal", "Les voix de la ruELLES")
    for spec in ISSUES:
        issue = child(
            journal,
            JournalIssuePage,
            spec["slug"],
            spec["title"],
            number=spec["number"],
            publication_date=spec["publication_date"],
            season=spec["season"],
            theme=themes[spec["theme"]],
            editorial=spec["editorial"],
        )
        for slug, title, section, shown_as, name, body in spec["articles"]:
            child(
                issue,
                ArticlePage,
                slug,
                title,
                section=section,
                author_shown_as=shown_as,
                author_name=name,
                summary=title,
                body=body,
            )
    child(
        journal,
        ContributionFormPage,
        "contribuer",
        "Contribuer au journal",
        intro="<p>Un témoignage, un poème, un dessin, une colère : le journal publie les "
        "textes de toutes, signés ou non. L'équipe lit tout.</p>",
    )
    for name, neighbourhood, address, notes in DISTRIBUTION_POINTS:
        DistributionPoint.objects.get_or_create(
            name=name,
            defaults={"neighbourhood": neighbourhood, "address": address, "notes": notes},
        )

    news_index = child(home, NewsIndexPage, "actualites", "Actualités")
    for slug, title, date, summary in NEWS:
        child(
            news_index,
            NewsPage,
            slug,
            title,
            date=date,
            summary=summary,
            body=[p(summary)],
        )

    members = MembersAreaPage.objects.filter(locale=home.locale).first()
    if members is not None:
        bad_list = child(
            members,
            BadClientListPage,
            "mauvais-clients",
            "Liste des mauvais clients",
            intro="<p>Les avis des membres, vérifiés par l'équipe. Chaque avis disparaît "
            "après un an.</p>",
        )
        today = timezone.localdate()
        for days_ago, area, method, vehicle, description in BAD_CLIENT_REPORTS:
            BadClientReport.objects.get_or_create(
                list_page=bad_list,
                area=area,
                description=description,
                defaults={
                    "incident_date": today - datetime.timedelta(days=days_ago),
                    "contact_method": method,
                    "vehicle": vehicle,
                    "status": BadClientReport.STATUS_APPROVED,
                },
            )

    # English listings: the issues and news stay in French, marked so, until translated.
    translate(
        journal,
        "Les voix de la ruELLES",
        "journal",
        intro="<p>The journal written, edited and distributed by L.U.N.E.'s members, three "
        "times a year.</p>",
    )
    translate(
        news_index,
        "News",
        "news",
        intro="<p>What is new at Projet L.U.N.E.</p>",
    )

    site = Site.objects.get(is_default_site=True)
    navigation = NavigationSettings.for_site(site)
    menu_pages = {item.page_id for item in navigation.menu_items.all()}
    missing = [page for page in (journal, news_index) if page.pk not in menu_pages]
    for page in missing:
        navigation.menu_items.add(MenuItem(page=page))
    if missing:
        # Menu items belong to a cluster: they are written when the settings are saved.
        navigation.save()
    stdout.write(
        "Journal : 3 numéros, articles, points de distribution; 6 actualités; "
        "liste des mauvais clients (membres); accueils du journal et des actualités (fr, en).\n"
    )
