"""Blocks of the journal's articles: the site's base blocks plus quote, poem and testimony."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from lune_site.blocks import BaseStreamBlock


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Citation"), max_length=1000)
    attribution = blocks.CharBlock(label=_("De qui"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "journal/blocks/quote_block.html"
        description = _("Une phrase mise en valeur, avec qui l'a dite")


class PoemBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre du poème"), required=False, max_length=120)
    # Plain text: the line breaks are the poem's, kept as written.
    text = blocks.TextBlock(label=_("Poème"), help_text=_("Les retours à la ligne sont gardés."))
    author = blocks.CharBlock(label=_("Signé"), required=False, max_length=120)

    class Meta:
        icon = "pilcrow"
        template = "journal/blocks/poem_block.html"
        description = _("Un poème, ses vers gardés tels quels")


class TestimonyBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(label=_("Témoignage"), features=["bold", "italic", "ul"])
    who = blocks.CharBlock(
        label=_("Qui témoigne"),
        required=False,
        max_length=120,
        help_text=_("Un prénom, un pseudonyme, ou rien pour rester anonyme."),
    )

    class Meta:
        icon = "user"
        template = "journal/blocks/testimony_block.html"
        description = _("Le récit d'une personne, à la première personne")


class ArticleStreamBlock(BaseStreamBlock):
    quote = QuoteBlock()
    poem = PoemBlock()
    testimony = TestimonyBlock()
