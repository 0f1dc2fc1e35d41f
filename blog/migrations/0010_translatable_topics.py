"""Topics become translatable (TranslatableMixin): each existing topic is in
the default language with a translation key of its own; a name and a slug
are unique per language (a translation keeps its original's slug)."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def give_locale_and_key(apps, schema_editor):
    Topic = apps.get_model("blog", "Topic")
    Locale = apps.get_model("wagtailcore", "Locale")
    if not Topic.objects.exists():
        return
    locale, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    for topic in Topic.objects.all():
        topic.locale_id = locale.pk
        topic.translation_key = uuid.uuid4()
        topic.save(update_fields=["locale", "translation_key"])


class Migration(migrations.Migration):

    dependencies = [
        ("blog", "0009_remove_wagtail_default_roles"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [
        migrations.AddField(
            model_name="topic",
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
            model_name="topic",
            name="translation_key",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(give_locale_and_key, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="topic",
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
            model_name="topic",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name="topic",
            name="name",
            field=models.CharField(max_length=100),
        ),
        migrations.AlterField(
            model_name="topic",
            name="slug",
            field=models.SlugField(
                blank=True,
                help_text="The topic page's address: /blog/topic/<slug>/. Leave empty to make "
                "it from the name.",
                max_length=100,
            ),
        ),
        migrations.AlterUniqueTogether(
            name="topic",
            unique_together={("translation_key", "locale"), ("name", "locale"), ("slug", "locale")},
        ),
    ]
