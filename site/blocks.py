"""Content blocks shared by the site's pages; other apps build on BaseStreamBlock."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Titre"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Niveau"), choices=[("h2", "H2"), ("h3", "H3")], default="h2"
    )

    class Meta:
        icon = "title"
        template = "components/blocks/heading_block.html"
        description = _("Un intertitre qui découpe la page")


def validate_link(value):
    """A web address (http, https) or an address on this site ("/ressources/?categorie=…"),
    never one that leaves the site by its form ("//autre.example", "javascript:")."""
    if value.startswith("/") and not value.startswith("//") and not any(c.isspace() for c in value):
        return
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValidationError(
            _("Écrire une adresse web (https://…) ou une adresse du site qui commence par /.")
        ) from None


class LinkBlock(blocks.CharBlock):
    """An address, absolute or on this site (Wagtail's URLBlock takes absolute ones only)."""

    def __init__(self, **kwargs):
        super().__init__(max_length=500, validators=[validate_link], **kwargs)


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Texte du bouton"), max_length=80)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = LinkBlock(label=_("ou adresse"), required=False)

    class Meta:
        icon = "link"
        template = "components/blocks/call_to_action_block.html"
        description = _("Un bouton vers une page du site ou une autre adresse")

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "page": blocks.BlockValidationError(_("Choisir une page ou une adresse."))
                }
            )
        return value


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Titre affiché"), required=False, max_length=120)

    class Meta:
        icon = "doc-full"
        template = "components/blocks/document_link_block.html"
        description = _("Un lien vers un document (PDF, formulaire, guide)")


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=200)
    answer = blocks.RichTextBlock(label=_("Réponse"), features=["bold", "italic", "link", "ul"])


class AccordionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), required=False, max_length=120)
    items = blocks.ListBlock(QuestionBlock(), label=_("Questions"))

    class Meta:
        icon = "list-ul"
        template = "components/blocks/accordion_block.html"
        description = _("Questions et réponses qui s'ouvrent sans JavaScript")


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraphe"),
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
        icon="pilcrow",
        template="components/blocks/paragraph_block.html",
    )
    image = ImageBlock(label=_("Image"), template="components/blocks/image_block.html")
    document = DocumentLinkBlock()
    call_to_action = CallToActionBlock()
    accordion = AccordionBlock()


class UrgentNumberBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Pour quoi"), max_length=120)
    phone = blocks.CharBlock(label=_("Téléphone"), max_length=40)
    hours = blocks.CharBlock(label=_("Heures"), required=False, max_length=80)

    class Meta:
        icon = "mobile-alt"
        template = "components/blocks/urgent_number_block.html"
        description = _("Un numéro à appeler en urgence")
