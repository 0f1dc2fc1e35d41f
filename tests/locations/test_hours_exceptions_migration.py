"""The migration that made opening-hours exceptions translatable pairs the
rows of a translated clinic page with the original's by date, so a database
translated before it keeps one holiday per date in each language."""

import datetime
import importlib
import uuid

import pytest
from django.apps import apps
from django.test import TestCase
from wagtail.models import Locale

from locations.models import OpeningHoursException
from tests.factories.locations import (
    LocationIndexPageFactory,
    LocationPageFactory,
    OpeningHoursExceptionFactory,
)

pytestmark = pytest.mark.django_db

migration = importlib.import_module("locations.migrations.0006_translatable_hours_exceptions")


def test_rows_of_a_translation_share_the_original_rows_keys(home_page):
    index = LocationIndexPageFactory(parent=home_page)
    clinic = LocationPageFactory(parent=index)
    for day, note in [(25, "Christmas Day"), (31, "New Year's Eve")]:
        OpeningHoursExceptionFactory(page=clinic, date=datetime.date(2026, 12, day), note=note)
    spanish = Locale.objects.get(language_code="es")
    with TestCase.captureOnCommitCallbacks(execute=True):
        translated = clinic.copy_for_translation(spanish, copy_parents=True)
    # As before the migration: the Spanish page's rows unrelated to the English ones.
    for row in OpeningHoursException.objects.filter(page=translated):
        OpeningHoursException.objects.filter(pk=row.pk).update(translation_key=uuid.uuid4())

    migration.pair_rows(apps, None)

    english = {row.date: row for row in OpeningHoursException.objects.filter(page=clinic)}
    rows = list(OpeningHoursException.objects.filter(page=translated))
    assert len(rows) == 2
    for row in rows:
        assert row.locale_id == spanish.pk
        assert row.translation_key == english[row.date].translation_key
        assert english[row.date].locale.language_code == "en"
