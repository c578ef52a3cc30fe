"""Demo content: a library of fictional but realistic Québec City resources, and the survey.

Every organization here is fictional (555 phone numbers, example.org addresses); the demo
shows what the library does, never real contact details that could be wrong.
"""

import csv
import datetime
import io
import zlib

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection, Locale, Site

from lune_site.demo import fill, translate
from lune_site.models import MenuItem, NavigationSettings
from lune_site.setup import PUBLIC_COLLECTION
from resources.importing import COLUMNS, ResourceImporter
from resources.models import Category, ResourceDocument, ResourceLibraryPage, ResourcePage

SURVEY_TITLE = "Rapport du sondage sur les besoins de réinsertion (2025)"
SURVEY_RESOURCE = "lune-demo-sondage"

DAY = "lun-ven 09:00-17:00"
NIGHT = "tous les jours 22:00-08:00"
ALWAYS = "tous les jours 00:00-23:59"

# external_id, name, category, neighbourhood, tags, hours, cost, summary, flags (w t i a)
RESOURCES = [
    (
        "emploi-01",
        "Carrefour emploi Saint-Roch",
        "emploi",
        "saint-roch",
        "CV; entrevue; recherche d'emploi",
        DAY,
        "gratuit",
        "Aide pour écrire un CV, se préparer à une entrevue et trouver un emploi qui vous convient.",
        "tia",
    ),
    (
        "emploi-02",
        "Atelier Tremplin",
        "emploi",
        "limoilou",
        "emploi de transition; paie à la journée",
        "lun-jeu 08:00-15:00",
        "gratuit",
        "Travail payé à la journée, sans engagement, pour reprendre un rythme à votre façon.",
        "ia",
    ),
    (
        "emploi-03",
        "Femmes et métiers non traditionnels",
        "emploi",
        "saint-sauveur",
        "métiers; femmes; formation",
        "lun-ven 09:00-16:00",
        "gratuit",
        "Découvrir les métiers de la construction, de la mécanique et de l'électricité, entre femmes.",
        "wt",
    ),
    (
        "emploi-04",
        "Service d'aide à l'emploi des 35 ans et plus",
        "emploi",
        "vanier",
        "CV; retour au travail",
        DAY,
        "gratuit",
        "Accompagnement individuel pour un retour au travail après une longue absence, sans avoir à tout expliquer.",
        "t",
    ),
    (
        "emploi-05",
        "Coop de travail Le Pignon",
        "emploi",
        "saint-jean-baptiste",
        "coopérative; entretien ménager",
        "lun-ven 08:00-16:00",
        "gratuit",
        "Une coopérative d'entretien ménager qui embauche des personnes qui reprennent pied.",
        "t",
    ),
    (
        "logement-01",
        "Comité logement du Centre-Ville",
        "logement",
        "saint-jean-baptiste",
        "bail; Tribunal administratif du logement; hausse de loyer",
        "lun-jeu 09:00-12:00, 13:00-16:30",
        "gratuit",
        "Information sur vos droits de locataire : bail, hausse de loyer, réparations, éviction.",
        "tia",
    ),
    (
        "logement-02",
        "Habitations La Traversée",
        "logement",
        "limoilou",
        "logement social; femmes",
        "lun-ven 09:00-16:00",
        "faible coût : loyer à 25 % du revenu",
        "Des appartements à loyer modique pour femmes seules, avec une intervenante sur place.",
        "wta",
    ),
    (
        "logement-03",
        "Programme Clé en main",
        "logement",
        "saint-roch",
        "logement supervisé; soutien",
        DAY,
        "gratuit",
        "Aide pour trouver un appartement et le garder : visites, bail, budget, voisinage.",
        "tia",
    ),
    (
        "logement-04",
        "Banque d'ameublement La Galerie",
        "logement",
        "vanier",
        "meubles; déménagement",
        "mar-sam 10:00-16:00",
        "faible coût : meubles à petit prix",
        "Meubles et électroménagers usagés à petit prix, livraison possible pour les premiers appartements.",
        "i",
    ),
    (
        "hebergement-01",
        "Maison d'hébergement Le Phare",
        "hebergement-d-urgence",
        "saint-roch",
        "hébergement; nuit; femmes",
        NIGHT,
        "gratuit",
        "Un lit pour la nuit, une douche et un repas chaud, pour les femmes cis et trans.",
        "wtia",
    ),
    (
        "hebergement-02",
        "Refuge La Halte",
        "hebergement-d-urgence",
        "saint-sauveur",
        "hébergement; hiver",
        "tous les jours 21:00-07:00",
        "gratuit",
        "Refuge de nuit mixte ouvert tout l'hiver, sans pièce d'identité ni questions.",
        "tia",
    ),
    (
        "hebergement-03",
        "Halte-chaleur du Faubourg",
        "hebergement-d-urgence",
        "saint-jean-baptiste",
        "halte; café; chauffage",
        "tous les jours 20:00-02:00",
        "gratuit",
        "Un endroit chaud pour passer la soirée, avec café et collation.",
        "ti",
    ),
    (
        "hebergement-04",
        "Maison Sérénité",
        "hebergement-d-urgence",
        "charlesbourg",
        "violence conjugale; femmes; enfants",
        ALWAYS,
        "gratuit",
        "Hébergement sécuritaire et confidentiel pour femmes victimes de violence, avec ou sans enfants.",
        "wti",
    ),
    (
        "hebergement-05",
        "Ligne Hébergement Québec",
        "hebergement-d-urgence",
        None,
        "lits disponibles; téléphone",
        ALWAYS,
        "gratuit",
        "Une ligne qui sait, chaque soir, où il reste des lits à Québec.",
        "ti",
    ),
    (
        "sante-01",
        "Clinique des jeunes de la Basse-Ville",
        "sante-et-itss",
        "saint-roch",
        "ITSS; dépistage; contraception",
        "lun-ven 08:30-16:30",
        "gratuit",
        "Dépistage des ITSS, contraception et tests de grossesse, sans rendez-vous le matin.",
        "ti",
    ),
    (
        "sante-02",
        "Clinique SPOT",
        "sante-et-itss",
        "saint-roch",
        "soins infirmiers; sans carte soleil",
        "lun, mer, ven 13:00-17:00",
        "gratuit",
        "Soins de santé de proximité pour les personnes sans carte d'assurance maladie.",
        "tia",
    ),
    (
        "sante-03",
        "Centre de santé trans Québec",
        "sante-et-itss",
        "montcalm",
        "trans; hormones; accompagnement",
        "mar-jeu 10:00-18:00",
        "gratuit",
        "Accompagnement des personnes trans et non binaires : hormones, démarches, santé.",
        "ti",
    ),
    (
        "sante-04",
        "Unité mobile de dépistage",
        "sante-et-itss",
        None,
        "ITSS; dépistage; mobile",
        "mar, jeu 18:00-23:00",
        "gratuit",
        "Une fourgonnette qui vient à vous pour le dépistage et le matériel de protection.",
        "tia",
    ),
    (
        "sante-05",
        "Dentistes au cœur",
        "sante-et-itss",
        "vanier",
        "dentiste; urgence dentaire",
        "sam 09:00-13:00",
        "faible coût : 20 $ la visite",
        "Soins dentaires d'urgence à faible coût, un samedi sur deux.",
        "i",
    ),
    (
        "dependances-01",
        "Point de service en réduction des méfaits",
        "dependances",
        "saint-roch",
        "matériel stérile; naloxone; réduction des méfaits",
        "tous les jours 10:00-22:00",
        "gratuit",
        "Matériel d'injection et d'inhalation stérile, naloxone, écoute sans jugement.",
        "tia",
    ),
    (
        "dependances-02",
        "Site d'injection supervisée",
        "dependances",
        "saint-roch",
        "consommation supervisée; naloxone",
        "tous les jours 08:00-00:00",
        "gratuit",
        "Un lieu sûr et supervisé pour consommer, avec des infirmières sur place.",
        "tia",
    ),
    (
        "dependances-03",
        "Centre de réadaptation Le Virage",
        "dependances",
        "beauport",
        "thérapie; alcool; drogues",
        DAY,
        "gratuit",
        "Programmes externes et internes pour réduire ou arrêter, à votre rythme.",
        "a",
    ),
    (
        "dependances-04",
        "Ligne Drogue : aide et référence (région)",
        "dependances",
        None,
        "écoute; téléphone",
        ALWAYS,
        "gratuit",
        "Écoute et information sur les drogues, l'alcool et le jeu, jour et nuit.",
        "ti",
    ),
    (
        "droits-01",
        "Clinique juridique communautaire",
        "droits-et-justice",
        "saint-sauveur",
        "avocate; contraventions; casier judiciaire",
        "mer 13:00-19:00",
        "gratuit",
        "Consultations juridiques gratuites : contraventions, casier judiciaire, famille.",
        "tia",
    ),
    (
        "droits-02",
        "Centre d'aide aux victimes d'actes criminels",
        "droits-et-justice",
        "montcalm",
        "victimes; IVAC; accompagnement à la cour",
        DAY,
        "gratuit",
        "Soutien et accompagnement des victimes d'actes criminels, même sans plainte à la police.",
        "ti",
    ),
    (
        "droits-03",
        "Projet Pardon",
        "droits-et-justice",
        "limoilou",
        "suspension de casier; démarches",
        "mar 09:00-16:00",
        "gratuit",
        "Aide pour demander la suspension d'un casier judiciaire, formulaire par formulaire.",
        "ti",
    ),
    (
        "droits-04",
        "Droits des travailleuses du sexe (ligne)",
        "droits-et-justice",
        None,
        "travail du sexe; droits; police",
        "lun-ven 10:00-18:00",
        "gratuit",
        "Information juridique par et pour les travailleuses du sexe : police, clients, logement.",
        "wti",
    ),
    (
        "argent-01",
        "Clinique d'impôts bénévole",
        "argent-et-impots",
        "saint-roch",
        "impôts; crédit de solidarité",
        "lun-ven 09:00-12:00",
        "gratuit",
        "Des bénévoles remplissent vos déclarations d'impôts, même en retard de plusieurs années.",
        "ti",
    ),
    (
        "argent-02",
        "ACEF de Québec (budget)",
        "argent-et-impots",
        "saint-sauveur",
        "budget; dettes; faillite",
        DAY,
        "gratuit",
        "Consultation budgétaire et aide pour les dettes, sans jugement.",
        "ti",
    ),
    (
        "argent-03",
        "Fiducie volontaire La Boussole",
        "argent-et-impots",
        "vanier",
        "fiducie; gestion du chèque",
        "lun-ven 09:00-15:00",
        "gratuit",
        "Gestion volontaire de votre chèque pour payer le loyer à temps, si vous le choisissez.",
        "ti",
    ),
    (
        "argent-04",
        "Service d'aide aux démarches d'aide sociale",
        "argent-et-impots",
        "limoilou",
        "aide sociale; formulaires",
        "mar-jeu 09:00-16:00",
        "gratuit",
        "Accompagnement pour les demandes d'aide sociale et les contestations.",
        "ti",
    ),
    (
        "alimentation-01",
        "Comptoir alimentaire Saint-Roch",
        "alimentation",
        "saint-roch",
        "dépannage alimentaire; panier",
        "mar, jeu 13:00-16:00",
        "gratuit",
        "Panier d'épicerie une fois par semaine, sans preuve de revenu.",
        "ti",
    ),
    (
        "alimentation-02",
        "Soupe populaire du Faubourg",
        "alimentation",
        "saint-jean-baptiste",
        "repas chaud; midi",
        "tous les jours 11:30-13:00",
        "gratuit",
        "Un repas chaud chaque midi, sans inscription.",
        "tia",
    ),
    (
        "alimentation-03",
        "Cuisine collective Les Chaudrons",
        "alimentation",
        "limoilou",
        "cuisine collective; repas",
        "mer 09:00-14:00",
        "faible coût : 2 $ la portion",
        "Cuisiner ensemble des repas pour la semaine, à petit prix.",
        "t",
    ),
    (
        "alimentation-04",
        "Frigo partagé du quartier",
        "alimentation",
        "saint-sauveur",
        "frigo libre-service",
        ALWAYS,
        "gratuit",
        "Un frigo en libre-service : on prend ce qu'il faut, on donne ce qu'on peut.",
        "ti",
    ),
    (
        "alimentation-05",
        "Café-rencontre Le Repère",
        "alimentation",
        "vanier",
        "café; déjeuner",
        "lun-ven 07:30-11:00",
        "faible coût : 1 $ le déjeuner",
        "Déjeuner à 1 $ et café à volonté, dans un endroit calme.",
        "ti",
    ),
    (
        "formation-01",
        "Centre d'éducation des adultes",
        "formation",
        "saint-roch",
        "secondaire; francisation",
        "lun-jeu 08:00-21:00",
        "gratuit",
        "Terminer son secondaire ou apprendre le français, le jour ou le soir.",
        "a",
    ),
    (
        "formation-02",
        "Atelier informatique pour débutantes",
        "formation",
        "limoilou",
        "informatique; courriel; cellulaire",
        "ven 13:00-15:00",
        "gratuit",
        "Apprendre à utiliser un cellulaire, le courriel et les sites du gouvernement.",
        "wt",
    ),
    (
        "formation-03",
        "Programme Cap sur l'avenir",
        "formation",
        "sainte-foy",
        "orientation; retour aux études",
        DAY,
        "gratuit",
        "Orientation et aide pour un retour aux études, avec allocation possible.",
        "t",
    ),
    (
        "formation-04",
        "Formation en entretien ménager commercial",
        "formation",
        "vanier",
        "formation rémunérée; métier",
        "lun-ven 08:00-14:00",
        "gratuit",
        "Formation de 12 semaines, rémunérée, avec stage et aide à l'embauche.",
        "t",
    ),
    (
        "psy-01",
        "Centre de crise de Québec",
        "soutien-psychologique",
        None,
        "crise; écoute; 24 h",
        ALWAYS,
        "gratuit",
        "Intervention de crise par téléphone ou sur place, jour et nuit.",
        "ti",
    ),
    (
        "psy-02",
        "Groupe de parole entre pairs",
        "soutien-psychologique",
        "saint-roch",
        "groupe; pairs; travail du sexe",
        "jeu 18:30-20:30",
        "gratuit",
        "Un groupe de parole par et pour les femmes qui font ou ont fait le travail du sexe.",
        "wtia",
    ),
    (
        "psy-03",
        "Centre d'aide et de lutte contre les agressions sexuelles",
        "soutien-psychologique",
        "montcalm",
        "agression sexuelle; accompagnement",
        DAY,
        "gratuit",
        "Écoute, suivi et accompagnement pour les personnes victimes d'agression sexuelle.",
        "wti",
    ),
    (
        "psy-04",
        "Clinique de psychothérapie à tarif modulé",
        "soutien-psychologique",
        "sainte-foy",
        "psychothérapie; tarif selon le revenu",
        "lun-jeu 12:00-20:00",
        "faible coût : tarif selon le revenu",
        "Psychothérapie avec des stagiaires supervisées, tarif selon votre revenu.",
        "t",
    ),
    (
        "psy-05",
        "Ligne d'écoute de nuit",
        "soutien-psychologique",
        None,
        "écoute; nuit; téléphone",
        NIGHT,
        "gratuit",
        "Quelqu'un à qui parler la nuit, sans jugement et en toute confidentialité.",
        "ti",
    ),
]


def demo_csv(today):
    """The demo resources as an import file (the import path is the one staff use)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for n, (external_id, name, category, quarter, tags, hours, cost, summary, flags) in enumerate(
        RESOURCES
    ):
        # Some sheets were checked long ago: the freshness report has something to show.
        verified = today - datetime.timedelta(days=(n * 23) % 540)
        street = 100 + n * 7
        values = {
            "external_id": f"lune-demo-{external_id}",
            "name": name,
            "summary": summary,
            "description": f"<p>{summary}</p><p>Organisme fictif, pour la démonstration.</p>",
            "category": category,
            "tags": tags,
            "neighbourhood": quarter or "",
            "address": f"{street}, rue de la Démonstration" if quarter else "",
            "city": "Québec" if quarter else "",
            "postal_code": "G1K 0A0" if quarter else "",
            "phone": f"418 555-{100 + n:04d}",
            "email": f"info@{external_id}.example.org",
            "website": f"https://{external_id}.example.org/",
            "hours": hours,
            "cost": cost,
            "languages": "français; anglais" if n % 3 else "français",
            "eligibility": "Femmes adultes, cis ou trans." if "w" in flags else "Toute personne.",
            "documents_to_bring": "" if "i" in flags else "Une pièce d'identité si vous l'avez.",
            "accessibility": "Rez-de-chaussée, sans marches." if n % 2 else "",
            "last_verified": verified.isoformat(),
        }
        writer.writerow([values[c] for c in COLUMNS])
    return out.getvalue()


def set_flags(stdout):
    flags_by_id = {f"lune-demo-{r[0]}": r[8] for r in RESOURCES}
    for page in ResourcePage.objects.filter(external_id__in=flags_by_id):
        flags = flags_by_id[page.external_id]
        wanted = {
            "women_only": "w" in flags,
            "trans_queer_welcome": "t" in flags,
            "no_id_needed": "i" in flags,
            "adults_only": "a" in flags,
        }
        if any(getattr(page, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(page, name, value)
            page.save_revision().publish()


def _pdf_string(text):
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def survey_report_pdf():
    """A small, valid one-page PDF (written by hand: no PDF library needed)."""
    lines = [
        "Projet L.U.N.E. - Sondage sur les besoins de reinsertion (2025)",
        "",
        "Donnees de demonstration.",
        "Les repondantes nomment d'abord : le logement, l'emploi,",
        "les soins de sante sans jugement et l'aide pour les dettes.",
        "Elles demandent un centre de documentation simple,",
        "a jour, et accessible sur un vieux telephone.",
    ]
    text_ops = ["BT", "/F1 12 Tf", "14 TL", "56 780 Td"]
    for line in lines:
        text_ops.append(f"({_pdf_string(line)}) Tj T*")
    text_ops.append("ET")
    stream = zlib.compress("\n".join(text_ops).encode("latin-1"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    pdf = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        pdf += b"%010d 00000 n \n" % offset
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)


def survey_document():
    Document = get_document_model()
    collection = Collection.objects.get(name=PUBLIC_COLLECTION)
    document = Document.objects.filter(title=SURVEY_TITLE).first()
    if document is None:
        document = Document(title=SURVEY_TITLE, collection=collection)
        document.file.save("sondage-reinsertion-2025.pdf", ContentFile(survey_report_pdf()))
        document.save()
    return document


def attach_survey(library):
    document = survey_document()
    page = ResourcePage.objects.filter(external_id=SURVEY_RESOURCE).first()
    if page is None:
        page = ResourcePage(
            title="Sondage : les besoins de réinsertion des travailleuses du sexe",
            slug="sondage-besoins-reinsertion",
            summary="Ce que les femmes rencontrées nous ont dit de leurs besoins : le rapport.",
            description="<p>Le sondage de L.U.N.E. auprès de travailleuses du sexe et "
            "d'ex-travailleuses de Québec a conclu qu'il fallait ce centre de "
            "documentation. Le rapport complet est joint.</p>",
            category=None,
            organization="Projet L.U.N.E.",
            external_id=SURVEY_RESOURCE,
            last_verified=timezone.localdate(),
            locale=library.locale,
        )
        from resources.models import Category

        page.category = Category.objects.get(slug="formation")
        page.tags.add("sondage", "rapport", "réinsertion")
        page.documents = [ResourceDocument(document=document, title="Rapport du sondage (PDF)")]
        library.add_child(instance=page)
        page.save_revision().publish()
    return page


def ensure_categories_and_neighbourhoods():
    """The seeded categories and neighbourhoods (migration 0002), restored if a flush emptied them."""
    from importlib import import_module

    from django.apps import apps

    seed = import_module("resources.migrations.0002_seed_categories").seed
    seed(apps, None)


# The home page's shortcuts to the library's busiest categories, with their English labels.
SHORTCUT_CATEGORIES = {
    "logement": "Housing",
    "emploi": "Jobs",
    "sante-et-itss": "Health and STBBI",
    "alimentation": "Food",
}


def home_shortcuts(library, library_label, category_labels):
    """The library, then a filtered view of it per category (the query string is its contract)."""
    shortcuts = [("shortcut", {"text": library_label, "page": library, "url": ""})]
    for slug, label in category_labels.items():
        url = f"{library.get_url()}?categorie={slug}"
        shortcuts.append(("shortcut", {"text": label, "page": None, "url": url}))
    return shortcuts


def add_home_shortcuts(home, library, english_library):
    french_labels = dict(
        Category.objects.filter(slug__in=SHORTCUT_CATEGORIES).values_list("slug", "name")
    )
    fill(
        home,
        shortcuts=home_shortcuts(
            library,
            "Toutes les ressources",
            {slug: french_labels[slug] for slug in SHORTCUT_CATEGORIES},
        ),
    )
    english_home = home.get_translation_or_none(Locale.objects.get(language_code="en"))
    if english_home is not None:
        fill(
            english_home.specific,
            shortcuts=home_shortcuts(english_library, "All resources", SHORTCUT_CATEGORIES),
        )


def build_resources(home, stdout):
    library = ResourceLibraryPage.objects.filter(locale=home.locale).first()
    if library is None:
        return
    ensure_categories_and_neighbourhoods()
    report = ResourceImporter(parent=library).run(demo_csv(timezone.localdate()))
    if report.errors:  # a bug in the demo data, not a visitor's problem
        raise ValueError("; ".join(str(e) for e in report.errors))
    set_flags(stdout)
    attach_survey(library)
    english_library = translate(
        library,
        "Resources",
        "resources",
        intro="Jobs, housing, health, rights: Québec City resources that welcome you without "
        "judgement.",
    )
    add_home_shortcuts(home, library, english_library)
    navigation = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
    items = MenuItem.objects.filter(settings=navigation)
    if not items.filter(page=library).exists():
        MenuItem.objects.create(settings=navigation, page=library, sort_order=items.count())
    stdout.write(f"Ressources : {ResourcePage.objects.count()} fiches ({report.summary()})\n")
