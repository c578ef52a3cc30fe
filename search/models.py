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


class DailySearchQueryQuerySet(models.QuerySet):
    def since(self, day):
        return self.filter(day__gte=day)

    def by_query(self):
        """One row per query text: {query, searches, empty_searches, last_day}, most searched
        first (for the admin report)."""
        return (
            self.values("query")
            .annotate(
                searches=models.Sum("count"),
                empty_searches=models.Sum("count", filter=models.Q(found_nothing=True)),
                last_day=models.Max("day"),
            )
            .order_by("-searches", "query")
        )


class DailySearchQuery(models.Model):
    """How many times a day a query was searched, and whether it found nothing.

    Only the query's text (normalized), the day and a count: no address, no user, no session.
    Texts that look like personal data are never written (`search.query_log`).
    """

    query = models.CharField(_("recherche"), max_length=200)
    day = models.DateField(_("jour"))
    found_nothing = models.BooleanField(_("aucun résultat"), default=False)
    count = models.PositiveIntegerField(_("nombre"), default=0)

    objects = DailySearchQueryQuerySet.as_manager()

    class Meta:
        verbose_name = _("recherche du jour")
        verbose_name_plural = _("recherches du jour")
        constraints = [
            models.UniqueConstraint(
                fields=["query", "day", "found_nothing"], name="lune_search_one_row_a_day"
            )
        ]
        indexes = [models.Index(fields=["day"], name="lune_search_query_day")]

    def __str__(self):
        return f"{self.query} ({self.day:%Y-%m-%d}) : {self.count}"
