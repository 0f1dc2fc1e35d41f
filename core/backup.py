"""Backups: the database (pg_dump custom format) and the media folder in one
dated archive; restore into an empty database (``make backup``/``make restore``).

The archive is a .tar.gz holding ``database.dump`` (pg_restore format) and
``media/``. It contains every consultation request: store it encrypted and
with the same care as the database (README, "Backups").
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
            if media_root.is_dir():
                archive.add(media_root, arcname=MEDIA_NAME)
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
        media = Path(work) / MEDIA_NAME
        if media.is_dir():
            media_root.mkdir(parents=True, exist_ok=True)
            shutil.copytree(media, media_root, dirs_exist_ok=True)
