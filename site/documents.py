"""Documents uploaded in the admin: a size limit stated in plain French.

Wagtail's document field refuses files over `WAGTAILDOCS_MAX_UPLOAD_SIZE` (set in base.py;
None would mean no limit) in the single, multiple and chooser uploads, and its multiple
uploader checks it in the browser too; this form base only says what to do about it.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

TOO_LARGE = _(
    "Ce fichier est trop gros (%(file_size)s) : un document peut faire %(max_filesize)s au "
    "plus. Réduisez-le (un PDF compressé, des images plus petites) ou découpez-le en "
    "plusieurs documents."
)
TOO_LARGE_UNKNOWN_SIZE = _(
    "Ce fichier est trop gros : un document peut faire %(max_filesize)s au plus. Réduisez-le "
    "(un PDF compressé, des images plus petites) ou découpez-le en plusieurs documents."
)


class LimitedDocumentForm(BaseDocumentForm):
    """Wagtail's document form with the size limit's messages in plain French."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")  # absent from the multiple uploader's edit form
        if field is not None and getattr(field, "max_upload_size", None) is not None:
            field.error_messages["file_too_large"] = TOO_LARGE
            field.error_messages["file_too_large_unknown_size"] = TOO_LARGE_UNKNOWN_SIZE % {
                "max_filesize": field.max_upload_size_text
            }

    def _post_clean(self):
        # A refused file leaves the instance without one; the model's extension check would
        # then add "l'extension « » n'est pas autorisée", which only confuses.
        refused = list(self._errors.get("file", [])) if self._errors else []
        super()._post_clean()
        if refused:
            self._errors["file"] = self.error_class(refused, renderer=self.renderer)
