"""A bounded HTTP load generator: threads, http.client, keep-alive when the server allows it.

It only ever talks to 127.0.0.1, stops by itself after a fixed duration or a fixed number of
requests (whichever comes first), and counts every answer that is not the expected status.
"""

import http.client
import itertools
import threading
import time
from dataclasses import asdict, dataclass

LOCALHOST = "127.0.0.1"


@dataclass
class LoadResult:
    requests: int
    errors: int
    seconds: float
    bytes: int
    statuses: dict

    @property
    def rps(self):
        return self.requests / self.seconds if self.seconds else 0.0

    def as_dict(self):
        return {**asdict(self), "rps": round(self.rps, 1)}


def fetch(port, path, headers=None, host=LOCALHOST, timeout=30):
    """One GET on a fresh connection: (status, headers dict, body bytes)."""
    if host != LOCALHOST:
        raise ValueError("the benchmark only talks to 127.0.0.1")
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()


def generate_load(
    port,
    path,
    *,
    threads=4,
    duration=3.0,
    max_requests=50_000,
    headers=None,
    expect=200,
    host=LOCALHOST,
):
    """GET `path` from `threads` threads for `duration` seconds or `max_requests` requests."""
    if host != LOCALHOST:
        raise ValueError("the benchmark only talks to 127.0.0.1")
    if duration <= 0 or max_requests <= 0 or threads <= 0:
        raise ValueError("duration, max_requests and threads must be positive")
    tickets = itertools.count()  # next() on a count is atomic under the GIL
    lock = threading.Lock()
    totals = {"requests": 0, "errors": 0, "bytes": 0, "statuses": {}}
    started = time.perf_counter()
    deadline = started + duration

    def worker():
        done = errors = size = 0
        statuses = {}
        connection = None
        while time.perf_counter() < deadline and next(tickets) < max_requests:
            try:
                if connection is None:
                    connection = http.client.HTTPConnection(host, port, timeout=30)
                connection.request("GET", path, headers=headers or {})
                response = connection.getresponse()
                size += len(response.read())
                statuses[response.status] = statuses.get(response.status, 0) + 1
                if response.status != expect:
                    errors += 1
                if response.will_close:  # gunicorn's sync workers close after each answer
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException):
                errors += 1
                statuses["error"] = statuses.get("error", 0) + 1
                if connection is not None:
                    connection.close()
                connection = None
            done += 1
        if connection is not None:
            connection.close()
        with lock:
            totals["requests"] += done
            totals["errors"] += errors
            totals["bytes"] += size
            for status, count in statuses.items():
                totals["statuses"][str(status)] = totals["statuses"].get(str(status), 0) + count

    workers = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(duration + 60)
    return LoadResult(
        requests=totals["requests"],
        errors=totals["errors"],
        seconds=round(time.perf_counter() - started, 3),
        bytes=totals["bytes"],
        statuses=totals["statuses"],
    )
