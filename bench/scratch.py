"""Scratch databases, one per database engine and size, created and dropped by the benchmark."""

import os
import re
import shutil
import tempfile
from pathlib import Path

DEFAULT_POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
NAME_PREFIX = "lune_bench_"
# Migrated, set up and loaded with the demo once per run; each size starts from a copy.
BASE = "base"


def database_name(size):
    return f"{NAME_PREFIX}{BASE}" if size == BASE else f"{NAME_PREFIX}{int(size)}"


def postgres_url(server, size):
    return f"{server.rstrip('/')}/{database_name(size)}"


def _admin_connection(server):
    import psycopg

    return psycopg.connect(f"{server.rstrip('/')}/postgres", autocommit=True)


def _checked(name):
    # Identifiers go into SQL text: only our own pattern passes.
    if not re.fullmatch(rf"{NAME_PREFIX}(\d+|{BASE})", name):
        raise ValueError(f"not a scratch database name: {name!r}")
    return name


def postgres_problem(server):
    """None when the server answers and lets us create databases, else a message saying why."""
    try:
        with _admin_connection(server) as connection:
            can_create = connection.execute(
                "SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user"
            ).fetchone()[0]
    except Exception as error:  # psycopg's OperationalError, or psycopg missing
        return f"PostgreSQL at {server} does not answer: {error}".strip()
    if not can_create:
        return f"PostgreSQL at {server}: this user may not create databases"
    return None


def create_postgres(server, size, copy_of=None):
    """A fresh PostgreSQL database lune_bench_<size>, empty or a copy of another scratch one."""
    name = _checked(database_name(size))
    template = f' TEMPLATE "{_checked(database_name(copy_of))}"' if copy_of is not None else ""
    with _admin_connection(server) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"{template}')
    return postgres_url(server, size)


def drop_postgres(server, size):
    name = _checked(database_name(size))
    with _admin_connection(server) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def create_sqlite(size, copy_of_url=None):
    """A new temporary folder holding lune_bench_<size>.sqlite3 (a copy, or made by migrate)."""
    folder = Path(tempfile.mkdtemp(prefix="lune-bench-"))
    path = folder / (database_name(size) + ".sqlite3")
    if copy_of_url is not None:
        shutil.copyfile(copy_of_url.removeprefix("sqlite:///"), path)
    return f"sqlite:///{path}"


def drop_sqlite(url):
    path = Path(url.removeprefix("sqlite:///"))
    if path.parent.name.startswith("lune-bench-") and path.parent != Path(tempfile.gettempdir()):
        shutil.rmtree(path.parent, ignore_errors=True)


def create(db, size, server=DEFAULT_POSTGRES_SERVER, copy_of=None):
    """A scratch database for `size` (or BASE); `copy_of` = (size, url) of one to copy."""
    if db == "postgres":
        return create_postgres(server, size, copy_of[0] if copy_of else None)
    if db == "sqlite":
        return create_sqlite(size, copy_of[1] if copy_of else None)
    raise ValueError(f"unknown database {db!r}")


def drop(db, size, url, server=DEFAULT_POSTGRES_SERVER):
    if db == "postgres":
        drop_postgres(server, size)
    else:
        drop_sqlite(url)


def postgres_server():
    return os.environ.get("BENCH_POSTGRES_SERVER", DEFAULT_POSTGRES_SERVER)
