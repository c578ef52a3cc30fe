"""`make load`: many visitors at once against gunicorn and PostgreSQL; zero errors required.

    .venv/bin/python -m bench.loadtest [--visitors 50] [--duration 60] [--max-requests 100000]

On a scratch PostgreSQL database (`lune_bench_0`, created, migrated and loaded with the demo,
dropped afterwards unless `--keep`), the site runs under gunicorn as `make bench` serves it
(`bench.serve`, production settings from `bench.settings`, 127.0.0.1 only). Each visitor is a
thread that asks for the home page, library searches with facets and their JSON, resources,
the journal, news and their feed, the calendar and site search, in random order, and now and
then fills the contribution form like a person (reads it, waits the form's minimum time,
sends it). The run stops after `--duration` seconds or `--max-requests` requests. It prints
throughput and p95 per address, then checks that every contribution the site thanked for is
stored exactly once. Exit status 1 on any error.
"""

import argparse
import html
import http.client
import itertools
import os
import random
import re
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from io import StringIO
from urllib.parse import urlencode

from bench import scratch
from bench.load import LOCALHOST
from bench.measure import SCHEME_HEADERS, percentile

LOAD_DATABASE_SIZE = 0  # the scratch database is lune_bench_0
CONTRIBUTION_PATH = "/journal/contribuer/"
CONTRIBUTION_LABEL = "contribution (form + POST)"
CONTRIBUTION_THANKS = "Merci, votre texte est bien reçu."
CONTRIBUTION_MARK = "essai-de-charge"
SETTINGS = "bench.settings"
_INPUT = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')


@dataclass(frozen=True)
class Target:
    label: str
    path: str
    weight: int = 1


@dataclass
class Tally:
    seconds: list = field(default_factory=list)
    errors: int = 0
    statuses: Counter = field(default_factory=Counter)


class Recorder:
    """Latencies and errors per label, shared by every visitor thread."""

    def __init__(self):
        self.lock = threading.Lock()
        self.tallies = {}
        self.contributions_sent = []  # marks of contributions the site thanked for
        self.contributions_failed = []  # marks of submissions answered otherwise
        self.seconds = 0.0  # the whole run's length
        self.run_mark = ""  # in every contribution's text, to count them afterwards

    def record(self, label, seconds, status, ok):
        with self.lock:
            tally = self.tallies.setdefault(label, Tally())
            tally.seconds.append(seconds)
            tally.statuses[status] += 1
            if not ok:
                tally.errors += 1

    @property
    def requests(self):
        return sum(len(t.seconds) for t in self.tallies.values())

    @property
    def errors(self):
        return sum(t.errors for t in self.tallies.values())


def hidden_fields(page):
    """The hidden inputs of an HTML page (CSRF token, signed start time), as name -> value."""
    fields = {}
    for tag in _INPUT.findall(page):
        attributes = {k.lower(): html.unescape(v) for k, v in _ATTRIBUTE.findall(tag)}
        if attributes.get("type", "").lower() == "hidden" and "name" in attributes:
            fields[attributes["name"]] = attributes.get("value", "")
    return fields


def request(port, method, path, headers=None, body=None, host=LOCALHOST, timeout=60):
    """One request on a fresh connection (as a visitor's phone would): status, headers, text."""
    if host != LOCALHOST:
        raise ValueError("the load test only talks to 127.0.0.1")
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers={**SCHEME_HEADERS, **(headers or {})})
        response = connection.getresponse()
        content = response.read()
        return response.status, response.getheaders(), content.decode("utf-8", errors="replace")
    finally:
        connection.close()


@dataclass
class Visitor:
    """One visitor: random pages, and `contributions` contribution forms filled like a person."""

    port: int
    targets: list
    recorder: Recorder
    deadline: float
    tickets: itertools.count
    max_requests: int
    contributions: int = 0
    fill_seconds: float = 6.0  # over the form's minimum time to fill (5 s by default)
    run_mark: str = ""
    number: int = 0
    rng: random.Random = field(default_factory=random.Random)

    def timed(self, label, method, path, succeeded=None, **options):
        """One timed request; it fails unless `succeeded(status, text)` (default: a 200)."""
        started = time.perf_counter()
        try:
            status, headers, text = request(self.port, method, path, **options)
        except (OSError, http.client.HTTPException):
            self.recorder.record(label, time.perf_counter() - started, "error", ok=False)
            return None, [], ""
        ok = succeeded(status, text) if succeeded else status == 200
        self.recorder.record(label, time.perf_counter() - started, status, ok=ok)
        return status, headers, text

    def run(self):
        weights = [t.weight for t in self.targets]
        # Each contribution form is opened at a random time that leaves it time to be sent.
        left = self.deadline - time.perf_counter()
        latest_start = left - self.fill_seconds - min(5.0, left / 4)
        starts = sorted(
            time.perf_counter() + self.rng.uniform(0, latest_start)
            for _ in range(self.contributions if latest_start > 0 else 0)
        )
        pending = None
        while time.perf_counter() < self.deadline and next(self.tickets) < self.max_requests:
            now = time.perf_counter()
            if pending is not None and now >= pending[0]:
                self.send_contribution(*pending[1:])
                pending = None
            elif pending is None and starts and now >= starts[0]:
                starts.pop(0)
                pending = self.open_contribution_form()
            else:
                target = self.rng.choices(self.targets, weights)[0]
                self.timed(target.label, "GET", target.path)
        if pending is not None:  # a form being filled is still sent, after the bell
            time.sleep(max(0.0, pending[0] - time.perf_counter()))
            self.send_contribution(*pending[1:])

    def open_contribution_form(self):
        status, headers, text = self.timed(CONTRIBUTION_LABEL, "GET", CONTRIBUTION_PATH)
        if status != 200:
            return None
        cookie = SimpleCookie()
        for name, value in headers:
            if name.lower() == "set-cookie":
                cookie.load(value)
        fields = hidden_fields(text)
        csrf = cookie["csrftoken"].value if "csrftoken" in cookie else ""
        return (time.perf_counter() + self.fill_seconds, fields, csrf)

    def send_contribution(self, fields, csrf):
        mark = f"{CONTRIBUTION_MARK} {self.run_mark} {self.number}-{uuid.uuid4().hex[:8]}"
        body = urlencode(
            {
                **fields,
                "text": f"{mark}\nUn texte envoyé pendant l'essai de charge.",
                "pseudonym": "Essai",
                "contact": "",
                "consent": "on",
                "website": "",
            }
        )
        origin = f"https://{LOCALHOST}:{self.port}"
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf}",
            "Origin": origin,
            "Referer": origin + CONTRIBUTION_PATH,
        }
        status, _headers, text = self.timed(
            CONTRIBUTION_LABEL,
            "POST",
            CONTRIBUTION_PATH,
            succeeded=thanked,
            headers=headers,
            body=body,
        )
        sent = self.recorder.contributions_sent
        failed = self.recorder.contributions_failed
        with self.recorder.lock:
            (sent if thanked(status, text) else failed).append(mark)


def thanked(status, text):
    """The contribution form's answer when it stored the text (not a form shown again)."""
    return status == 200 and CONTRIBUTION_THANKS in text


def run_visitors(
    port,
    targets,
    *,
    visitors=50,
    duration=60.0,
    max_requests=100_000,
    contributions_per_visitor=1,
    fill_seconds=6.0,
    seed=0,
    host=LOCALHOST,
):
    """`visitors` threads for `duration` seconds or `max_requests` requests: a Recorder."""
    if host != LOCALHOST:
        raise ValueError("the load test only talks to 127.0.0.1")
    if visitors <= 0 or duration <= 0 or max_requests <= 0 or not targets:
        raise ValueError("visitors, duration, max_requests and targets must be positive")
    recorder = Recorder()
    recorder.run_mark = run_mark = uuid.uuid4().hex[:10]
    tickets = itertools.count()  # next() on a count is atomic under the GIL
    deadline = time.perf_counter() + duration
    people = [
        Visitor(
            port=port,
            targets=targets,
            recorder=recorder,
            deadline=deadline,
            tickets=tickets,
            max_requests=max_requests,
            contributions=contributions_per_visitor,
            fill_seconds=fill_seconds,
            run_mark=run_mark,
            number=number,
            rng=random.Random(f"{seed}-{number}"),
        )
        for number in range(visitors)
    ]
    started = time.perf_counter()
    threads = [threading.Thread(target=person.run, daemon=True) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + fill_seconds + 120)
    recorder.seconds = time.perf_counter() - started
    return recorder


def check_contributions(sent, stored):
    """Problems (a list of sentences) between the marks the site thanked for and those stored."""
    counts = Counter(stored)
    problems = []
    missing = sorted(set(sent) - set(counts))
    if missing:
        problems.append(f"{len(missing)} thanked contributions not stored, e.g. {missing[0]!r}")
    twice = sorted(mark for mark, n in counts.items() if n > 1)
    if twice:
        problems.append(f"{len(twice)} contributions stored more than once, e.g. {twice[0]!r}")
    unthanked = sorted(set(counts) - set(sent))
    if unthanked:
        problems.append(f"{len(unthanked)} contributions stored but not confirmed to the visitor")
    return problems


def rows(recorder):
    """One row per label, then the total: label, requests, errors, req/s, p50 and p95 in ms."""
    seconds = recorder.seconds or 1
    table = []
    everything = []
    for label in sorted(recorder.tallies):
        tally = recorder.tallies[label]
        everything += tally.seconds
        table.append(_row(label, tally.seconds, tally.errors, seconds))
    table.append(_row("all", everything, recorder.errors, seconds))
    return table


def _row(label, samples, errors, seconds):
    milliseconds = [s * 1000 for s in samples] or [0.0]
    return {
        "label": label,
        "requests": len(samples),
        "errors": errors,
        "rps": len(samples) / seconds,
        "p50_ms": percentile(milliseconds, 0.50),
        "p95_ms": percentile(milliseconds, 0.95),
    }


def render_table(table):
    width = max(len(row["label"]) for row in table)
    lines = [
        f"{'address':<{width}}  {'requests':>8}  {'errors':>6}  {'req/s':>7}  {'p50 ms':>8}  {'p95 ms':>8}"
    ]
    for row in table:
        lines.append(
            f"{row['label']:<{width}}  {row['requests']:>8}  {row['errors']:>6}  "
            f"{row['rps']:>7.1f}  {row['p50_ms']:>8.0f}  {row['p95_ms']:>8.0f}"
        )
    return "\n".join(lines)


# --- The site: scratch database, demo content, addresses -------------------------------------


def prepare_site(database_url, media_root, cache_dir):
    """Migrate the scratch database and load the demo, in this process (bench settings)."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media_root),
        CACHE_DIR=str(cache_dir),
        EMAIL_URL="dummy://",
    )
    import django

    django.setup()
    from django.core.management import call_command

    from lune_site.demo import load_demo

    call_command("migrate", interactive=False, verbosity=0)
    load_demo(StringIO())


def discover_targets():
    """The addresses visitors ask for, found in the demo content through the gate."""
    from django.utils import timezone

    from journal.models import ArticlePage, JournalIssuePage
    from resources.models import Category, Neighbourhood, ResourcePage
    from search.gate import public_pages

    def first_urls(model, count):
        pages = public_pages(model.objects.all(), language="fr").order_by("path")[:count]
        return [page.get_url() for page in pages]

    category = Category.objects.order_by("pk").first()
    neighbourhood = Neighbourhood.objects.order_by("pk").first()
    facets = {"categorie": category.slug} if category else {}
    if neighbourhood:
        facets["quartier"] = neighbourhood.slug
    targets = [
        Target("home /", "/", 4),
        Target("library /ressources/", "/ressources/", 2),
        Target("library ?q=logement", "/ressources/?q=logement", 2),
        Target("library facets", "/ressources/?" + urlencode({**facets, "gratuit": "1"}), 2),
        Target("library facets JSON", "/ressources/?" + urlencode({**facets, "format": "json"})),
        Target("journal /journal/", "/journal/", 1),
        Target("news feed /actualites/flux/", "/actualites/flux/", 1),
        Target("news /actualites/", "/actualites/", 1),
        Target("site search ?q=emploi", "/recherche/?q=emploi", 1),
    ]
    for number, url in enumerate(first_urls(ResourcePage, 5), 1):
        targets.append(Target(f"resource {number}", url, 1))
    for label, model in (("journal issue", JournalIssuePage), ("article", ArticlePage)):
        for url in first_urls(model, 1):
            targets.append(Target(label, url, 1))
    try:
        from events.models import EventIndexPage
    except ImportError:  # the calendar comes with the events app
        EventIndexPage = None  # noqa: N806
    if EventIndexPage is not None and public_pages(EventIndexPage.objects.all()).exists():
        month = timezone.localdate().strftime("%Y-%m")
        targets += [
            Target("calendar /evenements/", "/evenements/", 2),
            Target("calendar month", f"/evenements/?mois={month}", 1),
        ]
    return targets


def stored_contribution_marks(run_mark):
    from journal.models import Contribution

    texts = Contribution.objects.filter(
        text__startswith=f"{CONTRIBUTION_MARK} {run_mark} "
    ).values_list("text", flat=True)
    return [text.split("\n", 1)[0] for text in texts]


def parser():
    p = argparse.ArgumentParser(prog="python -m bench.loadtest", description=__doc__.split("\n")[0])
    p.add_argument("--visitors", type=int, default=50, help="concurrent visitors (50)")
    p.add_argument("--duration", type=float, default=60.0, help="seconds of load (60)")
    p.add_argument("--max-requests", type=int, default=100_000, help="request cap (100000)")
    p.add_argument(
        "--contributions", type=int, default=1, help="contribution forms per visitor (1)"
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--keep", action="store_true", help="keep the scratch database")
    p.add_argument("--postgres-server", default=scratch.postgres_server())
    return p


def main(argv=None):
    from bench.__main__ import collect_static
    from bench.serve import Server

    options = parser().parse_args(argv)
    problem = scratch.postgres_problem(options.postgres_server)
    if problem:
        print(f"{problem}\nSet BENCH_POSTGRES_SERVER (or --postgres-server).")
        return 2
    url = scratch.create("postgres", LOAD_DATABASE_SIZE, options.postgres_server)
    try:
        with tempfile.TemporaryDirectory(prefix="lune-load-") as folder:
            media_root, cache_dir = os.path.join(folder, "media"), os.path.join(folder, "cache")
            print("Collecting static files, migrating, loading the demo...", flush=True)
            collect_static(media_root)
            prepare_site(url, media_root, cache_dir)
            from django.db import connections

            targets = discover_targets()
            connections.close_all()
            with Server("lune_site.wsgi:application", ready_path="/healthz", name="load") as site:
                for target in [*targets, Target("form", CONTRIBUTION_PATH)]:
                    status, _headers, _text = request(site.port, "GET", target.path)
                    if status != 200:
                        print(f"{target.path} answers {status} before the load: stopping.")
                        return 1
                print(
                    f"{options.visitors} visitors for {options.duration:.0f} s on "
                    f"{len(targets)} addresses (gunicorn: {site.port}, PostgreSQL)...",
                    flush=True,
                )
                load_before = os.getloadavg()
                recorder = run_visitors(
                    site.port,
                    targets,
                    visitors=options.visitors,
                    duration=options.duration,
                    max_requests=options.max_requests,
                    contributions_per_visitor=options.contributions,
                    seed=options.seed,
                )
            stored = stored_contribution_marks(recorder.run_mark)
            connections.close_all()
    finally:
        if options.keep:
            print(f"kept {url}")
        else:
            scratch.drop("postgres", LOAD_DATABASE_SIZE, url, options.postgres_server)
    print()
    print(render_table(rows(recorder)))
    # Other work on the machine slows every answer: say how busy it was.
    before, after = (", ".join(f"{x:.1f}" for x in load) for load in (load_before, os.getloadavg()))
    print(f"\nLoad average: {before} before, {after} after ({os.cpu_count()} CPUs).")
    problems = check_contributions(recorder.contributions_sent, stored)
    if recorder.contributions_failed:
        problems.append(f"{len(recorder.contributions_failed)} contributions not thanked")
    print(
        f"\nContributions: {len(recorder.contributions_sent)} sent and thanked, "
        f"{len(stored)} stored, {len(set(stored))} distinct."
    )
    if recorder.errors:
        problems.append(f"{recorder.errors} requests failed")
    for line in problems:
        print(f"FAILED: {line}")
    if not problems:
        print("No error; every contribution stored exactly once.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
