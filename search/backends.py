"""The database search backend, French-aware on PostgreSQL and ranked in one query on SQLite.

`WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "search.backends"` picks the class for the
default database, as Wagtail's own `wagtail.search.backends.database` does:

- PostgreSQL: Wagtail's backend with `SEARCH_CONFIG` (`french_unaccent`: French stemming and
  accent folding) for search, and `simple_unaccent` for autocomplete, where Wagtail uses
  `simple`, which keeps accents ("rein" must find "Réinsertion").
  Relevance is one `ts_rank` per vector (title, body) over the whole query, where Wagtail
  ranks each word and each synonym apart (a dozen calls per row for a word with synonyms),
  and it is computed in a query of ids only, so the rows sorted stay narrow.
- SQLite: FTS5 (its unicode61 tokenizer folds case and accents; no stemming). Wagtail ranks by
  running the full-text match again for each matching row (a cost growing with the square of
  the hits); here relevance comes from FTS5's `bm25()` in the same query that matches.

Counts and facets are then read from the matches themselves (`resources.library`,
`search.views`): PostgreSQL gives every match's id, best first, from one query of the search
index kept to the caller's gate (`results.ranked_within()`); SQLite gives the matching ids as
a subquery within the searched (gated) queryset (`results.matching_pks()`).
"""

import copy
import itertools
import re

from django.contrib.postgres.search import SearchRank
from django.db import connection
from django.db.models import F, FloatField, IntegerField, Q, TextField
from django.db.models.expressions import Func
from django.db.models.functions import Cast
from django.db.models.lookups import Exact, Lookup
from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.backends.database.postgres.postgres import (
    IndexEntry,
    PostgresAutocompleteQueryCompiler,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)
from modelsearch.query import And, MatchAll, Not, Or, PlainText
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


def word_clauses(query):
    """`query` as clauses that must all match, each a list of words of which one must match;
    None for any other shape (phrases, negations, several words that must all match inside
    an alternative, fuzzy or match-all queries)."""
    if isinstance(query, And):
        clauses = []
        for subquery in query.subqueries:
            sub = word_clauses(subquery)
            if sub is None:
                return None
            clauses.extend(sub)
        return clauses
    if isinstance(query, PlainText):
        words = [word for word in re.split(r"[\s\-]+", query.query_string) if word]
        if not words:
            return None
        if query.operator == "or":
            return [words]
        return [[word] for word in words]
    if isinstance(query, Or):
        words = []
        for subquery in query.subqueries:
            sub = word_clauses(subquery)
            if sub is None or len(sub) != 1:
                return None
            words.extend(sub[0])
        return [words]
    return None


def objects_in_order(queryset, hits, score_field=None):
    """The objects of `hits` ([(pk, score)], best first) from `queryset`, in that order, with
    their score set on `score_field` when asked; one query."""
    objects = queryset.in_bulk([pk for pk, _score in hits])
    results = []
    for pk, score in hits:
        obj = objects.get(pk)
        if obj is None:
            continue
        if score_field:
            setattr(obj, score_field, score)
        results.append(obj)
    return results


def clause_matches(query, prefix="index_entries__"):
    """The title or the body matches one clause's tsquery, or the clause is only French stop
    words ("et", "un", "pour": an empty tsquery, which PostgreSQL leaves out of a whole
    query, as here)."""
    only_stop_words = Exact(Func(query, function="numnode", output_field=IntegerField()), 0)
    return Q(**{f"{prefix}title": query}) | Q(**{f"{prefix}body": query}) | Q(only_stop_words)


class FrenchPostgresSearchQueryCompiler(PostgresSearchQueryCompiler):
    def search(self, config, start, stop, score_field=None, backend=None):
        """Where the query is words (and their synonyms), match the title and the body each
        with its own GIN index: a clause of words matches `title || body` exactly when it
        matches the title or the body, since each word is one lexeme. Wagtail matches the
        concatenation `title || body`, which no index holds, so it reads every entry."""
        clauses = word_clauses(self.query) if self.fields is None else None
        if not clauses:
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        condition = Q()
        for words in clauses:
            query = self.build_tsquery(Or([PlainText(word) for word in words]), config=config)
            condition &= clause_matches(query)
        queryset = self.queryset.filter(condition)
        rank = self._build_rank_expression(self.get_index_vectors(None), config)
        return self._apply_ordering_and_scoring(queryset, rank, start, stop, score_field)

    def _build_rank_expression(self, vectors, config):
        """One ts_rank per vector for the whole query (Wagtail sums one per word)."""
        query = self.build_tsquery(self.query, config=config)
        ranks = [
            SearchRank(vector, query, weights=self.sql_weights) * boost for vector, boost in vectors
        ]
        total = ranks[0]
        for rank in ranks[1:]:
            total += rank
        return total


def index_rank(compiler, config):
    """The relevance of an index entry for the compiler's whole query (title and body, as
    `_build_rank_expression` weighs them), on `IndexEntry` itself."""
    query = compiler.build_tsquery(compiler.query, config=config)
    title = SearchRank(F("title"), query, weights=compiler.sql_weights) * F("title_norm")
    return title + SearchRank(F("body"), query, weights=compiler.sql_weights)


class AnyOf(Lookup):
    """`lhs = ANY(%s)` with the ids as one array parameter, where `__in` writes a
    placeholder per id: for the thousands of ids a common word matches (PostgreSQL)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*params, list(self.rhs)]


def restrict_to_matches(queryset, matches, field="pk"):
    """`queryset` narrowed to the rows whose `field` is in `matches`: a list of ids (one
    array on PostgreSQL) or a subquery of them."""
    if isinstance(matches, list) and connection.vendor == "postgresql":
        # No match is still a query (`= ANY('{}')`): the number of queries never depends on hits.
        return queryset.filter(AnyOf(F(field), matches))
    return queryset.filter(**{f"{field}__in": matches})


class FrenchPostgresSearchResults(PostgresSearchResults):
    """Ranked in a query of ids and scores (narrow rows to sort), then the page's objects."""

    def _do_search(self):
        compiler = self.query_compiler
        ranked = compiler.search(
            compiler.get_config(self.backend), self.start, self.stop, score_field="_lune_score"
        )
        if "_lune_score" not in ranked.query.annotations:
            # Nothing to rank: no words (the admin's page search with only a type filter).
            return list(ranked)
        hits = list(ranked.values_list("pk", "_lune_score"))
        return objects_in_order(compiler.queryset, hits, self._score_field)

    def ranked_pks(self):
        """[(pk, score)] of every object that matches the text within the searched queryset
        (the gate's, for public views), best first, in one query; None where there is nothing
        to rank."""
        compiler = self.query_compiler
        ranked = compiler.search(
            compiler.get_config(self.backend), None, None, score_field="_lune_score"
        )
        if "_lune_score" not in ranked.query.annotations:
            return None
        return list(ranked.values_list("pk", "_lune_score"))

    def ranked_within(self, visible, content_types=None, limit=None):
        """The pks of the matching objects whose pk is in `visible`, best first (ties: the
        higher pk first, as Wagtail orders).

        `visible` (a set or dict of pks) is the caller's gate, such as the kept ids of the
        pages a visitor may see: for words, the text is matched and ranked in one query of
        the search index alone (its GIN indexes, or one pass over the model's entries), with
        no join to the pages, and the searched queryset's filters are not applied: `visible`
        stands for them. `content_types` (ids) narrows the entries read to those types;
        `limit` stops at that many pks (read from the database in batches).
        Other queries (phrases, fuzzy), and models whose key is not a whole number, go through
        the searched queryset's own ranked query, kept to `visible` too."""
        compiler = self.query_compiler
        config = compiler.get_config(self.backend)
        model = compiler.queryset.model
        pk_field = model._meta.pk
        while pk_field.is_relation:
            pk_field = pk_field.target_field
        if isinstance(compiler, PostgresAutocompleteQueryCompiler):
            # Titles that start with the words typed: the autocomplete vector alone.
            query = compiler.build_tsquery(compiler.query, config=config)
            condition = Q(autocomplete=query) if compiler.fields is None else None
            rank = SearchRank(F("autocomplete"), query, weights=compiler.sql_weights)
        else:
            clauses = word_clauses(compiler.query) if compiler.fields is None else None
            condition = Q() if clauses else None
            for words in clauses or ():
                query = compiler.build_tsquery(
                    Or([PlainText(word) for word in words]), config=config
                )
                condition &= clause_matches(query, prefix="")
            rank = index_rank(compiler, config)
        if condition is None or not pk_field.get_internal_type().endswith("AutoField"):
            return [pk for pk, _score in self.ranked_pks() or [] if pk in visible][:limit]
        types = get_descendants_content_types_pks(model)
        if content_types is not None:
            wanted = set(content_types)
            types = [pk for pk in types if pk in wanted]
        ranked = (
            IndexEntry.objects.filter(condition, content_type_id__in=types)
            .annotate(
                score=rank,
                object_pk=Cast("object_id", IntegerField()),
            )
            .order_by("-score", "-object_pk")
            .values_list("object_pk")
        )
        # Thousands of rows for a common word, sorted by the database: read as plain tuples
        # of one number, without the ORM's per-value converters, and kept to `visible`.
        sql, params = ranked.query.sql_with_params()
        if limit is None:
            return [pk for (pk,) in self._fetch(sql, params) if pk in visible]
        batch, found = max(4 * limit, 50), []
        for offset in itertools.count(0, batch):
            rows = self._fetch(f"{sql} LIMIT {batch} OFFSET {offset}", params)
            found += [pk for (pk,) in rows if pk in visible]
            if len(found) >= limit or len(rows) < batch:
                return found[:limit]

    @staticmethod
    def _fetch(sql, params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


class FrenchPostgresSearchBackend(PostgresSearchBackend):
    """Autocomplete folds accents too, without stemming (prefixes must stay whole)."""

    query_compiler_class = FrenchPostgresSearchQueryCompiler
    results_class = FrenchPostgresSearchResults

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
            queryset = self.query_compiler.queryset
            pk_field = queryset.model._meta.pk
            hits = [
                (pk_field.to_python(object_id), score)
                for object_id, score in matches[self.start : self.stop]
            ]
            return objects_in_order(queryset, hits, self._score_field)

        def _do_count(self):
            matches = self.query_compiler.ranked_matches(
                self.query_compiler.get_config(self.backend)
            )
            if matches is None:
                return super()._do_count()
            return matches.order_by().count()

        def matching_pks(self):
            compiler = copy.copy(self.query_compiler)
            compiler.order_by_relevance = True  # ranked_matches' own path, without its order
            matches = compiler.ranked_matches(compiler.get_config(self.backend))
            if matches is None:
                return None
            return matches.order_by().values("index_entry__object_id")

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
