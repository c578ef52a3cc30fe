"""One benchmark run: one scratch database at one size (`python -m bench` starts it).

Migrates, runs setup_site and load_demo, builds the synthetic content, measures every case in
process (server time, SQL queries), then under gunicorn (throughput beside the minimal view,
page weight), and writes the run's results as JSON. Needs DJANGO_SETTINGS_MODULE=bench.settings
and DATABASE_URL set to the scratch database.
"""

import argparse
import json
import os
import statistics
import sys
import time
from io import StringIO


def say(message):
    print(message, flush=True)


def bench_user(group_setting):
    """A user in the group a case needs (e.g. the staff for a night log)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    group = Group.objects.get(name=getattr(settings, group_setting))
    user, _ = get_user_model().objects.get_or_create(username=f"bench-{group.pk}")
    user.groups.add(group)
    return user


def verify_second_factor(client, user):
    """Mark the client's session as past the second factor, as the staff's login form does."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    device, _ = StaticDevice.objects.get_or_create(user=user, name="bench")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def measure_case(case, size, options, builder_keys):
    """In-process numbers for one case, or the reason it is not measured."""
    from bench.measure import count_queries, make_client, summarize, time_requests

    record = {
        "name": case.name,
        "kind": case.kind,
        "placeholder": case.placeholder,
        "url": None,
        "status": "measured",
    }

    def skip(status, reason):
        record.update(status=status, reason=reason)
        say(f"  {case.name}: {status} ({reason})")
        return record, None

    if case.needs and case.needs not in builder_keys:
        return skip("not built yet", f"no content builder {case.needs!r}")
    try:
        url = case.resolve_url()
    except Exception as error:  # a broken URL function must not stop the other cases
        return skip("error", f"URL function: {error!r}")
    if not url:
        return skip("not built yet", "no page to measure")
    record["url"] = url
    user = bench_user(case.login) if case.login else None
    client = make_client(user)
    if user is not None:
        verify_second_factor(client, user)
    response = client.get(url)
    if response.status_code == 404:
        return skip("not built yet", f"{url} answers 404")
    if response.status_code != 200:
        return skip("error", f"{url} answers {response.status_code}")
    seconds = time_requests(
        client, url, requests=options.requests, budget_seconds=options.case_seconds
    )
    queries, sql = count_queries(client, url)
    record.update(summarize(seconds), queries=queries, sql=sql)
    say(
        f"  {case.name}: p50 {record['p50_ms']:.1f} ms, p95 {record['p95_ms']:.1f} ms, "
        f"{queries} queries ({record['n']} requests)"
    )
    return record, client


def throughput_and_weight(records, clients, options):
    """Serve the site and the minimal view with gunicorn; load each, weigh the main pages."""
    from django.conf import settings
    from django.db import connections

    from bench.load import fetch, generate_load
    from bench.measure import SCHEME_HEADERS
    from bench.serve import Server
    from bench.weight import measure_weight

    connections.close_all()
    load = {"threads": options.threads, "duration": options.duration}
    # Each worker's first answers are cold (imports, templates): a few per thread, unmeasured.
    warmup = {**load, "max_requests": 3 * options.threads}
    cases = [r for r in records if r["status"] == "measured"]
    with (
        Server("bench.minimal:make_application()", name="minimal") as minimal,
        Server("lune_site.wsgi:application", ready_path="/healthz", name="site") as site,
    ):
        generate_load(minimal.port, "/", **warmup)
        before = generate_load(minimal.port, "/", **load)
        for record in cases:
            headers = dict(SCHEME_HEADERS)
            client = clients[record["name"]]
            session = client.cookies.get(settings.SESSION_COOKIE_NAME)
            if session is not None:
                headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={session.value}"
            generate_load(site.port, record["url"], headers=headers, **warmup)
            result = generate_load(site.port, record["url"], headers=headers, **load)
            record["rps"] = round(result.rps, 1)
            record["load"] = result.as_dict()
            errors = f", {result.errors} errors {result.statuses}" if result.errors else ""
            say(f"  {record['name']}: {result.rps:.0f} req/s{errors}")
        if not options.no_cached:
            cached_throughput(cases, options, load, warmup)
        after = generate_load(minimal.port, "/", **load)
        minimal_rps = statistics.fmean([before.rps, after.rps])
        say(f"  minimal view: {before.rps:.0f} then {after.rps:.0f} req/s")
        for record in cases:
            record["ratio"] = round(record["rps"] / minimal_rps, 4) if minimal_rps else None
            if record.get("rps_cached") is not None and minimal_rps:
                record["ratio_cached"] = round(record["rps_cached"] / minimal_rps, 4)
            if record.get("weigh"):

                def get(path, port=site.port):
                    status, _headers, body = fetch(port, path, headers=SCHEME_HEADERS)
                    return status, body

                record["weight"] = measure_weight(get, record["url"])
    return {
        "rps": round(minimal_rps, 1),
        "before": before.as_dict(),
        "after": after.as_dict(),
    }


def update_statistics(connection):
    """Planner statistics for the new rows, as autovacuum gives a live database.

    Without them PostgreSQL plans for the near-empty tables of the base copy (nested loops
    over every page), which no production site would see.
    """
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def cached_throughput(cases, options, load, warmup):
    """The anonymous cases again, on a second server with the page cache switched on.

    The first server runs with LUNE_BENCH_PAGE_CACHE=0 (every request renders); this one with
    1, so both numbers come from the same run. Cases requested as a logged-in user are never
    cached and are skipped here.
    """
    from bench.load import generate_load
    from bench.measure import SCHEME_HEADERS
    from bench.serve import Server

    anonymous = [record for record in cases if not record.get("login")]
    env = {"LUNE_BENCH_PAGE_CACHE": "1"}
    with Server("lune_site.wsgi:application", env, ready_path="/healthz", name="cached") as site:
        for record in anonymous:
            generate_load(site.port, record["url"], headers=SCHEME_HEADERS, **warmup)
            result = generate_load(site.port, record["url"], headers=SCHEME_HEADERS, **load)
            record["rps_cached"] = round(result.rps, 1)
            record["load_cached"] = result.as_dict()
            errors = f", {result.errors} errors {result.statuses}" if result.errors else ""
            say(f"  {record['name']} (page cache on): {result.rps:.0f} req/s{errors}")


def run(options):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from wagtail.models import Page

    from bench.cases import discover, registered_cases
    from bench.content import registered_keys, run_builders
    from lune_site.demo import load_demo

    if options.prepare:
        # The base every size copies: migrated, set up, with the demo content.
        started = time.perf_counter()
        call_command("migrate", interactive=False, verbosity=0)
        load_demo(StringIO())
        seconds = round(time.perf_counter() - started, 1)
        say(f"[{options.db}] migrated, set up and demo loaded in {seconds} s")
        return {"db": options.db, "migrate_and_demo": seconds}

    timings = {}
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    discover()
    started = time.perf_counter()
    builders = {}  # with --reuse: a database an earlier run built and kept, measured as it is
    if not options.reuse:
        builders = run_builders(options.size, seed=options.seed, stdout=sys.stdout)
        update_statistics(connection)
        timings["content"] = round(time.perf_counter() - started, 1)
    pages = Page.objects.count()
    if "content" in timings:
        say(
            f"[{options.db} {options.size:,}] content built in {timings['content']} s ({pages} pages)"
        )

    started = time.perf_counter()
    cases = [c for c in registered_cases() if not options.only or c.name in options.only]
    records, clients = [], {}
    keys = registered_keys()
    for case in cases:
        try:
            record, client = measure_case(case, options.size, options, keys)
        except Exception as error:  # one broken case must not cost the others their numbers
            say(f"  {case.name}: error ({error!r})")
            record = {"name": case.name, "kind": case.kind, "url": None, "status": "error"}
            record.update(placeholder=case.placeholder, reason=repr(error)[:300])
            client = None
        record["weigh"] = case.weigh
        record["login"] = case.login
        records.append(record)
        if client is not None:
            clients[case.name] = client
    timings["server_time"] = round(time.perf_counter() - started, 1)

    minimal = None
    if not options.no_throughput:
        started = time.perf_counter()
        minimal = throughput_and_weight(records, clients, options)
        timings["throughput_and_weight"] = round(time.perf_counter() - started, 1)
    return {
        "db": options.db,
        "size": options.size,
        "vendor": connection.vendor,
        # Other work on the machine skews every number: keep the load beside them.
        "load_average": {"start": load_at_start, "end": [round(x, 2) for x in os.getloadavg()]},
        "pages": pages,
        "builders": builders,
        "reused": options.reuse,
        "timings": timings,
        "minimal": minimal,
        "cases": records,
    }


def parser():
    p = argparse.ArgumentParser(prog="python -m bench.run_size")
    p.add_argument("--db", required=True)
    p.add_argument("--size", type=int, default=0)
    p.add_argument("--prepare", action="store_true", help="migrate and load the demo, only")
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--requests", type=int, default=50)
    p.add_argument("--case-seconds", type=float, default=10.0)
    p.add_argument("--duration", type=float, default=3.0)
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--only", type=lambda s: [n for n in s.split(",") if n], default=[])
    p.add_argument("--no-throughput", action="store_true")
    p.add_argument("--no-cached", action="store_true")
    p.add_argument("--reuse", action="store_true", help="measure the database as it is")
    return p


def main(argv=None):
    options = parser().parse_args(argv)
    result = run(options)
    with open(options.out, "w", encoding="utf-8") as handle:
        json.dump(result, handle, ensure_ascii=False, default=str)


if __name__ == "__main__":
    main()
