"""Opening-hours exceptions become translatable with their clinic page
(TranslatableMixin): each row gets its page's locale, and a row of a
translated page shares the translation key of the English page's row for
the same date, so wagtail-localize pairs them; the notes keep their words."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


def pair_rows(apps, schema_editor):
    OpeningHoursException = apps.get_model("locations", "OpeningHoursException")
    LocationPage = apps.get_model("locations", "LocationPage")
    pages = {page.pk: page for page in LocationPage.objects.only("id", "locale_id", "translation_key")}
    rows = list(OpeningHoursException.objects.order_by("page_id", "sort_order", "pk"))
    # The first page of each translation group (the original, lowest id) gives the keys.
    original = {}
    for page in sorted(pages.values(), key=lambda page: page.pk):
        original.setdefault(page.translation_key, page.pk)
    keys = {}
    for row in rows:
        page = pages[row.page_id]
        row.locale_id = page.locale_id
        if original[page.translation_key] == row.page_id:
            row.translation_key = uuid.uuid4()
            keys[(page.translation_key, row.date)] = row.translation_key
    for row in rows:
        page = pages[row.page_id]
        if original[page.translation_key] != row.page_id:
            row.translation_key = keys.pop((page.translation_key, row.date), None) or uuid.uuid4()
        row.save(update_fields=["locale", "translation_key"])


class Migration(migrations.Migration):

    dependencies = [
        ("locations", "0005_phone_validator_and_body_blocks"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [
        migrations.AddField(
            model_name="openinghoursexception",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AddField(
            model_name="openinghoursexception",
            name="translation_key",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(pair_rows, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="openinghoursexception",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterField(
            model_name="openinghoursexception",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterUniqueTogether(
            name="openinghoursexception",
            unique_together={("translation_key", "locale")},
        ),
    ]
