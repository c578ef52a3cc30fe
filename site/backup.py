"""Backups that restore: the database (pg_dump -Fc, or SQLite's own backup) and the media."""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone

COUNTED = {
    "pages": "wagtailcore.Page",
    "revisions": "wagtailcore.Revision",
    "documents": "wagtaildocs.Document",
    "images": "wagtailimages.Image",
    "users": "auth.User",
}


def media_roots():
    """Folders holding uploaded files: public media and, where set, the private media."""
    roots = {"media": Path(settings.MEDIA_ROOT)}
    private = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
    if private:
        roots["private_media"] = Path(private)
    return roots


def media_checksum():
    """One SHA-256 over every media file's relative path and content, in a stable order."""
    digest = hashlib.sha256()
    for name, root in sorted(media_roots().items()):
        if not root.exists():
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            digest.update(f"{name}/{path.relative_to(root)}".encode())
            with path.open("rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 16), b""):
                    digest.update(chunk)
    return digest.hexdigest()


def counts(using_connection=None):
    """Row counts of the things a restore must bring back, plus every form submission model."""
    result = {}
    for label, dotted in COUNTED.items():
        result[label] = apps.get_model(dotted).objects.count()
    for model in apps.get_models():
        if getattr(model, "counted_in_backups", False):
            result[model._meta.label_lower] = model.objects.count()
    return result


def pg_environment(settings_dict):
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return env


def pg_args(settings_dict, name=None):
    args = [
        "-h",
        settings_dict.get("HOST") or "127.0.0.1",
        "-p",
        str(settings_dict.get("PORT") or 5432),
    ]
    if settings_dict.get("USER"):
        args += ["-U", settings_dict["USER"]]
    return [*args, "-d", name or settings_dict["NAME"]]


def executable(name):
    """The full path of a PostgreSQL client program, or a clear error naming it."""
    path = shutil.which(name)
    if path is None:
        raise RuntimeError(f"{name} not found: install PostgreSQL's client programs")
    return path


def backup(destination_folder):
    """Write `lune-backup-<time>.tar` in `destination_folder` and return its path."""
    folder = Path(destination_folder)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"lune-backup-{stamp}.tar"
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        db = connection.settings_dict
        if connection.vendor == "postgresql":
            database_file = scratch / "database.dump"
            # Arguments come from the settings, never from a visitor.
            subprocess.run(  # noqa: S603
                [
                    executable("pg_dump"),
                    "-Fc",
                    "--no-owner",
                    "-f",
                    str(database_file),
                    *pg_args(db),
                ],
                check=True,
                env=pg_environment(db),
            )
        elif connection.vendor == "sqlite":
            database_file = scratch / "database.sqlite3"
            connection.ensure_connection()
            with sqlite3.connect(database_file) as copy:
                connection.connection.backup(copy)
        else:
            raise RuntimeError(f"No backup method for {connection.vendor}")
        manifest = {
            "created": timezone.now().isoformat(),
            "vendor": connection.vendor,
            "counts": counts(),
            "media_sha256": media_checksum(),
        }
        with tarfile.open(target, "w") as archive:
            archive.add(database_file, arcname=database_file.name)
            for name, root in media_roots().items():
                if root.exists():
                    archive.add(root, arcname=name)
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return target


def read_manifest(archive_path):
    with tarfile.open(archive_path) as archive:
        return json.load(archive.extractfile("manifest.json"))


def restore(archive_path, database_settings=None, media_targets=None):
    """Restore the database and media from an archive made by `backup`.

    `database_settings` (a Django DATABASES entry) and `media_targets` ({"media": Path, ...})
    default to this site's own; pass others to restore into a scratch copy.
    """
    database_settings = database_settings or connection.settings_dict
    media_targets = media_targets or media_roots()
    manifest = read_manifest(archive_path)
    with tempfile.TemporaryDirectory() as scratch, tarfile.open(archive_path) as archive:
        archive.extractall(scratch, filter="data")
        scratch = Path(scratch)
        if manifest["vendor"] == "postgresql":
            subprocess.run(  # noqa: S603
                [
                    executable("pg_restore"),
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--exit-on-error",
                    *pg_args(database_settings),
                    str(scratch / "database.dump"),
                ],
                check=True,
                env=pg_environment(database_settings),
            )
        else:
            shutil.copyfile(scratch / "database.sqlite3", database_settings["NAME"])
        for name, target in media_targets.items():
            source = scratch / name
            if source.exists():
                if Path(target).exists():
                    shutil.rmtree(target)
                shutil.copytree(source, target)
    return manifest
