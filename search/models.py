"""Search data staff edit in the admin: synonym groups. (Query log: see below.)"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from search.results import fold


class SynonymGroupQuerySet(models.QuerySet):
    def expansions(self):
        """{folded word: [every word of its groups]}, read in one query."""
        found = {}
        for words in self.values_list("words", flat=True):
            group = split_words(words)
            for word in group:
                found.setdefault(fold(word), [])
                found[fold(word)] += [w for w in group if w not in found[fold(word)]]
        return found


def split_words(text):
    return [w.strip() for w in text.replace("\n", ",").split(",") if w.strip()]


class SynonymGroup(models.Model):
    """Words that mean the same thing to the people searching: a search for one finds all."""

    words = models.TextField(
        _("mots"),
        help_text=_(
            "Séparés par des virgules, par exemple : emploi, job, travail, boulot. "
            "Une recherche d'un de ces mots trouve aussi les autres, sans réindexation."
        ),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = SynonymGroupQuerySet.as_manager()
    panels = ["words", "note"]

    class Meta:
        verbose_name = _("groupe de synonymes")
        verbose_name_plural = _("groupes de synonymes")
        ordering = ["words"]

    def __str__(self):
        return ", ".join(split_words(self.words)[:6])

    def clean(self):
        from django.core.exceptions import ValidationError

        if len(split_words(self.words)) < 2:
            raise ValidationError({"words": _("Au moins deux mots, séparés par des virgules.")})
