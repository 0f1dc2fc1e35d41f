"""`make backup` / `make restore` round trip on PostgreSQL."""

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from wagtail.models import Page

from forms_app.models import ConsultationSubmission
from tests.factories.forms_app import ConsultationPageFactory, ConsultationSubmissionFactory

SCRATCH = "_restore_scratch"


def admin_connection():
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True)


@pytest.fixture
def scratch_database():
    name = connection.settings_dict["NAME"] + SCRATCH
    with admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def rows(dbname, sql):
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**{**params, "dbname": dbname}) as conn:
        return conn.execute(sql).fetchall()


def test_backup_restores_pages_submissions_and_media(
    transactional_db, home_page, scratch_database, tmp_path, settings
):
    # Media in a folder (the tests' own storage is in memory).
    folder = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    settings.STORAGES = {**settings.STORAGES, "default": folder}
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "original_images").mkdir(parents=True)
    (settings.MEDIA_ROOT / "original_images" / "photo.jpg").write_bytes(b"jpeg bytes")
    page = ConsultationPageFactory(parent=home_page)
    ConsultationSubmissionFactory(page=page, form_data={"full_name": "Restored Person"})

    call_command("backup_site", directory=str(tmp_path / "backups"), stdout=open("/dev/null", "w"))  # noqa: SIM115
    (archive,) = (tmp_path / "backups").glob("clinic-backup-*.tar.gz")

    settings.MEDIA_ROOT = tmp_path / "restored-media"
    call_command(
        "restore_site",
        str(archive),
        database_name=scratch_database,
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    pages_sql = "SELECT id, path, title, live FROM wagtailcore_page ORDER BY id"
    assert rows(scratch_database, pages_sql) == [
        (p.id, p.path, p.title, p.live) for p in Page.objects.order_by("id")
    ]
    submissions = rows(
        scratch_database,
        f"SELECT id, form_data FROM {ConsultationSubmission._meta.db_table} ORDER BY id",
    )
    assert submissions == [
        (s.id, s.form_data) for s in ConsultationSubmission.objects.order_by("id")
    ]
    assert submissions[0][1]["full_name"] == "Restored Person"
    assert (settings.MEDIA_ROOT / "original_images" / "photo.jpg").read_bytes() == b"jpeg bytes"

    # Never over an existing database.
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore_site", str(archive), database_name=scratch_database)


def test_backup_takes_the_bucket_along_and_restore_puts_it_back(
    transactional_db, home_page, scratch_database, tmp_path, settings
):
    # Media in object storage (S3 in production, make test-scale): the
    # archive holds the bucket's files, and a restore writes them back there.
    import tarfile

    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    bucket = {"BACKEND": "django.core.files.storage.InMemoryStorage"}
    settings.STORAGES = {**settings.STORAGES, "default": bucket}
    settings.MEDIA_ROOT = tmp_path / "no-media-folder"
    storages["default"].save("documents/letter.pdf", ContentFile(b"private letter"))
    storages["default"].save("original_images/photo.jpg", ContentFile(b"jpeg bytes"))

    call_command("backup_site", directory=str(tmp_path / "backups"), stdout=open("/dev/null", "w"))  # noqa: SIM115
    (archive,) = (tmp_path / "backups").glob("clinic-backup-*.tar.gz")
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    assert {"media/documents/letter.pdf", "media/original_images/photo.jpg"} <= names

    settings.STORAGES = {**settings.STORAGES, "default": {**bucket}}  # a new, empty bucket
    assert not storages["default"].exists("documents/letter.pdf")
    call_command(
        "restore_site",
        str(archive),
        database_name=scratch_database,
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    assert storages["default"].open("documents/letter.pdf").read() == b"private letter"
    assert storages["default"].open("original_images/photo.jpg").read() == b"jpeg bytes"
    assert not settings.MEDIA_ROOT.exists()
