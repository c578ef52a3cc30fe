"""Settings read from the environment, with messages that name the variable."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from lune_site.settings.environment import database_from_url, email_from_url, search_backends


def test_sqlite_and_postgres_urls():
    assert database_from_url("sqlite:////tmp/x.sqlite3")["ENGINE"].endswith("sqlite3")
    config = database_from_url("postgres://lune:pw@db.example:5433/lune")
    assert config["ENGINE"].endswith("postgresql")
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.example", 5433, "lune")


def test_postgres_connections_run_without_jit():
    assert database_from_url("postgres://db.example/lune")["OPTIONS"]["options"] == "-c jit=off"
    config = database_from_url("postgres://db.example/lune?options=-c%20work_mem%3D8MB")
    assert config["OPTIONS"]["options"] == "-c jit=off -c work_mem=8MB"
    assert "options" not in database_from_url("sqlite:////tmp/x.sqlite3").get("OPTIONS", {})


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_postgres_connection_has_jit_off():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_unknown_database_scheme_names_the_variable():
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_url("mongodb://localhost/lune")


def test_unknown_database_scheme_never_shows_the_password():
    with pytest.raises(ImproperlyConfigured) as error:
        database_from_url("mysql://lune:s3cret-pw@db.example/lune")
    message = str(error.value)
    assert "DATABASE_URL" in message and "'mysql'" in message
    assert "s3cret-pw" not in message and "db.example" not in message


def test_unknown_email_scheme_names_the_variable():
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL: unknown scheme 'foo'"):
        email_from_url("foo://x")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL") as error:
        email_from_url("smtp://lune:s3cret-pw@mail.example:port/")
    assert "s3cret-pw" not in str(error.value)


def test_email_url():
    assert email_from_url("smtp://u:p@mail.example:587/?tls=True")["EMAIL_HOST"] == "mail.example"
    assert "console" in email_from_url("console://")["EMAIL_BACKEND"]


def test_search_backend_follows_elasticsearch_url():
    assert search_backends("")["default"]["BACKEND"] == "search.backends"
    elastic = search_backends("http://es:9200")["default"]
    assert elastic["URLS"] == ["http://es:9200"]
    assert "elasticsearch" in elastic["BACKEND"]


def run_settings(module, **env):
    """Import a settings module in a fresh interpreter with the given environment."""
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    environment.update(env)
    environment["DJANGO_SETTINGS_MODULE"] = module
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings;"
            "print(settings.DATABASES['default']['ENGINE'], settings.TIME_ZONE,"
            " settings.LANGUAGE_CODE, settings.MEDIA_ROOT)",
        ],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_defaults_and_environment_in_a_fresh_process(tmp_path):
    result = run_settings("lune_site.settings.dev", MEDIA_ROOT=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "America/Toronto",
        "fr",
        str(tmp_path),
    ]


def test_bad_database_url_stops_start_up():
    result = run_settings("lune_site.settings.dev", DATABASE_URL="oracle://x/y")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_production_requires_a_secret():
    result = run_settings("lune_site.settings.production", SECRET_KEY="", ALLOWED_HOSTS="x.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_requires_allowed_hosts():
    result = run_settings("lune_site.settings.production", SECRET_KEY="k" * 60, ALLOWED_HOSTS=" , ")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    environment = dict(os.environ)
    environment.pop("DATABASE_URL", None)
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    environment.update(
        DJANGO_SETTINGS_MODULE="lune_site.settings.production",
        SECRET_KEY="k" * 20 + "-a-real-looking-secret-9f8a7d6c5b4e3f2a1b0c9d8e7f6a5",
        ALLOWED_HOSTS="projetlune.example",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_cdn_purging_when_a_frontend_cache_is_configured():
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(
        DJANGO_SETTINGS_MODULE="lune_site.settings.dev", FRONTEND_CACHE_URL="http://cdn.local:6081"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings;"
            "print('wagtail.contrib.frontend_cache' in settings.INSTALLED_APPS,"
            " settings.WAGTAILFRONTENDCACHE['cdn']['LOCATION'])",
        ],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["True", "http://cdn.local:6081"], result.stderr


# --- .ci/run: Debian's chromium, always updated, with a way out when the mirror is down --------

CI_TOOLS = ("apt-get", "pg_isready", "psql", "redis-cli", "make")


def run_ci(tmp_path, apt_status, chromium_installed):
    """Run .ci/run with every tool it calls replaced by a stub that logs its arguments."""
    from pathlib import Path

    from django.conf import settings

    stubs = tmp_path / "bin"
    stubs.mkdir()
    calls = tmp_path / "calls"
    for tool in CI_TOOLS:
        stub = stubs / tool
        status = apt_status if tool == "apt-get" else 0
        stub.write_text(f'#!/bin/sh\necho "{tool} $*" >> "{calls}"\nexit {status}\n')
        stub.chmod(0o755)
    chromium = tmp_path / "chromium"
    if chromium_installed:
        chromium.write_text("#!/bin/sh\n")
        chromium.chmod(0o755)
    result = subprocess.run(
        ["bash", str(Path(settings.BASE_DIR) / ".ci" / "run")],
        env={
            "PATH": f"{stubs}:/usr/bin:/bin",
            "HOME": str(tmp_path),
            "LUNE_CHROMIUM": str(chromium),
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    logged = calls.read_text().splitlines() if calls.exists() else []
    return result, logged


def test_ci_always_updates_and_installs_chromium(tmp_path):
    result, calls = run_ci(tmp_path, apt_status=0, chromium_installed=True)
    assert result.returncode == 0, result.stderr
    assert calls[:2] == ["apt-get update -qq", "apt-get install -y -qq chromium"]
    assert [call for call in calls if call.startswith("make")][0] == "make test"


def test_ci_goes_on_with_a_warning_when_apt_fails_but_chromium_is_there(tmp_path):
    result, calls = run_ci(tmp_path, apt_status=100, chromium_installed=True)
    assert result.returncode == 0, result.stderr
    assert "warning" in result.stderr and "chromium" in result.stderr
    assert "make test" in calls


def test_ci_stops_when_apt_fails_and_chromium_is_missing(tmp_path):
    result, calls = run_ci(tmp_path, apt_status=100, chromium_installed=False)
    assert result.returncode != 0
    assert "could not install chromium" in result.stderr
    assert not [call for call in calls if call.startswith("make")]
