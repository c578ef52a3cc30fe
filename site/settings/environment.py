"""Turn the environment's URLs into Django settings, with messages that name the variable."""

from urllib.parse import urlsplit

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured

DATABASE_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql", "postgis"}


def database_from_url(url):
    """Parse DATABASE_URL; an unknown scheme stops start-up with a message naming the variable."""
    scheme = urlsplit(url).scheme
    if scheme not in DATABASE_SCHEMES:
        # Never the URL itself: it holds the password, and start-up errors end up in logs.
        raise ImproperlyConfigured(
            f"DATABASE_URL: unknown scheme {scheme!r}; "
            "use sqlite:///path/to/file.sqlite3 or postgres://user@host:5432/name"
        )
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"].endswith("sqlite3"):
        # SQLite holds no persistent connection worth checking.
        config["CONN_MAX_AGE"] = 0
        config["CONN_HEALTH_CHECKS"] = False
    else:
        # PostgreSQL's JIT compiles any query its planner guesses costly: 60 ms of compiling
        # for the library's 45 ms facet count (EXPLAIN ANALYZE at 10,000 resources). A web
        # page's queries are short; PostgreSQL's documentation advises JIT for long
        # analytical queries only. Options given in the URL come first.
        options = config.setdefault("OPTIONS", {})
        options["options"] = " ".join(filter(None, ["-c jit=off", options.get("options")]))
    return config


def email_from_url(url):
    """Parse EMAIL_URL (smtp://, console://, dummy://...) into Django's EMAIL_* settings."""
    # Messages name the variable and the scheme, never the URL: it holds the password.
    scheme = urlsplit(url).scheme
    if scheme not in dj_email_url.SCHEMES:
        raise ImproperlyConfigured(
            f"EMAIL_URL: unknown scheme {scheme!r}; use one of "
            + ", ".join(f"{known}://" for known in sorted(dj_email_url.SCHEMES))
        )
    try:
        config = dj_email_url.parse(url)
    except ValueError as error:  # a port that is not a number, for one
        raise ImproperlyConfigured(f"EMAIL_URL: cannot read this {scheme}:// URL") from error
    return {
        "EMAIL_BACKEND": config["EMAIL_BACKEND"],
        "EMAIL_HOST": config["EMAIL_HOST"] or "localhost",
        "EMAIL_PORT": config["EMAIL_PORT"] or 25,
        "EMAIL_HOST_USER": config["EMAIL_HOST_USER"] or "",
        "EMAIL_HOST_PASSWORD": config["EMAIL_HOST_PASSWORD"] or "",
        "EMAIL_USE_TLS": bool(config["EMAIL_USE_TLS"]),
        "EMAIL_USE_SSL": bool(config["EMAIL_USE_SSL"]),
        "EMAIL_FILE_PATH": config.get("EMAIL_FILE_PATH") or "",
    }


def search_backends(elasticsearch_url, index_prefix="lune"):
    """Database search by default; Elasticsearch 8 when ELASTICSEARCH_URL is set."""
    if not elasticsearch_url:
        return {
            "default": {
                # Wagtail's database backend, French-aware and ranked in one query (search/).
                "BACKEND": "search.backends",
                # Created by search's migration on PostgreSQL; ignored on SQLite.
                "SEARCH_CONFIG": "french_unaccent",
                "AUTOCOMPLETE_CONFIG": "simple_unaccent",
            }
        }
    return {
        "default": {
            "BACKEND": "search.elasticsearch",
            "URLS": [elasticsearch_url],
            "INDEX_PREFIX": f"{index_prefix}_",
            "TIMEOUT": 5,
        }
    }
