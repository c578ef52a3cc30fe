"""Elasticsearch 8 for scale: Wagtail's backend with a French analysis chain.

`ELASTICSEARCH_URL` selects it (`site/settings/environment.py`). The analyzers are declared
with `elasticsearch-dsl` and handed to the backend's index settings; the mapping names them on
every text field, so indexed text and query text go through the same chain: elision of French
articles ("l'hébergement" → "hébergement"), lowercase, ASCII folding, light French stemming.
Synonyms are not in the chain: `search.gate` expands them on the query side, so staff's edits
apply without a reindex. The gate and the views are the same on every backend.
"""

from collections import OrderedDict

from elasticsearch_dsl import analyzer, token_filter
from modelsearch.backends.base import FilterFieldError
from modelsearch.backends.elasticsearch8 import (
    Elasticsearch8AutocompleteQueryCompiler,
    Elasticsearch8Mapping,
    Elasticsearch8SearchBackend,
    Elasticsearch8SearchQueryCompiler,
    Elasticsearch8SearchResults,
)
from modelsearch.utils import deep_update

# Elided articles and pronouns (Lucene's French list): "l'", "d'", "qu'", "jusqu'"...
FRENCH_ARTICLES = [
    "l",
    "m",
    "t",
    "qu",
    "n",
    "s",
    "j",
    "d",
    "c",
    "jusqu",
    "quoiqu",
    "lorsqu",
    "puisqu",
]
# Facets list every value: a terms aggregation gives only ten buckets unless told.
FACET_SIZE = 500

french_elision = token_filter(
    "lune_french_elision", type="elision", articles=FRENCH_ARTICLES, articles_case=True
)
french_stemmer = token_filter("lune_french_stemmer", type="stemmer", language="light_french")
title_prefixes = token_filter("lune_edge_ngram", type="edge_ngram", min_gram=1, max_gram=15)

FOLDING = [french_elision, "lowercase", "asciifolding"]

french_text = analyzer("lune_french", tokenizer="standard", filter=[*FOLDING, french_stemmer])
# Autocomplete keeps words whole (no stemming) and folds accents on both sides: "rein" finds
# "Réinsertion", "heberg" finds "L'hébergement d'urgence".
french_autocomplete = analyzer(
    "lune_autocomplete", tokenizer="standard", filter=[*FOLDING, title_prefixes]
)
french_autocomplete_search = analyzer(
    "lune_autocomplete_search", tokenizer="standard", filter=FOLDING
)

TEXT_ANALYZER = french_text._name
ANALYZERS = (french_text, french_autocomplete, french_autocomplete_search)


def analysis_settings():
    """The index settings that declare the French analyzers: {"settings": {"analysis": …}}."""
    analysis = {}
    for declared in ANALYZERS:
        deep_update(analysis, declared.get_analysis_definition())
    return {"settings": {"analysis": analysis}}


class FrenchMapping(Elasticsearch8Mapping):
    """Wagtail's mapping, with the French analyzer on every text field and catch-all field."""

    edgengram_analyzer_config = {
        "analyzer": french_autocomplete._name,
        "search_analyzer": french_autocomplete_search._name,
    }

    def get_field_mapping(self, field):
        name, mapping = super().get_field_mapping(field)
        if mapping.get("type") == "text" and "analyzer" not in mapping:
            mapping["analyzer"] = TEXT_ANALYZER
        return name, mapping

    def get_mapping(self):
        mapping = super().get_mapping()
        for name, field in mapping["properties"].items():
            if name.startswith("_all_text"):
                field["analyzer"] = TEXT_ANALYZER
        return mapping


class FrenchSearchQueryCompiler(Elasticsearch8SearchQueryCompiler):
    mapping_class = FrenchMapping


class FrenchAutocompleteQueryCompiler(Elasticsearch8AutocompleteQueryCompiler):
    mapping_class = FrenchMapping


class FrenchSearchResults(Elasticsearch8SearchResults):
    def index_name(self):
        return self.backend.get_index_for_model(self.query_compiler.queryset.model).name

    def filter_field(self, field_name):
        """The FilterField named `field_name` or by its column ("category" or "category_id")."""
        compiler = self.query_compiler
        field = compiler._get_filterable_field(field_name)
        if field is None:
            model = compiler.queryset.model
            named = [f for f in model.get_filterable_search_fields() if f.field_name == field_name]
            field = named[0] if named else None
        return field

    def facet_body(self, field_name):
        """The request body that counts hits per value of `field_name` (a FilterField)."""
        field = self.filter_field(field_name)
        if field is None:
            raise FilterFieldError(
                f'Cannot facet search results with field "{field_name}": add '
                f'index.FilterField("{field_name}") to '
                f"{self.query_compiler.queryset.model.__name__}.search_fields.",
                field_name=field_name,
            )
        body = self._get_es_body(for_count=True)
        column = self.query_compiler.mapping.get_field_column_name(field)
        body["aggregations"] = {
            field_name: {"terms": {"field": column, "missing": 0, "size": FACET_SIZE}}
        }
        return body

    def facet(self, field_name):
        response = self._backend_do_search(
            self.facet_body(field_name), index=self.index_name(), size=0
        )
        return OrderedDict(
            (bucket["key"] if bucket["key"] != 0 else None, bucket["doc_count"])
            for bucket in response["aggregations"][field_name]["buckets"]
        )

    def _do_count(self):
        # Elasticsearch 8 takes the query as a keyword; `body=` is deprecated.
        count = self.backend.es.count(index=self.index_name(), **self._get_es_body(for_count=True))
        count = count["count"] - self.start
        if self.stop is not None:
            count = min(count, self.stop - self.start)
        return max(count, 0)


class FrenchElasticsearchBackend(Elasticsearch8SearchBackend):
    """Wagtail's Elasticsearch 8 backend with the French analyzers in its index settings.

    `INDEX_SETTINGS` in the backend's settings still apply, over ours.
    """

    mapping_class = FrenchMapping
    query_compiler_class = FrenchSearchQueryCompiler
    autocomplete_query_compiler_class = FrenchAutocompleteQueryCompiler
    results_class = FrenchSearchResults

    def __init__(self, params):
        params = dict(params)
        params["INDEX_SETTINGS"] = deep_update(
            analysis_settings(), params.pop("INDEX_SETTINGS", {}) or {}
        )
        super().__init__(params)


SearchBackend = FrenchElasticsearchBackend
