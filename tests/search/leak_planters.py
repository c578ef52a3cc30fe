"""Restrictions of every kind for the leak probe: pages behind a password or a login, and
documents in collections behind a password or a login (the staff's group-only page and
collection are planted by the probe itself). What a login hides holds `probe.login_text()`:
any logged-in user may see it, no anonymous visitor."""

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from tests.search.leak_probe import register_planter

PROBE_PASSWORD = "mot-de-passe-du-probe"


def secret_texts(probe, restriction_type):
    """(text, slug) makers for what a restriction of this type hides."""
    if restriction_type == PageViewRestriction.LOGIN:
        return probe.login_text, probe.login_slug
    return probe.text, probe.slug


def restricted_page(parent, probe, label, restriction_type):
    from lune_site.models import StandardPage

    text, slug = secret_texts(probe, restriction_type)
    page = StandardPage(title=text(label), slug=slug(label), summary=text())
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@register_planter
def plant_password_and_login_pages(probe):
    """A public-tree page behind a shared password, one behind a login, and their children."""
    planted = []
    for label, restriction_type in (
        ("mot-de-passe", PageViewRestriction.PASSWORD),
        ("connexion-requise", PageViewRestriction.LOGIN),
    ):
        page = restricted_page(probe.home, probe, label, restriction_type)
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=restriction_type, password=PROBE_PASSWORD
        )
        below = restricted_page(page, probe, f"sous-{label}", restriction_type)
        # The restriction's id feeds the pages' password route.
        planted += [page, below, restriction]
    return planted


@register_planter
def plant_documents_in_closed_collections(probe):
    """A document in a collection behind a password, and one in a collection behind a login."""
    root = Collection.get_first_root_node()
    planted = []
    for label, restriction_type in (
        ("mot-de-passe", CollectionViewRestriction.PASSWORD),
        ("connexion-requise", CollectionViewRestriction.LOGIN),
    ):
        text, slug = secret_texts(probe, restriction_type)
        collection = root.add_child(name=f"Collection {slug(label)}")
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=restriction_type, password=PROBE_PASSWORD
        )
        document = get_document_model()(title=text(f"document {label}"), collection=collection)
        document.file.save(f"{slug(label)}.txt", ContentFile(text().encode()), save=False)
        document.save()
        # The restriction's id feeds the documents' password route.
        planted += [document, restriction]
    return planted
