"""Demo content for `manage.py load_demo`: the site's own part, and a place for the others'."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Site

from lune_site.models import NavigationSettings, ShelterPage, ShelterSettings, StandardPage
from lune_site.setup import child, fill, heading, paragraph, setup_site, translate

DEMO_BUILDERS = []

# Demo accounts only exist in demo content; `make run` prints them.
DEMO_USERS = [
    ("admin", "lune-demo-admin", None, True),
    ("communications", "lune-demo-communications", "COMMUNICATIONS_GROUP_NAME", False),
    ("intervenante", "lune-demo-intervenante", "STAFF_GROUP_NAME", False),
    ("membre", "lune-demo-membre", "MEMBERS_GROUP_NAME", False),
]


def register_demo(builder):
    """Called by an app to add its demo content; `builder(home, stdout)` runs after the site's."""
    if builder not in DEMO_BUILDERS:
        DEMO_BUILDERS.append(builder)
    return builder


URGENT_NUMBERS = {
    "fr": [
        ("Urgence", "911"),
        ("Info-Social", "811"),
        ("SOS violence conjugale", "1 800 363-9010"),
        ("Centre de prévention du suicide de Québec", "1 866 277-3553"),
    ],
    "en": [
        ("Emergency", "911"),
        ("Info-Social", "811"),
        ("SOS violence conjugale (domestic violence)", "1 800 363-9010"),
        ("Québec City suicide prevention centre", "1 866 277-3553"),
    ],
}


def urgent_numbers(language, hours):
    return [
        ("number", {"label": label, "phone": phone, "hours": hours})
        for label, phone in URGENT_NUMBERS[language]
    ]


def build_site(home, stdout):
    home = fill(
        home,
        mission="<p>Projet L.U.N.E. (Libres, Unies, Nuancées, Ensemble) est un organisme "
        "communautaire de Québec, <b>par et pour</b> les femmes, les personnes trans et queer "
        "qui font ou ont fait le travail du sexe, ou qui ont vécu l'exploitation sexuelle. "
        "Nous faisons de l'intervention par les pairs : des femmes qui ont vécu la même chose "
        "accompagnent, sans jugement, vers ce que chacune choisit.</p>",
        urgent_numbers=urgent_numbers("fr", "24 h sur 24"),
    )
    about = child(home, StandardPage, "a-propos", "À propos")
    fill(
        about,
        summary="Qui nous sommes, ce que nous faisons, et comment.",
        body=[
            heading("Par et pour"),
            paragraph(
                "<p>L.U.N.E. est né en 2007 de femmes qui faisaient le travail du sexe "
                "dans la basse-ville de Québec. Aujourd'hui encore, les membres décident "
                "des orientations, écrivent le journal et accueillent les nouvelles.</p>"
            ),
            heading("L'intervention par les pairs"),
            paragraph(
                "<p>Une paire aidante a vécu des réalités semblables. Elle écoute, informe "
                "et accompagne, à votre rythme : santé, logement, justice, emploi, ou "
                "simplement un café et une jasette.</p>"
            ),
            heading("L'empowerment"),
            paragraph(
                "<p>Nous croyons que chaque personne est experte de sa vie. Nous "
                "défendons les droits des travailleuses du sexe et la décriminalisation "
                "du travail du sexe.</p>"
            ),
        ],
    )
    shelter = child(home, ShelterPage, "hebergement", "Hébergement d'urgence")
    fill(
        shelter,
        intro="Un lit pour la nuit, au chaud et en sécurité, sans jugement.",
        who_may_come="<ul><li>Les femmes adultes (18 ans et plus), cis ou trans</li>"
        "<li>Aucune pièce d'identité demandée</li><li>Vous pouvez arriver en tout temps "
        "pendant les heures d'ouverture</li></ul>",
        services="<ul><li>Douche et trousse d'hygiène</li><li>Collation</li>"
        "<li>Écoute et accompagnement</li></ul>",
        peer_helpers="<p>Chaque nuit, une intervenante et une paire aidante sont sur place.</p>",
    )
    privacy = child(home, StandardPage, "confidentialite", "Confidentialité")
    fill(
        privacy,
        summary="Ce que le site garde, pour combien de temps, et qui en est responsable.",
        body=[
            heading("Ce que nous gardons"),
            paragraph(
                "<p>Ce site ne dépose aucun témoin (cookie) chez les visiteuses, sauf sur "
                "les pages avec un formulaire (un témoin de sécurité, effacé à la "
                "fermeture du navigateur). Il ne contient aucun outil de statistiques ni "
                "de publicité, et ne garde pas votre adresse IP.</p>"
            ),
            paragraph(
                "<p>Les recherches faites sur le site sont comptées par jour, sans rien "
                "qui permette de savoir qui les a faites, et effacées après 90 jours.</p>"
            ),
            heading("Responsable des renseignements personnels"),
            paragraph(
                "<p>Comme le demande la Loi sur la protection des renseignements "
                "personnels dans le secteur privé du Québec, la coordination de L.U.N.E. "
                "est responsable des renseignements personnels. Pour toute question ou "
                "pour consulter ou faire corriger vos renseignements : "
                "418 641-0168.</p>"
            ),
        ],
    )

    # English translations of the key pages (setup_site made the English home).
    english_home = translate(
        home,
        "Projet L.U.N.E.",
        "home",
        tagline="By and for women, trans and queer people who do or have done sex work.",
    )
    fill(
        english_home,
        urgent_numbers=urgent_numbers("en", "24 hours a day"),
        mission="<p>Projet L.U.N.E. is a community organization in Québec City, <b>by and "
        "for</b> women, trans and queer people who do or have done sex work or have lived "
        "sexual exploitation. Our peer helpers have lived the same things and support each "
        "person, without judgement, towards what she chooses.</p>",
    )
    translate(
        about,
        "About us",
        "about",
        summary="Who we are, what we do, and how.",
        body=[
            paragraph(
                "<p>L.U.N.E. was founded in 2007 by women doing sex work in Québec "
                "City's lower town. Members still set its direction, write the journal "
                "and welcome newcomers. Peer helpers listen, inform and accompany, at "
                "your pace.</p>"
            )
        ],
    )
    translate(
        shelter,
        "Emergency shelter",
        "shelter",
        intro="A bed for the night, warm and safe, without judgement.",
        who_may_come="<ul><li>Adult women (18 and over), cis or trans</li>"
        "<li>No ID needed</li></ul>",
        services="<ul><li>Shower and hygiene kit</li><li>Snack</li><li>Listening and "
        "support</li></ul>",
        peer_helpers="<p>Every night, a worker and a peer helper are on site.</p>",
    )

    site = Site.objects.get(is_default_site=True)
    navigation = NavigationSettings.for_site(site)
    if not navigation.menu_items.exists():
        for page in (about, shelter):
            navigation.menu_items.create(page=page)
    if not navigation.footer_text:
        navigation.footer_text = "<p>Projet L.U.N.E., Québec.</p>"
        navigation.organization_email = "info@projetlune.org"
        navigation.save()
    ShelterSettings.for_site(site)  # defaults: five beds, 22 h to 8 h
    stdout.write("Pages du site : accueil, à propos, hébergement, confidentialité (fr, en).\n")


def ensure_demo_users():
    User = get_user_model()
    for username, password, group_setting, superuser in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, email=f"{username}@demo.projetlune.org")
            user.set_password(password)
            user.is_superuser = user.is_staff = superuser
            user.save()
        if group_setting:
            user.groups.add(Group.objects.get(name=getattr(settings, group_setting)))
        if username != "membre":
            demo_backup_codes(user)
    return DEMO_USERS


DEMO_TOKEN_COUNT = 20


def demo_token(username, number=1):
    """The demo accounts' single-use backup codes (demo content only; 16 characters at most)."""
    return f"{username[:8]}-demo-{number}"


def demo_backup_codes(user):
    """Give a demo account fresh single-use codes, so that anyone can log in to the demo."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    device, _ = StaticDevice.objects.get_or_create(user=user, name="Codes de démonstration")
    device.token_set.all().delete()
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=demo_token(user.username, n))
        for n in range(1, DEMO_TOKEN_COUNT + 1)
    )


@transaction.atomic
def load_demo(stdout):
    home = setup_site(stdout=stdout)
    build_site(home, stdout)
    for builder in DEMO_BUILDERS:
        builder(home, stdout)
    ensure_demo_users()
    # A second run of setup_site grants rights on the sections the demo just created.
    setup_site()
    return home
