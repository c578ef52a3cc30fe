"""Timing the CSV import of resources (issue 3): a dry run, N new rows, a second run, an update.

    .venv/bin/python -m bench.importing --rows 10000 [--db postgres|sqlite] [--keep] [--profile]

Makes a scratch database (PostgreSQL `lune_bench_import`, or SQLite in a temporary folder),
migrates, runs `setup_site` and `load_demo`, writes N distinct resources in the importer's own
CSV format (the demo's export, varied with a seeded `random.Random`), then times four runs of
`ResourceImporter` on it and prints one table; the numbers go to
bench/results/import-<timestamp>.json. The target: the real import of 10,000 rows in under
5 minutes on PostgreSQL.
"""

import argparse
import contextlib
import csv
import datetime
import io
import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

from bench import scratch
from bench.content import sentence
from resources.benchmarks import BENCH_TAGS

DATABASE = f"{scratch.NAME_PREFIX}import"
SETTINGS = "bench.settings"
RESULTS_DIR = Path(__file__).resolve().parent / "results"
TARGET_ROWS = 10_000
TARGET_SECONDS = 300
UPDATE_SHARE = 0.10
ID_PREFIX = "banc-import-"

# Tags and weekly hours as staff write them, beside the demo's own.
EXTRA_TAGS = BENCH_TAGS
EXTRA_HOURS = (
    "lun-ven 09:00-17:00",
    "lun-ven 08:30-12:00, 13:00-16:30",
    "tous les jours 22:00-08:00",
    "tous les jours 00:00-23:59",
    "mar, jeu 13:00-20:00; sam 10:00-14:00",
    "lun-mer 10:00-16:00; jeu 10:00-21:00; ven 10:00-15:00",
    "",
)
COSTS = ("gratuit", "gratuit", "gratuit", "faible coût : 5 $", "faible coût", "payant : 20 $")
LANGUAGES = ("français", "français; anglais", "français; anglais; espagnol")

# --- The file --------------------------------------------------------------------------------


def template_rows():
    """The demo resources as the importer exports them: dicts keyed by column."""
    from resources.importing import unprotect_cell, write_csv

    out = io.StringIO()
    write_csv(out)
    rows = csv.DictReader(io.StringIO(out.getvalue(), newline=""))
    return [{column: unprotect_cell(value) for column, value in row.items()} for row in rows]


def _tag_pool(templates):
    pool = {tag for row in templates for tag in row["tags"].split("; ") if tag}
    return sorted(pool | set(EXTRA_TAGS))


def generate_rows(n, rng, templates=None):
    """n distinct rows (dicts keyed by column) in the importer's format, from the demo's export.

    Each row starts from a demo resource (address, eligibility, documents...) and gets its own
    external_id, name, summary, description, category, neighbourhood, tags, hours, cost,
    languages, phone, email, website and date of last check.
    """
    from resources.models import Category, Neighbourhood

    templates = template_rows() if templates is None else templates
    if not templates:
        raise ValueError("no resource to start from: run load_demo first")
    categories = list(Category.objects.order_by("pk").values_list("name", flat=True))
    neighbourhoods = list(Neighbourhood.objects.order_by("pk").values_list("name", flat=True))
    tags = _tag_pool(templates)
    hours = sorted({row["hours"] for row in templates} | set(EXTRA_HOURS))
    today = datetime.date.today()
    width = len(str(n))
    rows = []
    for number in range(1, n + 1):
        row = dict(rng.choice(templates))
        ident = f"{number:0{width}d}"
        row.update(
            external_id=f"{ID_PREFIX}{ident}",
            name=f"{sentence(rng, 3)[:-1]} {number}",
            summary=sentence(rng, 14),
            description=f"<p>{sentence(rng, 40)}</p><p>{sentence(rng, 25)}</p>",
            category=rng.choice(categories),
            neighbourhood=rng.choice(neighbourhoods) if rng.random() < 0.8 else "",
            tags="; ".join(sorted(rng.sample(tags, rng.randint(1, 4)))),
            hours=rng.choice(hours),
            cost=rng.choice(COSTS),
            languages=rng.choice(LANGUAGES),
            phone=f"418 555-{number % 10_000:04d}",
            email=f"info@organisme-{ident}.example.org" if rng.random() < 0.7 else "",
            website=f"https://organisme-{ident}.example.org/" if rng.random() < 0.6 else "",
            eligibility=sentence(rng, 8),
            last_verified=(today - datetime.timedelta(days=rng.randrange(700))).isoformat(),
        )
        rows.append(row)
    return rows


def edit_rows(rows, rng, share=UPDATE_SHARE):
    """A copy of `rows` with `share` of them edited as staff would; returns (rows, edited ids)."""
    edited = [dict(row) for row in rows]
    chosen = rng.sample(range(len(edited)), round(len(edited) * share))
    hours = sorted({row["hours"] for row in rows} | set(EXTRA_HOURS))
    for index in chosen:
        row = edited[index]
        row["summary"] = sentence(rng, 12)
        change = rng.randrange(3)
        if change == 0:
            row["tags"] = "; ".join(sorted({*row["tags"].split("; "), "mis à jour"} - {""}))
        elif change == 1:
            row["hours"] = rng.choice([h for h in hours if h != row["hours"]])
        else:
            row["last_verified"] = datetime.date.today().isoformat()
    return edited, sorted(edited[i]["external_id"] for i in chosen)


def to_csv(rows):
    """The rows as the importer reads them (same columns, order and quoting as write_csv)."""
    from resources.importing import COLUMNS, protect_cell

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([protect_cell(row[column]) for column in COLUMNS])
    return out.getvalue()


# --- Measuring -------------------------------------------------------------------------------


class QueryCounter:
    """Counts the SQL statements sent, without keeping their text (cheap at 10,000 rows)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


@contextlib.contextmanager
def counting_queries():
    from django.db import connection

    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        yield counter


def analyze():
    """Planner statistics after a big change, as autovacuum gives a live database."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def time_phase(name, library, data, rows, *, dry_run=False, profile=None):
    """Run the importer once on `data` (`rows` rows); one record: counts, time, queries."""
    from resources.importing import ResourceImporter

    profiler = None
    if profile is not None:
        import cProfile

        profiler = cProfile.Profile()
    with counting_queries() as counter:
        started = time.perf_counter()
        if profiler is not None:
            profiler.enable()
        report = ResourceImporter(parent=library).run(data, dry_run=dry_run)
        if profiler is not None:
            profiler.disable()
        # Rounded first, so that rows/s is what the table's seconds give.
        seconds = round(time.perf_counter() - started, 4)
    if report.errors:
        raise RuntimeError(f"{name}: the generated file has errors: {report.errors[:3]}")
    if profiler is not None:
        profiler.dump_stats(profile)
    return {
        "phase": name,
        "rows": rows,
        "created": len(report.created),
        "updated": len(report.updated),
        "unchanged": len(report.unchanged),
        "applied": report.applied,
        "seconds": seconds,
        "rows_per_s": round(rows / seconds, 1) if seconds else None,
        "queries": counter.count,
        "queries_per_row": round(counter.count / rows, 2) if rows else None,
        "summary": report.summary(),
    }


def measure_import(n, seed=0, library=None, profile=None, say=None):
    """Generate n rows, then time the four phases; returns (records, facts about the file).

    `profile`: a path where cProfile's statistics of the real import are written.
    """
    from resources.models import ResourceLibraryPage, ResourcePage

    say = say or (lambda message: None)
    if library is None:
        library = ResourceLibraryPage.objects.filter(locale__language_code="fr").first()
    rng = random.Random(f"{seed}:import")  # noqa: S311 - benchmark content, not secrets
    started = time.perf_counter()
    rows = generate_rows(n, rng)
    first = to_csv(rows)
    edited, edited_ids = edit_rows(rows, rng)
    second = to_csv(edited)
    file_facts = {
        "rows": n,
        "bytes": len(first.encode()),
        "edited_rows": len(edited_ids),
        "generate_seconds": round(time.perf_counter() - started, 2),
    }
    say(f"  file: {n:,} rows, {file_facts['bytes'] / 1e6:.1f} MB")
    before = ResourcePage.objects.count()
    records = []
    for name, data, dry_run in (
        ("dry-run", first, True),
        ("import", first, False),
        ("again", first, False),
        ("update", second, False),
    ):
        record = time_phase(
            name, library, data, n, dry_run=dry_run, profile=profile if name == "import" else None
        )
        records.append(record)
        say(f"  {name}: {record['seconds']:.1f} s, {record['queries']:,} queries")
        analyze()
    file_facts["pages_added"] = ResourcePage.objects.count() - before
    return records, file_facts


# --- Output ----------------------------------------------------------------------------------

TABLE = (
    ("phase", "<", lambda r: r["phase"]),
    ("rows", ">", lambda r: f"{r['rows']:,}"),
    ("created", ">", lambda r: f"{r['created']:,}"),
    ("updated", ">", lambda r: f"{r['updated']:,}"),
    ("unchanged", ">", lambda r: f"{r['unchanged']:,}"),
    ("seconds", ">", lambda r: f"{r['seconds']:.{1 if r['seconds'] >= 10 else 2}f}"),
    ("rows/s", ">", lambda r: f"{r['rows_per_s']:,.0f}" if r["rows_per_s"] else ""),
    ("SQL", ">", lambda r: f"{r['queries']:,}"),
    ("SQL/row", ">", lambda r: f"{r['queries_per_row']:.1f}" if r["queries_per_row"] else ""),
)


def render_table(records):
    cells = [[cell(record) for _name, _align, cell in TABLE] for record in records]
    heads = [name for name, _align, _cell in TABLE]
    widths = [max(len(row[i]) for row in [heads, *cells]) for i in range(len(heads))]

    def line(row):
        return "  ".join(
            f"{value:{align}{width}}"
            for value, (_name, align, _cell), width in zip(row, TABLE, widths, strict=True)
        ).rstrip()

    return "\n".join([line(heads), line(["-" * w for w in widths]), *map(line, cells)])


def target_verdict(db, records):
    """The issue's target, on its terms (PostgreSQL, 10,000 rows); None for other runs."""
    imported = next(r for r in records if r["phase"] == "import")
    if db != "postgres" or imported["rows"] < TARGET_ROWS:
        return None
    met = imported["seconds"] < TARGET_SECONDS
    return {
        "target": f"real import of {TARGET_ROWS:,} rows under {TARGET_SECONDS} s on PostgreSQL",
        "seconds": imported["seconds"],
        "met": met,
    }


# --- The scratch database --------------------------------------------------------------------


def create_database(db, server):
    """A fresh scratch database named lune_bench_import (SQLite: in its own temporary folder)."""
    if db == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="lune-bench-"))
        return f"sqlite:///{folder / (DATABASE + '.sqlite3')}"
    with scratch._admin_connection(server) as connection:
        # A fixed name (no user input reaches the SQL text).
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')
    return f"{server.rstrip('/')}/{DATABASE}"


def drop_database(db, url, server):
    if db == "sqlite":
        scratch.drop_sqlite(url)
        return
    with scratch._admin_connection(server) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


def prepare(url, media_root):
    """Point Django at the scratch database, start it, migrate, set up and load the demo."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        DATABASE_URL=url,
        MEDIA_ROOT=str(media_root),
        CACHE_DIR=str(Path(media_root) / "cache"),
        LUNE_BENCH_PAGE_CACHE="0",
    )
    import django

    django.setup()
    from django.core.management import call_command

    from lune_site.demo import load_demo

    call_command("migrate", interactive=False, verbosity=0)
    load_demo(io.StringIO())
    analyze()


def parser():
    p = argparse.ArgumentParser(
        prog="python -m bench.importing",
        description="Time the CSV import of resources on a scratch database (issue 3).",
    )
    p.add_argument("--rows", type=int, default=TARGET_ROWS, help="rows in the file (10000)")
    p.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    p.add_argument("--seed", type=int, default=0, help="content seed (0)")
    p.add_argument("--keep", action="store_true", help="keep the scratch database")
    p.add_argument(
        "--profile",
        action="store_true",
        help="cProfile the real import; statistics beside the JSON, top functions printed",
    )
    p.add_argument(
        "--postgres-server",
        default=scratch.postgres_server(),
        help="PostgreSQL server URL without database (BENCH_POSTGRES_SERVER)",
    )
    return p


def print_profile(path, limit=30):
    import pstats

    stats = pstats.Stats(str(path), stream=sys.stdout)
    stats.sort_stats("cumulative").print_stats(limit)
    stats.sort_stats("tottime").print_stats(limit)


def main(argv=None):
    options = parser().parse_args(argv)
    if options.rows < 1:
        print("--rows: a positive whole number")
        return 2
    if options.db == "postgres":
        problem = scratch.postgres_problem(options.postgres_server)
        if problem:
            print(f"{problem}\nSet BENCH_POSTGRES_SERVER (or --postgres-server), or --db sqlite.")
            return 2
    stamp = datetime.datetime.now(datetime.UTC)
    name = f"import-{stamp:%Y%m%d-%H%M%S}"
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    profile = RESULTS_DIR / f"{name}.prof" if options.profile else None
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    url = create_database(options.db, options.postgres_server)
    try:
        with tempfile.TemporaryDirectory(prefix="lune-bench-media-") as media_root:
            print(f"== {options.db}: migrate, setup_site, load_demo ({DATABASE}) ==", flush=True)
            started = time.perf_counter()
            prepare(url, media_root)
            setup_seconds = round(time.perf_counter() - started, 1)
            print(f"  ready in {setup_seconds} s", flush=True)
            print(f"== {options.rows:,} rows ==", flush=True)
            records, file_facts = measure_import(
                options.rows,
                seed=options.seed,
                profile=profile,
                say=lambda message: print(message, flush=True),
            )
    finally:
        from django.db import connections

        connections.close_all()
        if options.keep:
            print(f"  kept {url}")
        else:
            drop_database(options.db, url, options.postgres_server)
    from importlib.metadata import version

    verdict = target_verdict(options.db, records)
    results = {
        "started": stamp.isoformat(timespec="seconds"),
        "db": options.db,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            **{package: version(package) for package in ("django", "wagtail", "psycopg")},
        },
        # Other work on the machine skews every number: keep the load beside them.
        "load_average": {"start": load_at_start, "end": [round(x, 2) for x in os.getloadavg()]},
        "seed": options.seed,
        "setup_seconds": setup_seconds,
        "file": file_facts,
        "phases": records,
        "target": verdict,
    }
    print()
    print(render_table(records))
    if verdict is not None:
        state = "met" if verdict["met"] else "MISSED"
        print(f"\nTarget, {verdict['target']}: {state} ({verdict['seconds']:.1f} s)")
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nJSON: {path.relative_to(RESULTS_DIR.parent.parent)}")
    if profile is not None:
        print_profile(profile)
        print(f"Profile: {profile.relative_to(RESULTS_DIR.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
