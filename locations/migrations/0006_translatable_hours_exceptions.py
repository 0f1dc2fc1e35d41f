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
    # {page id: (locale id, the page's translation key)}
    pages = {
        pk: (locale_id, key)
        for pk, locale_id, key in LocationPage.objects.values_list(
            "pk", "locale_id", "translation_key"
        )
    }
    # The first page of each translation group (the original, lowest id) gives the keys.
    original = {}
    for pk in sorted(pages):
        original.setdefault(pages[pk][1], pk)
    rows = list(OpeningHoursException.objects.order_by("page_id", "sort_order", "pk"))
    keys = {}
    for row in rows:
        locale_id, group = pages[row.page_id]
        row.locale_id = locale_id
        if original[group] == row.page_id:
            row.translation_key = uuid.uuid4()
            keys[(group, row.date)] = row.translation_key
    for row in rows:
        group = pages[row.page_id][1]
        if original[group] != row.page_id:
            row.translation_key = keys.pop((group, row.date), None) or uuid.uuid4()
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
