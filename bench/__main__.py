"""`make bench`: build synthetic content in scratch databases, measure, print one table.

    .venv/bin/python -m bench [--db postgres|sqlite|both] [--sizes 1000,10000] [--huge] ...

Each (database, size) runs in its own process (`bench.run_size`) on a fresh scratch database
(PostgreSQL `lune_bench_<size>`, or SQLite in a temporary folder), dropped afterwards unless
`--keep`. Results go to bench/results/<timestamp>.json and bench/results/latest.json.
"""

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import scratch
from bench.report import RESULTS_DIR, annotate, render_table, write_json
from bench.serve import GUNICORN_CONFIG, PROJECT_DIR

SETTINGS = "bench.settings"
HUGE = 100_000


def sizes(text):
    values = sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()})
    if not values or any(v < 1 for v in values):
        raise argparse.ArgumentTypeError("sizes: positive whole numbers, comma-separated")
    return values


def parser():
    p = argparse.ArgumentParser(
        prog="python -m bench",
        description="Benchmark the LUNE site on synthetic content (see README, Performance).",
    )
    p.add_argument("--db", choices=["postgres", "sqlite", "both"], default="postgres")
    p.add_argument(
        "--sizes", type=sizes, default=[1000, 10000], help="items per builder (1000,10000)"
    )
    p.add_argument("--huge", action="store_true", help=f"add {HUGE:,} (long: run on demand)")
    p.add_argument("--requests", type=int, default=50, help="timed requests per case (50)")
    p.add_argument(
        "--case-seconds", type=float, default=10.0, help="time budget per case, in process (10)"
    )
    p.add_argument("--duration", type=float, default=3.0, help="seconds of load per case (3)")
    p.add_argument("--threads", type=int, default=4, help="load generator threads (4)")
    p.add_argument("--seed", type=int, default=0, help="content seed (0)")
    p.add_argument("--only", default="", help="measure only these cases (comma-separated)")
    p.add_argument("--no-throughput", action="store_true", help="skip gunicorn and page weight")
    p.add_argument(
        "--no-cached",
        action="store_true",
        help="skip the throughput with the anonymous page cache on",
    )
    p.add_argument("--keep", action="store_true", help="keep the scratch databases")
    p.add_argument(
        "--reuse",
        action="store_true",
        help="measure the databases an earlier --keep run left (PostgreSQL), without building",
    )
    p.add_argument(
        "--postgres-server",
        default=scratch.postgres_server(),
        help="PostgreSQL server URL without database (BENCH_POSTGRES_SERVER)",
    )
    return p


def bench_env(database_url, media_root):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        # The page cache's files stay in the run's temporary folder, never the project's.
        "CACHE_DIR": str(Path(media_root) / "cache"),
        "LUNE_BENCH_PAGE_CACHE": "0",
        "PYTHONUNBUFFERED": "1",
    }


def collect_static(media_root):
    """Production serves hashed static files: collect them once (kept between runs)."""
    env = bench_env("sqlite:///" + str(Path(tempfile.gettempdir()) / "lune_bench_0"), media_root)
    subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=PROJECT_DIR,
        env=env,
        check=True,
    )


def versions():
    from importlib.metadata import version

    return {name: version(name) for name in ("django", "wagtail", "gunicorn", "psycopg")}


def child(arguments, url, media_root, out):
    """Run bench.run_size on `url`; its JSON result, or {"error": ...}."""
    command = [sys.executable, "-m", "bench.run_size", f"--out={out}", *arguments]
    env = bench_env(url, media_root)
    completed = subprocess.run(command, cwd=PROJECT_DIR, env=env)  # noqa: S603 - our module
    if completed.returncode != 0 or not out.exists():
        return {"error": f"exit {completed.returncode}"}
    return json.loads(out.read_text(encoding="utf-8"))


def prepare_base(db, options, media_root):
    """Migrate, set up and load the demo once per database; each size copies the result."""
    url = scratch.create(db, scratch.BASE, options.postgres_server)
    out = Path(media_root) / f"base-{db}.json"
    result = child([f"--db={db}", "--prepare"], url, media_root, out)
    return url, result


def run_one(db, size, base_url, options, media_root):
    """Copy the base into lune_bench_<size>, measure it in a child process, drop the copy
    (with `--reuse`: measure the kept lune_bench_<size> as it is, and keep it)."""
    if options.reuse:
        url = scratch.postgres_url(options.postgres_server, size)
    else:
        url = scratch.create(db, size, options.postgres_server, copy_of=(scratch.BASE, base_url))
    out = Path(media_root) / f"run-{db}-{size}.json"
    arguments = [
        f"--db={db}",
        f"--size={size}",
        f"--seed={options.seed}",
        f"--requests={options.requests}",
        f"--case-seconds={options.case_seconds}",
        f"--duration={options.duration}",
        f"--threads={options.threads}",
        f"--only={options.only}",
    ]
    if options.no_throughput:
        arguments.append("--no-throughput")
    if options.no_cached:
        arguments.append("--no-cached")
    if options.reuse:
        arguments.append("--reuse")
    started = time.perf_counter()
    try:
        result = child(arguments, url, media_root, out)
        result.update(db=db, size=size, seconds=round(time.perf_counter() - started, 1))
        result.setdefault("cases", [])
        return result
    finally:
        if options.keep or options.reuse:
            print(f"  kept {url}")
        else:
            scratch.drop(db, size, url, options.postgres_server)


def main(argv=None):
    options = parser().parse_args(argv)
    dbs = ["postgres", "sqlite"] if options.db == "both" else [options.db]
    if options.reuse and dbs != ["postgres"]:
        print("--reuse measures kept PostgreSQL databases: use it with --db postgres.")
        return 2
    all_sizes = sorted({*options.sizes, *([HUGE] if options.huge else [])})
    if "postgres" in dbs:
        problem = scratch.postgres_problem(options.postgres_server)
        if problem:
            print(
                f"{problem}\nSet BENCH_POSTGRES_SERVER (or --postgres-server), or use --db sqlite."
            )
            return 2
    started = datetime.datetime.now(datetime.UTC)
    results = {
        "started": started.isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            **versions(),
        },
        "config": {
            "dbs": dbs,
            "sizes": all_sizes,
            "requests": options.requests,
            "case_seconds": options.case_seconds,
            "load_duration": options.duration,
            "load_threads": options.threads,
            "seed": options.seed,
            "gunicorn": GUNICORN_CONFIG,
            "settings": SETTINGS,
        },
        "runs": [],
    }
    with tempfile.TemporaryDirectory(prefix="lune-bench-media-") as media_root:
        print("Collecting static files (production storage)...", flush=True)
        collect_static(media_root)
        for db in dbs:
            if options.reuse:
                for size in all_sizes:
                    print(f"\n== {db}, {size:,} items (kept database) ==", flush=True)
                    results["runs"].append(run_one(db, size, None, options, media_root))
                continue
            print(f"\n== {db}: migrate, setup_site, load_demo ==", flush=True)
            base_url, base = prepare_base(db, options, media_root)
            try:
                if base.get("error"):
                    results["runs"].append({"db": db, "size": 0, "cases": [], **base})
                    continue
                results["config"].setdefault("migrate_and_demo_seconds", {})[db] = base[
                    "migrate_and_demo"
                ]
                for size in all_sizes:
                    print(f"\n== {db}, {size:,} items ==", flush=True)
                    results["runs"].append(run_one(db, size, base_url, options, media_root))
            finally:
                scratch.drop(db, scratch.BASE, base_url, options.postgres_server)
    results["finished"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    failed = [run for run in results["runs"] if run.get("error")]
    results["runs"] = [run for run in results["runs"] if not run.get("error")]
    results["failed_runs"] = failed
    annotate(results)
    print()
    print(render_table(results))
    summary = results["summary"]
    if summary["not_measured"]:
        print("Not measured (not built yet or error): " + ", ".join(summary["not_measured"]))
    for run in failed:
        print(f"RUN FAILED: {run['db']} {run['size']:,}: {run['error']}")
    dated, latest = write_json(results, RESULTS_DIR)
    print(f"\nJSON: {dated.relative_to(PROJECT_DIR)} and {latest.relative_to(PROJECT_DIR)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
