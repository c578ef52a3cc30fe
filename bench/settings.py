"""The benchmark's settings: production's, on a scratch database, with a fixed key and hosts.

`python -m bench` sets DATABASE_URL to a scratch database (`lune_bench_<size>`) before starting
anything with these settings; they refuse any other database, so that a benchmark can never
write into a real one.
"""

import os

from django.core.exceptions import ImproperlyConfigured

# Production refuses to start without these; the benchmark's are fixed and public on purpose.
os.environ["SECRET_KEY"] = "bench-only-not-secret-" + "l" * 40
os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"

from lune_site.settings.production import *  # noqa: E402, F403

if "lune_bench_" not in DATABASES["default"]["NAME"]:  # noqa: F405
    raise ImproperlyConfigured(
        "DATABASE_URL: the benchmark only runs on a scratch database named lune_bench_<size>"
    )

DEBUG = False
# The anonymous page cache is set explicitly for each measurement (issue 9): off for server
# time and uncached throughput, on for the cached throughput (`python -m bench` sets
# LUNE_BENCH_PAGE_CACHE=1 for that server only). Its files go to the run's temporary folder.
LUNE_PAGE_CACHE = os.environ.get("LUNE_BENCH_PAGE_CACHE", "0") == "1"
# Collected once and kept between runs (bench/results/ is git-ignored).
STATIC_ROOT = BASE_DIR / "bench" / "results" / "static"  # noqa: F405
# The in-process client and the load generator speak plain HTTP with the proxy's header
# (X-Forwarded-Proto: https), so SECURE_SSL_REDIRECT stays as in production.
