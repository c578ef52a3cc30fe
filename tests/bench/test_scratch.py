"""Scratch databases: only names the benchmark owns can be created or dropped."""

import pytest

from bench import scratch


def test_names_and_urls():
    assert scratch.database_name(10_000) == "lune_bench_10000"
    assert (
        scratch.postgres_url("postgres://postgres@127.0.0.1:5432/", 1000)
        == "postgres://postgres@127.0.0.1:5432/lune_bench_1000"
    )


def test_only_scratch_names_reach_sql():
    assert scratch._checked("lune_bench_1000") == "lune_bench_1000"
    for name in ("lune", "lune_bench_1000; DROP DATABASE lune", 'lune_bench_1"', "postgres"):
        with pytest.raises(ValueError):
            scratch._checked(name)


def test_sqlite_scratch_lives_and_dies_in_its_own_folder():
    url = scratch.create("sqlite", 1000)
    path = scratch.Path(url.removeprefix("sqlite:///"))
    assert path.name == "lune_bench_1000.sqlite3"
    assert path.parent.is_dir() and path.parent.name.startswith("lune-bench-")
    path.write_bytes(b"")
    scratch.drop("sqlite", 1000, url)
    assert not path.parent.exists()


def test_an_unreachable_postgres_is_explained():
    problem = scratch.postgres_problem("postgres://postgres@127.0.0.1:1")
    assert problem.startswith("PostgreSQL at postgres://postgres@127.0.0.1:1 does not answer")
