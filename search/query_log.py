"""The search log staff read to add missing resources: query text, day and count, nothing else.

Texts that look like personal data (a phone number, an email address, a Québec licence plate
or postal code, a long number) are never written.

A search writes nothing while it answers: each process counts its searches in memory and
writes them together, one upsert statement for all, at most every
`LUNE_SEARCH_LOG_FLUSH_SECONDS` (60 by default; 0 writes at once, as the tests do), when the
process ends, and before a report is read. A crash loses at most that minute's counts.
"""

import atexit
import contextlib
import datetime
import re
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from modelsearch.utils import normalise_query_string

from search.gate import clean_query
from search.models import DailySearchQuery

KEEP_DAYS = 90

_PERSONAL = re.compile(
    "|".join(
        [
            # An email address, even without its domain's dot ("marie@gmail").
            r"\w[^\s@]*@[^\s@]*\w",
            # North American phone numbers: (418) 555-0100, 418.555.0100, +1 418 555 0100,
            # 555-0100.
            r"(?<!\d)(?:\+?1[\s.\-]?)?(?:\(\d{3}\)|\d{3})[\s.\-]*\d{3}[\s.\-]?\d{4}(?!\d)",
            r"(?<!\d)\d{3}[\s.\-]\d{4}(?!\d)",
            # Any long number (card, file or social insurance numbers).
            r"\d{7,}",
            # Québec licence plates: ABC 123, 123 ABC, A12 BCD (with or without space or hyphen).
            r"\b(?:[a-z]{3}[\s\-]?\d{3}|\d{3}[\s\-]?[a-z]{3}|[a-z]\d{2}[\s\-]?[a-z]{3})\b",
            # Canadian postal codes (G1K 3A1): where someone lives.
            r"\b[a-z]\d[a-z][\s\-]?\d[a-z]\d\b",
        ]
    ),
    re.IGNORECASE,
)


def looks_personal(text):
    """True when `text` (as typed) looks like a phone number, an email address, a licence
    plate, a postal code or a long number: such queries are not logged."""
    text = str(text or "")
    return _PERSONAL.search(text) is not None


def loggable_text(query):
    """The normalized text to log for `query` as typed, or "" when nothing may be kept."""
    if looks_personal(query):
        return ""
    text = normalise_query_string(clean_query(query))
    return "" if looks_personal(text) else text


_pending = Counter()  # (text, day, found_nothing) -> searches not written yet
_lock = threading.Lock()
_last_flush = time.monotonic()


def flush_seconds():
    return getattr(settings, "LUNE_SEARCH_LOG_FLUSH_SECONDS", 60)


def record_search(query, *, found_nothing, day=None):
    """Count one search of `query` today; written with the others at the next flush.

    Returns the text logged, or "" when nothing was kept.
    """
    global _last_flush
    text = loggable_text(query)
    if not text:
        return ""
    day = day or timezone.localdate()
    with _lock:
        _pending[(text, day, bool(found_nothing))] += 1
        due = time.monotonic() - _last_flush >= flush_seconds()
    if due:
        flush_search_log()
    return text


def pending_searches():
    """How many searches this process has counted and not written yet."""
    with _lock:
        return sum(_pending.values())


def flush_search_log():
    """Write this process's pending counts: one INSERT … ON CONFLICT DO UPDATE statement for
    all of them. Returns how many rows it wrote or updated."""
    global _last_flush
    with _lock:
        counts = list(_pending.items())
        _pending.clear()
        _last_flush = time.monotonic()
    if not counts:
        return 0
    quote = connection.ops.quote_name
    table = quote(DailySearchQuery._meta.db_table)
    query_col, day_col, empty_col, count_col = (
        quote(DailySearchQuery._meta.get_field(name).column)
        for name in ("query", "day", "found_nothing", "count")
    )
    sql = (
        f"INSERT INTO {table} ({query_col}, {day_col}, {empty_col}, {count_col}) "  # noqa: S608  (quoted names only)
        f"VALUES (%s, %s, %s, %s) ON CONFLICT ({query_col}, {day_col}, {empty_col}) "
        f"DO UPDATE SET {count_col} = {table}.{count_col} + excluded.{count_col}"
    )
    rows = [
        (text, connection.ops.adapt_datefield_value(day), found_nothing, count)
        for (text, day, found_nothing), count in counts
    ]
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, rows)
    except Exception:
        # Put them back: the next flush tries again.
        with _lock:
            for key, count in counts:
                _pending[key] += count
        raise
    return len(rows)


def _flush_at_exit():
    # A process ending must not fail on statistics.
    with contextlib.suppress(Exception):
        flush_search_log()


atexit.register(_flush_at_exit)


def purge_search_queries(days=KEEP_DAYS, today=None):
    """Delete the counts of days older than `days` days; returns how many rows went."""
    cutoff = (today or timezone.localdate()) - datetime.timedelta(days=days)
    deleted, _by_model = DailySearchQuery.objects.filter(day__lt=cutoff).delete()
    return deleted


def report_start(days=KEEP_DAYS, today=None):
    """The first day the report covers."""
    return (today or timezone.localdate()) - datetime.timedelta(days=days - 1)
