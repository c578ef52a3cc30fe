"""The site's fixed parts, built by `manage.py setup_site`: run it as often as you like."""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    PageViewRestriction,
    Site,
)

PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
MEDIA_PERMISSIONS = {
    "wagtailimages": ["add_image", "change_image", "choose_image"],
    "wagtaildocs": ["add_document", "change_document", "choose_document"],
}
PUBLIC_COLLECTION = "Public"
STAFF_COLLECTION = "Équipe (privé)"


@dataclass
class Section:
    """A public section under the home page (e.g. /ressources/), created once."""

    slug: str
    model: str  # "app_label.ModelName"
    title: str
    fields: dict = field(default_factory=dict)


SECTIONS = []
# Model permissions ("app_label.codename") the Communications group holds (snippets, settings).
COMMUNICATIONS_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "lune_site.change_navigationsettings",
    "lune_site.change_sheltersettings",
]
STAFF_PERMISSIONS = ["wagtailadmin.access_admin", "lune_site.change_sheltersettings"]


def register_section(slug, model, title, **fields):
    """Called by an app (in its AppConfig.ready) to have setup_site create its section."""
    if not any(section.slug == slug for section in SECTIONS):
        SECTIONS.append(Section(slug, model, title, fields))


def register_permissions(group, *codenames):
    """Called by an app to grant model permissions ("app.codename") to a group on setup."""
    target = COMMUNICATIONS_PERMISSIONS if group == "communications" else STAFF_PERMISSIONS
    target.extend(c for c in codenames if c not in target)


def get_model(dotted):
    from django.apps import apps

    return apps.get_model(dotted)


def child(parent, model, slug, title, **fields):
    """The child of `parent` with `slug`, created (and published) if missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(title=title, slug=slug, locale=parent.locale, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def paragraph(html):
    return ("paragraph", html)


def heading(text):
    return ("heading", {"text": text, "level": "h2"})


def publish(page):
    page.save_revision().publish()
    return page


def fill(page, **fields):
    """Set the fields a page has left empty, and publish; a page with a draft is left alone."""
    # Asked of the database: an instance that was just published still believes it has a draft.
    if Page.objects.filter(pk=page.pk, has_unpublished_changes=True).exists():
        return page
    changed = False
    for name, value in fields.items():
        current = getattr(page, name)
        empty = not current or (hasattr(current, "raw_data") and not len(current.raw_data))
        if empty:
            setattr(page, name, value)
            changed = True
    if changed:
        publish(page)
    return page


def translate(page, title, slug, **fields):
    """The English translation of a French page, created once, then kept as written."""
    english = Locale.objects.get(language_code="en")
    existing = page.get_translation_or_none(english)
    if existing is not None:
        return existing.specific
    translated = page.copy_for_translation(english, copy_parents=True)
    translated = translated.specific
    translated.title = title
    translated.slug = slug
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save()
    return publish(translated)


SAFE_BROWSING_BODY = [
    heading("La sortie rapide"),
    paragraph(
        "<p>Le bouton « Sortie rapide », en haut de chaque page, ouvre tout de suite un site "
        "de météo à la place de celui-ci. Vous pouvez aussi appuyer trois fois sur la touche "
        "Maj (Shift).</p>"
    ),
    paragraph(
        "<p><b>Ce qu'elle ne fait pas :</b> elle n'efface pas votre historique. Quelqu'un qui "
        "regarde l'historique de votre navigateur verra que vous êtes venue ici.</p>"
    ),
    heading("Naviguer plus discrètement"),
    paragraph(
        "<ul><li>Utilisez une fenêtre de navigation privée (ou « incognito ») : l'historique "
        "n'est pas gardé quand vous la fermez.</li><li>Sinon, effacez l'historique de ce site "
        "après votre visite, dans les réglages de votre navigateur.</li><li>Sur un téléphone "
        "partagé, pensez aussi aux appels et aux messages récents.</li></ul>"
    ),
]
SAFE_BROWSING_BODY_EN = [
    heading("The quick exit"),
    paragraph(
        "<p>The “Quick exit” button at the top of every page opens a weather site in place of "
        "this one at once. You can also press the Shift key three times.</p>"
    ),
    paragraph(
        "<p><b>What it does not do:</b> it does not erase your history. Someone who looks at "
        "your browser's history will see that you came here.</p>"
    ),
    heading("Browsing more discreetly"),
    paragraph(
        "<ul><li>Use a private (or “incognito”) window: its history is not kept once you close "
        "it.</li><li>Otherwise, clear this site from your history after your visit, in your "
        "browser's settings.</li><li>On a shared phone, think of recent calls and messages "
        "too.</li></ul>"
    ),
]


def ensure_safe_browsing(home):
    """The page linked beside the quick exit, complete in French and English (issue 2)."""
    from lune_site.models import StandardPage

    safe = child(
        home,
        StandardPage,
        "naviguer-en-securite",
        "Naviguer en sécurité",
        summary="Comment visiter ce site plus discrètement, et ce que la sortie rapide ne fait pas.",
    )
    fill(safe, body=SAFE_BROWSING_BODY)
    # The English home first, so that the English page does not hang under an alias of the French.
    translate(
        home,
        "Projet L.U.N.E.",
        "home",
        tagline="By and for women, trans and queer people who do or have done sex work.",
    )
    english = translate(
        safe,
        "Browsing safely",
        "safe-browsing",
        summary="How to visit this site more discreetly, and what the quick exit cannot do.",
        body=SAFE_BROWSING_BODY_EN,
    )
    fill(english, body=SAFE_BROWSING_BODY_EN)
    return safe


def restrict_to(page, group):
    restriction = PageViewRestriction.objects.filter(
        page=page, restriction_type=PageViewRestriction.GROUPS
    ).first()
    if restriction is None:
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.GROUPS
        )
    # set(), not add(): setup_site removes a group someone added to a closed area by hand.
    restriction.groups.set([group])
    return restriction


def permissions(codenames):
    found = []
    for dotted in codenames:
        app_label, codename = dotted.split(".")
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def grant_pages(group, page):
    for codename in PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )


def grant_collection(group, collection):
    for app_label, codenames in MEDIA_PERMISSIONS.items():
        for codename in codenames:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=collection,
                permission=Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                ),
            )


def ensure_home():
    """The site's French home page, replacing Wagtail's welcome page on a fresh database."""
    from lune_site.models import HomePage

    french, _ = Locale.objects.get_or_create(language_code="fr")
    Locale.objects.get_or_create(language_code="en")
    # Wagtail's migrations make the root; a flushed database (transactional tests) has none.
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=french)
    )
    home = HomePage.objects.filter(locale=french).first()
    if home is None:
        home = HomePage(
            title="Projet L.U.N.E.",
            slug="accueil",
            locale=french,
            tagline="Par et pour les femmes, les personnes trans et queer qui font ou ont fait "
            "le travail du sexe.",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name=settings.WAGTAIL_SITE_NAME,
        )
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = settings.WAGTAIL_SITE_NAME
        site.save()
        # Wagtail's own welcome page has nothing of ours in it.
        if old_root.content_type == ContentType.objects.get_for_model(Page):
            old_root.delete()
    return home


@transaction.atomic
def setup_site(stdout=None):
    """Build or repair the fixed parts: home, closed areas, sections, groups, permissions."""
    from lune_site.models import MembersAreaPage, StaffAreaPage

    def say(message):
        if stdout is not None:
            stdout.write(message)

    home = ensure_home()
    staff_group, _ = Group.objects.get_or_create(name=settings.STAFF_GROUP_NAME)
    members_group, _ = Group.objects.get_or_create(name=settings.MEMBERS_GROUP_NAME)
    communications, _ = Group.objects.get_or_create(name=settings.COMMUNICATIONS_GROUP_NAME)

    staff_area = child(home, StaffAreaPage, "equipe", "Espace équipe")
    restrict_to(staff_area, staff_group)
    # The staff tree's fixed pages (issue 7): the shelter's register and its figures.
    from lune_site.models import ShelterFiguresPage, ShelterLogIndexPage

    child(staff_area, ShelterLogIndexPage, "registre", "Registre de l'hébergement")
    child(staff_area, ShelterFiguresPage, "chiffres", "Chiffres de l'hébergement")
    members_area = child(home, MembersAreaPage, "membres", "Espace membres")
    restrict_to(members_area, members_group)
    ensure_safe_browsing(home)
    for section in SECTIONS:
        child(home, get_model(section.model), section.slug, section.title, **section.fields)

    # Page rights pass down the tree: only on public sections, never on the home page or root.
    closed_paths = [staff_area.path, members_area.path]
    GroupPagePermission.objects.filter(group=communications).exclude(page__depth__gte=3).delete()
    for closed_path in closed_paths:
        GroupPagePermission.objects.filter(
            group=communications, page__path__startswith=closed_path
        ).delete()
    for home_page in Page.objects.filter(translation_key=home.translation_key):
        for section in home_page.get_children():
            if not any(section.path.startswith(p) for p in closed_paths):
                grant_pages(communications, section)
    grant_pages(staff_group, staff_area)
    communications.permissions.add(*permissions(COMMUNICATIONS_PERMISSIONS))
    staff_group.permissions.add(*permissions(STAFF_PERMISSIONS))

    # Wagtail's default groups lose every right above the public sections.
    for name in ("Editors", "Moderators"):
        group = Group.objects.filter(name=name).first()
        if group is not None:
            GroupPagePermission.objects.filter(group=group, page__depth__lte=2).delete()
            GroupCollectionPermission.objects.filter(group=group, collection__depth=1).delete()

    # Media: a public collection for communications, a private one for the staff.
    root_collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    public = root_collection.get_children().filter(name=PUBLIC_COLLECTION).first()
    if public is None:
        public = root_collection.add_child(name=PUBLIC_COLLECTION)
    private = root_collection.get_children().filter(name=STAFF_COLLECTION).first()
    if private is None:
        private = root_collection.add_child(name=STAFF_COLLECTION)
    restriction, _ = CollectionViewRestriction.objects.get_or_create(
        collection=private, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.set([staff_group])  # repairs a group added by hand
    grant_collection(communications, public)
    grant_collection(staff_group, private)

    say("Site prêt : accueil, espaces fermés, sections, groupes et permissions.\n")
    return home
