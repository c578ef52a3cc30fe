"""Fixtures of the security tests: documents in each collection, an administrator."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection

from lune_site.setup import PUBLIC_COLLECTION, STAFF_COLLECTION

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# A .docx is a zip archive; its first bytes are enough for a download.
DOCX = b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 64


@pytest.fixture
def make_document(site_tree):
    """`make_document(filename, content, collection_name=PUBLIC_COLLECTION)`: a stored document."""

    def make(filename, content, collection_name=PUBLIC_COLLECTION):
        collection = Collection.objects.get(name=collection_name)
        document = get_document_model()(title=filename, collection=collection)
        document.file.save(filename, ContentFile(content), save=False)
        document.save()
        return document

    return make


@pytest.fixture
def private_document(make_document):
    return make_document("procedure-de-nuit.pdf", PDF, STAFF_COLLECTION)


@pytest.fixture
def admin_user(site_tree):
    return get_user_model().objects.create_superuser(
        username="admin-securite", password="pw-admin-securite", email=""
    )


@pytest.fixture(autouse=True)
def _private_media_root(tmp_path, settings):
    """Contributed files go to a temporary folder, never the project's private_media/."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"
    return settings.PRIVATE_MEDIA_ROOT
