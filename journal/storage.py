"""Private storage for contributed files: outside MEDIA_ROOT, never given a public address."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils import timezone


def private_media_root():
    default = Path(settings.BASE_DIR) / "private_media"
    return Path(getattr(settings, "PRIVATE_MEDIA_ROOT", None) or default)


class PrivateFileStorage(FileSystemStorage):
    """Files only the staff read, through an admin view; the web server never serves them."""

    # Read on every use, so a changed setting (tests, deployment) takes effect at once.
    @property
    def base_location(self):
        return str(private_media_root())

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Private files have no public address.")


def contribution_storage():
    return PrivateFileStorage()


def contribution_upload_to(instance, filename):
    """A random name with the extension that the content was checked to be; never the sender's."""
    extension = Path(filename).suffix.lower()[:6]
    return f"contributions/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"
