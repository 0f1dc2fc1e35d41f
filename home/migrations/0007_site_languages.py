"""The site's two languages as Wagtail locales: English, the default, which
existing pages are in (it was stored as "en-us" while the site had one
language), and Spanish, for the pages editors translate."""

from django.db import migrations


def forwards(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    if not Locale.objects.filter(language_code="en").exists():
        old = Locale.objects.filter(language_code__in=["en-us", "en-US"]).first()
        if old is not None:
            old.language_code = "en"
            old.save(update_fields=["language_code"])
        else:
            Locale.objects.create(language_code="en")
    Locale.objects.get_or_create(language_code="es")


def backwards(apps, schema_editor):
    """Spanish goes only while nothing is in it (pages, snippets)."""
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    spanish = Locale.objects.filter(language_code="es").first()
    if spanish is not None and not Page.objects.filter(locale=spanish).exists():
        spanish.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0006_site_labels"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
