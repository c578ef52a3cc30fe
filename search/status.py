"""What the search backends hold: index names and document counts (`manage.py search_status`)."""

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from modelsearch.backends import get_search_backend
from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend
from modelsearch.conf import get_app_config
from modelsearch.index import get_indexed_models


@dataclass
class IndexStatus:
    name: str
    documents: int | None = None  # None: the index cannot be read
    by_model: dict = field(default_factory=dict)  # "app_label.Model" -> documents
    note: str = ""


@dataclass
class BackendStatus:
    name: str
    backend: str
    indexes: list


def backend_names():
    return list(get_app_config().get_search_backend_config())


def backend_status(name="default"):
    """The indexes of the search backend `name`, with their document counts by model."""
    backend = get_search_backend(name)
    path = f"{type(backend).__module__}.{type(backend).__name__}"
    if isinstance(backend, ElasticsearchBaseSearchBackend):
        indexes = [elasticsearch_index_status(index) for index in backend.all_indexes()]
    else:
        indexes = [database_index_status()]
    return BackendStatus(name=name, backend=path, indexes=indexes)


def database_index_status():
    """The database backends keep one table of index entries for every model."""
    IndexEntry = get_app_config().get_model("IndexEntry")  # noqa: N806  (Wagtail's copy)

    counts = dict(
        IndexEntry.objects.order_by()
        .values("content_type")
        .annotate(documents=Count("pk"))
        .values_list("content_type", "documents")
    )
    content_types = ContentType.objects.in_bulk(list(counts))
    by_model = {}
    for pk, documents in counts.items():
        content_type = content_types.get(pk)
        label = f"{content_type.app_label}.{content_type.model}" if content_type else str(pk)
        by_model[label] = documents
    indexed = {f"{m._meta.app_label}.{m._meta.model_name}" for m in get_indexed_models()}
    for label in sorted(indexed - set(by_model)):
        by_model[label] = 0
    return IndexStatus(
        name=IndexEntry._meta.db_table,
        documents=sum(counts.values()),
        by_model=dict(sorted(by_model.items())),
    )


def elasticsearch_index_status(index):
    """Documents in one Elasticsearch index (an alias after an atomic rebuild), by content
    type (a page counts for its own type and for each indexed ancestor type)."""
    backend = index.backend
    try:
        response = backend.es.search(
            index=index.name,
            size=0,
            track_total_hits=True,
            aggregations={"types": {"terms": {"field": "_django_content_type", "size": 1000}}},
        )
    except backend.NotFoundError:
        return IndexStatus(name=index.name, note="absent : lancer manage.py update_index")
    except Exception as error:  # the cluster is down or refuses: say so, with its message
        return IndexStatus(name=index.name, note=f"illisible : {error}")
    by_model = {
        model_label(bucket["key"]): bucket["doc_count"]
        for bucket in response["aggregations"]["types"]["buckets"]
    }
    note = ""
    if index.is_alias():
        note = "alias de " + ", ".join(i.name for i in index.aliased_indices())
    return IndexStatus(
        name=index.name,
        documents=response["hits"]["total"]["value"],
        by_model=dict(sorted(by_model.items())),
        note=note,
    )


def model_label(content_type):
    """ "wagtailcore.Page" -> "wagtailcore.page", as the database status names models."""
    app_label, _dot, model_name = content_type.partition(".")
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return content_type
    return f"{model._meta.app_label}.{model._meta.model_name}"
