"""Furniture labels in sentence case, like every other heading ("Share this
post", "More to explore"), and a heading for the footer's menu.

A site text still holding the old Title Case default gets the new wording
(an editor's own wording is left as typed). The new footer heading is left
empty in the copies of other languages, which then show the default words
in their language (the catalog), not the English default the column gets."""

from django.conf import settings
from django.db import migrations, models

NEW_WORDING = {
    "label_share": ("Share This Post", "Share this post"),
    "label_related_articles": ("More To Explore", "More to explore"),
}


def to_sentence_case(apps, schema_editor):
    SiteText = apps.get_model("core", "SiteText")
    for field, (old, new) in NEW_WORDING.items():
        SiteText.objects.filter(**{field: old}).update(**{field: new})
    SiteText.objects.exclude(locale__language_code=settings.LANGUAGE_CODE).update(
        label_footer_links=""
    )


def to_title_case(apps, schema_editor):
    SiteText = apps.get_model("core", "SiteText")
    for field, (old, new) in NEW_WORDING.items():
        SiteText.objects.filter(**{field: new}).update(**{field: old})


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_rate_limit_hits_worker_heartbeats"),
    ]

    operations = [
        migrations.AddField(
            model_name="sitetext",
            name="label_footer_links",
            field=models.CharField(
                blank=True,
                default="Useful links",
                help_text="Footer heading above the footer menu (Navigation menus). Left "
                "empty: “Useful links”.",
                max_length=50,
            ),
        ),
        migrations.AlterField(
            model_name="sitetext",
            name="label_related_articles",
            field=models.CharField(
                blank=True,
                default="More to explore",
                help_text="Heading of the related articles under an article. Left empty: "
                "“More to explore”.",
                max_length=80,
            ),
        ),
        migrations.AlterField(
            model_name="sitetext",
            name="label_share",
            field=models.CharField(
                blank=True,
                default="Share this post",
                help_text="Heading of an article's share links. Left empty: “Share this post”.",
                max_length=80,
            ),
        ),
        migrations.RunPython(to_sentence_case, to_title_case),
    ]
