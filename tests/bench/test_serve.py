"""gunicorn as the harness runs it: the minimal view, and the settings' scratch-only guard."""

import os
import subprocess
import sys

from bench.load import fetch, generate_load
from bench.minimal import BODY
from bench.serve import PROJECT_DIR, Server, gunicorn_arguments


def test_gunicorn_configuration_is_fixed_and_local():
    arguments = gunicorn_arguments(8123)
    assert arguments[:2] == ["--bind", "127.0.0.1:8123"]
    assert arguments[2:4] == ["--workers", "2"]
    assert arguments[4:6] == ["--worker-class", "sync"]


def test_minimal_view_under_gunicorn_then_stopped():
    with Server("bench.minimal:make_application()", name="minimal") as server:
        status, headers, body = fetch(server.port, "/")
        assert (status, body) == (200, BODY)
        assert headers["content-type"].startswith("text/plain")
        result = generate_load(server.port, "/", threads=2, duration=0.5)
        assert result.requests > 10 and result.errors == 0
        process = server.process
    assert process.poll() is not None  # stopped with the block


def test_bench_settings_refuse_a_database_that_is_not_scratch(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    code = "import django; django.setup()"
    refused = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_DIR, env=env, capture_output=True, text=True
    )
    assert refused.returncode != 0
    assert "scratch database named lune_bench_" in refused.stderr
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'lune_bench_10.sqlite3'}"
    check = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    accepted = subprocess.run(
        [sys.executable, "-c", check], cwd=PROJECT_DIR, env=env, capture_output=True, text=True
    )
    assert accepted.returncode == 0, accepted.stderr
    assert accepted.stdout.strip() == "False"
