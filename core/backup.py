"""Backups: the database (pg_dump custom format) and the media in one
dated archive; restore into an empty database (``make backup``/``make restore``).

The archive is a .tar.gz holding ``database.dump`` (pg_restore format) and
``media/``: the media folder, or with S3-compatible storage the objects of
the default storage's bucket (original images, documents) and, under
``media-renditions/``, those of the renditions' bucket when it is another
one. Restoring writes them back, where the settings in force put media. It
contains every consultation request: store it encrypted and with the same
care as the database (README, "Backups").
"""

import os
import shutil
import subprocess
import tarfile
import tempfile
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connections

DUMP_NAME = "database.dump"
MEDIA_NAME = "media"
# Storage aliases whose files a backup holds, and their folder in the archive.
STORAGE_FOLDERS = {"default": MEDIA_NAME, "renditions": "media-renditions"}


class BackupError(Exception):
    pass


def pg_env(settings_dict, name=None):
    """Connection options for the PostgreSQL client tools (password via env)."""
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    args += ["--dbname", name or settings_dict["NAME"]]
    return env, args


def _run(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")


def object_storages():
    """[(archive folder, storage)] of the media kept outside MEDIA_ROOT (a
    bucket), each bucket once."""
    from django.core.files.storage import FileSystemStorage, storages

    found, seen = [], set()
    for alias, folder in STORAGE_FOLDERS.items():
        if alias not in settings.STORAGES:
            continue
        storage = storages[alias]
        if isinstance(storage, FileSystemStorage):
            continue
        place = (type(storage), getattr(storage, "bucket_name", alias), storage_location(storage))
        if place not in seen:
            seen.add(place)
            found.append((folder, storage))
    return found


def storage_location(storage):
    return getattr(storage, "location", "") or ""


def walk(storage, folder=""):
    """Every file name in ``storage`` under ``folder``."""
    directories, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for directory in directories:
        yield from walk(storage, f"{folder}/{directory}" if folder else directory)


def add_storage(archive, folder, storage):
    for name in walk(storage):
        info = tarfile.TarInfo(f"{folder}/{name}")
        info.size = storage.size(name)
        info.mode = 0o600
        with storage.open(name, "rb") as source:
            archive.addfile(info, source)


def restore_storage(source, storage):
    """Write the files under ``source`` (a folder) into ``storage`` by name."""
    from django.core.files import File

    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        name = path.relative_to(source).as_posix()
        if storage.exists(name):
            storage.delete(name)
        with path.open("rb") as content:
            saved = storage.save(name, File(content))
        if saved != name:
            raise BackupError(f"{name} was restored as {saved}")


def restore_media(source, alias, media_root):
    """The archive's ``source`` folder back where the settings in force keep
    that storage's files: a bucket, or a folder (``media_root`` for the default)."""
    from django.core.files.storage import FileSystemStorage, storages

    storage = storages[alias if alias in settings.STORAGES else "default"]
    if not isinstance(storage, FileSystemStorage):
        restore_storage(source, storage)
        return
    target = media_root if alias == "default" else Path(storage.location)
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source, target, dirs_exist_ok=True)


def backup(directory, alias="default", media_root=None, now=None):
    """Write ``directory/clinic-backup-YYYYmmdd-HHMMSS.tar.gz``; return its path."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        raise BackupError("Backups need PostgreSQL (pg_dump); this database is not.")
    media_root = Path(media_root or settings.MEDIA_ROOT)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = directory / f"clinic-backup-{stamp}.tar.gz"
    env, args = pg_env(connection.settings_dict)
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DUMP_NAME
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                *args,
                "--file",
                str(dump),
            ],
            env,
        )
        partial = target.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(dump, arcname=DUMP_NAME)
            buckets = object_storages()
            if media_root.is_dir() and MEDIA_NAME not in dict(buckets):
                archive.add(media_root, arcname=MEDIA_NAME)
            for folder, storage in buckets:
                add_storage(archive, folder, storage)
        os.chmod(partial, 0o600)
        partial.rename(target)
    return target


def restore(archive_path, alias="default", database_name=None, media_root=None):
    """Restore an archive into an empty database (and the media folder)."""
    connection = connections[alias]
    settings_dict = connection.settings_dict
    name = database_name or settings_dict["NAME"]
    env, args = pg_env(settings_dict, name)
    psql = shutil.which("psql") or "psql"
    check = subprocess.run(  # noqa: S603 - fixed arguments
        [psql, *args, "-tAc", "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"],
        env=env,
        capture_output=True,
        text=True,
    )
    if check.returncode != 0:
        raise BackupError(f"Cannot connect to database {name!r}: {check.stderr.strip()[:500]}")
    if check.stdout.strip() != "0":
        raise BackupError(f"Database {name!r} is not empty: restore only into an empty database.")
    media_root = Path(media_root or settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as work, tarfile.open(archive_path, "r:gz") as archive:
        archive.extractall(work, filter="data")
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                *args,
                str(Path(work) / DUMP_NAME),
            ],
            env,
        )
        for storage_alias, folder in STORAGE_FOLDERS.items():
            media = Path(work) / folder
            if media.is_dir():
                restore_media(media, storage_alias, media_root)
