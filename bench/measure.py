"""Server time and SQL queries, in-process, through Django's full request handler."""

import math
import statistics
import time

SCHEME_HEADERS = {"X-Forwarded-Proto": "https"}  # as the TLS proxy sends it in production


def percentile(samples, fraction):
    """The `fraction` (0..1) percentile, linearly interpolated between closest ranks.

    The same definition as numpy's default and `statistics.quantiles(method="inclusive")`.
    """
    if not samples:
        raise ValueError("percentile of no samples")
    if not 0 <= fraction <= 1:
        raise ValueError("fraction must be between 0 and 1")
    ordered = sorted(samples)
    position = (len(ordered) - 1) * fraction
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summarize(seconds):
    """p50, p95, mean and max in milliseconds, rounded to 0.01 ms."""
    milliseconds = [s * 1000 for s in seconds]
    return {
        "n": len(milliseconds),
        "p50_ms": round(percentile(milliseconds, 0.50), 2),
        "p95_ms": round(percentile(milliseconds, 0.95), 2),
        "mean_ms": round(statistics.fmean(milliseconds), 2),
        "max_ms": round(max(milliseconds), 2),
    }


def make_client(user=None):
    """A test Client that looks like production traffic behind the proxy (HTTPS)."""
    from django.test import Client

    # A view's exception becomes a 500 to report, as under gunicorn, not a crash of the run.
    client = Client(headers=SCHEME_HEADERS, raise_request_exception=False)
    if user is not None:
        from django.conf import settings

        # The backend that checks passwords, as after the staff's login form (not django-axes').
        client.force_login(user, backend=settings.AUTHENTICATION_BACKENDS[-1])
    return client


def consume(response):
    """Read the whole body, streaming or not, as a real server would."""
    if response.streaming:
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


def time_requests(client, url, *, requests=50, warmup=3, budget_seconds=10.0, min_requests=5):
    """Time `requests` GETs of `url` after `warmup` ones; stops early past the time budget."""
    for _ in range(warmup):
        consume(client.get(url))
    seconds = []
    deadline = time.perf_counter() + budget_seconds
    while len(seconds) < requests:
        started = time.perf_counter()
        consume(client.get(url))
        seconds.append(time.perf_counter() - started)
        if len(seconds) >= min_requests and time.perf_counter() > deadline:
            break
    return seconds


def count_queries(client, url):
    """The SQL queries one request runs (after warm-up), with their text for the JSON."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        consume(client.get(url))
    return len(captured), [query["sql"][:300] for query in captured.captured_queries]
