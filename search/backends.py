"""The database search backend, French-aware on PostgreSQL and ranked in one query on SQLite.

`WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "search.backends"` picks the class for the
default database, as Wagtail's own `wagtail.search.backends.database` does:

- PostgreSQL: Wagtail's backend with `SEARCH_CONFIG` (`french_unaccent`: French stemming and
  accent folding) for search, and `simple_unaccent` for autocomplete, where Wagtail uses
  `simple`, which keeps accents ("rein" must find "Réinsertion").
- SQLite: FTS5 (its unicode61 tokenizer folds case and accents; no stemming). Wagtail ranks by
  running the full-text match again for each matching row (a cost growing with the square of
  the hits); here relevance comes from FTS5's `bm25()` in the same query that matches.
"""

import copy

from django.db import connection
from django.db.models import FloatField, TextField
from django.db.models.expressions import Func
from django.db.models.functions import Cast
from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

# Column weights for bm25(), in the FTS table's column order: autocomplete, body, title.
BM25_WEIGHTS = (0.0, 1.0, 4.0)


def SearchBackend(params):  # noqa: N802  (Wagtail looks the backend up by this name)
    """The backend for the default database (Wagtail's dispatch, with our subclasses)."""
    if connection.vendor == "postgresql":
        return FrenchPostgresSearchBackend(params)
    backend = database_backend(params)
    if SQLiteSearchBackend is not None and type(backend) is SQLiteSearchBackend:
        return RankedSQLiteSearchBackend(params)
    return backend


# --- PostgreSQL -------------------------------------------------------------------------------


class FrenchPostgresSearchBackend(PostgresSearchBackend):
    """Autocomplete folds accents too, without stemming (prefixes must stay whole)."""

    def __init__(self, params):
        super().__init__(params)
        if self.config:
            self.autocomplete_config = params.get("AUTOCOMPLETE_CONFIG", "simple_unaccent")


# --- SQLite -----------------------------------------------------------------------------------

try:
    from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
    from modelsearch.backends.database.sqlite.sqlite import (
        SQLiteAutocompleteQueryCompiler,
        SQLiteFTSIndexEntry,
        SQLiteSearchBackend,
        SQLiteSearchQueryCompiler,
        SQLiteSearchResults,
    )
except (ImportError, LookupError):  # PostgreSQL, or a SQLite built without FTS5
    SQLiteSearchBackend = None


class WeightedBM25(Func):
    """FTS5's bm25() for the row being matched: computed once per hit, by the match itself."""

    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra):
        table = connection.ops.quote_name(SQLiteFTSIndexEntry._meta.db_table)
        weights = ", ".join(str(w) for w in BM25_WEIGHTS)
        return f"bm25({table}, {weights})", []


if SQLiteSearchBackend is not None:

    class RankedQueryMixin:
        def ranked_matches(self, config):
            """Index hits within the queryset, best first, as a query of object ids; None when
            Wagtail's own path fits better (match all, negations, no relevance ordering)."""
            query = normalize(self.query)
            if not self.order_by_relevance or isinstance(query, (MatchAll, Not)):
                return None
            if type(query).__name__ == "AndNot":
                return None
            match = MatchExpression(
                self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query, config)
            )
            in_queryset = (
                self.queryset.order_by()
                .annotate(object_id_text=Cast("pk", TextField()))
                .values("object_id_text")
            )
            return (
                SQLiteFTSIndexEntry.objects.filter(match)
                .filter(
                    index_entry__content_type__in=get_descendants_content_types_pks(
                        self.queryset.model
                    ),
                    index_entry__object_id__in=in_queryset,
                )
                .annotate(score=WeightedBM25())
                .order_by("score", "-index_entry__object_id")
                .values_list("index_entry__object_id", "score")
            )

    class RankedSQLiteSearchQueryCompiler(RankedQueryMixin, SQLiteSearchQueryCompiler):
        pass

    class RankedSQLiteAutocompleteQueryCompiler(RankedQueryMixin, SQLiteAutocompleteQueryCompiler):
        pass

    class RankedSQLiteSearchResults(SQLiteSearchResults):
        """Ranked results: one query for the ids of the page asked, one for their objects."""

        def _do_search(self):
            matches = self.query_compiler.ranked_matches(
                self.query_compiler.get_config(self.backend)
            )
            if matches is None:
                return super()._do_search()
            hits = list(matches[self.start : self.stop])
            pk_field = self.query_compiler.queryset.model._meta.pk
            ids = [pk_field.to_python(object_id) for object_id, _score in hits]
            objects = self.query_compiler.queryset.in_bulk(ids)
            results = []
            for (_object_id, score), pk in zip(hits, ids, strict=True):
                obj = objects.get(pk)
                if obj is None:
                    continue
                if self._score_field:
                    setattr(obj, self._score_field, score)
                results.append(obj)
            return results

        def _do_count(self):
            matches = self.query_compiler.ranked_matches(
                self.query_compiler.get_config(self.backend)
            )
            if matches is None:
                return super()._do_count()
            return matches.order_by().count()

        def facet(self, field_name):
            # Wagtail's facet keeps the per-row relevance subquery; counting needs no ranking.
            compiler = copy.copy(self.query_compiler)
            compiler.order_by_relevance = False
            unranked = self._clone()
            unranked.query_compiler = compiler
            return SQLiteSearchResults.facet(unranked, field_name)

    class RankedSQLiteSearchBackend(SQLiteSearchBackend):
        query_compiler_class = RankedSQLiteSearchQueryCompiler
        autocomplete_query_compiler_class = RankedSQLiteAutocompleteQueryCompiler
        results_class = RankedSQLiteSearchResults
