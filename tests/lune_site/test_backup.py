"""A backup of the demo site restores into a scratch database with the same content."""

import sqlite3
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import connection
from django.test import override_settings
from wagtail.documents.models import Document

from lune_site.backup import backup, media_checksum, read_manifest, restore


def sql_counts(manifest):
    """{label: SQL counting its table} for everything the manifest counted."""
    from lune_site.backup import COUNTED

    queries = {}
    for label in manifest["counts"]:
        model = apps.get_model(COUNTED.get(label, label))
        queries[label] = f"SELECT count(*) FROM {model._meta.db_table}"  # noqa: S608
    return queries


@pytest.fixture
def demo_with_a_document(demo):
    from events.models import PresentationRequest

    document = Document(title="Rapport annuel")
    document.file.save("rapport.txt", ContentFile(b"Rapport annuel de L.U.N.E.\n" * 50))
    document.save()
    PresentationRequest.objects.create(
        organization="CLSC",
        contact_name="Léa",
        phone="418 555-0101",
        topic="Pairs",
        audience="Intervenantes",
        preferred_dates="Mars",
        place="Québec",
    )
    return document


def check_manifest(manifest):
    counts = manifest["counts"]
    assert counts["pages"] > 5 and counts["documents"] >= 1
    # Form submissions: contributions, bad-client reports, presentation requests.
    assert {"journal.contribution", "journal.badclientreport"} <= set(counts)
    assert counts["events.presentationrequest"] >= 1


def restored_media_matches(manifest, target):
    with override_settings(MEDIA_ROOT=target):
        return media_checksum() == manifest["media_sha256"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_backup_restores_into_a_scratch_database(demo_with_a_document, tmp_path):
    archive = backup(tmp_path / "backups")
    manifest = read_manifest(archive)
    check_manifest(manifest)

    scratch = dict(connection.settings_dict, NAME=connection.settings_dict["NAME"] + "_restore")
    admin_url = (
        f"host={scratch['HOST'] or '127.0.0.1'} port={scratch['PORT'] or 5432} "
        f"user={scratch['USER'] or 'postgres'} dbname=postgres"
    )
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch["NAME"]}"')
        admin.execute(f'CREATE DATABASE "{scratch["NAME"]}"')
    try:
        media_target = tmp_path / "restored-media"
        restore(archive, database_settings=scratch, media_targets={"media": media_target})
        with psycopg.connect(
            admin_url.replace("dbname=postgres", f"dbname={scratch['NAME']}")
        ) as restored:
            for label, sql in sql_counts(manifest).items():
                assert restored.execute(sql).fetchone()[0] == manifest["counts"][label], label
        assert restored_media_matches(manifest, media_target)
        assert (media_target / "documents" / "rapport.txt").exists()
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch["NAME"]}"')


@pytest.mark.sqlite
@pytest.mark.django_db(transaction=True)
def test_sqlite_backup_restores_into_a_file(demo_with_a_document, tmp_path):
    archive = backup(tmp_path / "backups")
    manifest = read_manifest(archive)
    check_manifest(manifest)
    target = tmp_path / "restored.sqlite3"
    media_target = tmp_path / "restored-media"
    restore(archive, database_settings={"NAME": str(target)}, media_targets={"media": media_target})
    with sqlite3.connect(target) as restored:
        for label, sql in sql_counts(manifest).items():
            assert restored.execute(sql).fetchone()[0] == manifest["counts"][label], label
    assert restored_media_matches(manifest, media_target)
    assert Path(media_target, "documents", "rapport.txt").read_bytes().startswith(b"Rapport")
