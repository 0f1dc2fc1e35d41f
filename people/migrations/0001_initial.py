"""People (authors, medical reviewers, clinicians), which the blog app held
until they got an app of their own: same table, same rows."""


import django.db.models.deletion
import modelsearch.index
from django.conf import settings
from django.db import migrations, models

APP = 'people'


def move_content_types(apps, schema_editor):
    """Existing databases: the models' content types (and so their
    permissions, revisions, log entries and search index entries) move
    from the blog app here. A fresh database has none yet."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ['person']:
        if not ContentType.objects.filter(app_label=APP, model=model).exists():
            ContentType.objects.filter(app_label='blog', model=model).update(
                app_label=APP
            )


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=APP, model__in=['person']).update(
        app_label='blog'
    )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('wagtailcore', '0097_baselogentry_uuid_action_timestamp_indexes'),
        ('wagtailimages', '0027_image_description'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('blog', '0006_text_blocks_never_none'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        # The tables stay where they are (db_table): only Django's record of
        # which app holds the models changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Person',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(help_text="Full name without titles, e.g. 'Avery Lin'.", max_length=150)),
                        ('slug', models.SlugField(blank=True, help_text="The profile page's address: /blog/people/<slug>/. Leave empty to make it from the name.", max_length=150, unique=True)),
                        ('credentials', models.CharField(blank=True, help_text="Degrees and licences shown after the name, e.g. 'MD' or 'PMHNP-BC'.", max_length=100)),
                        ('role', models.CharField(blank=True, help_text="e.g. 'Medical Director' or 'Health writer'.", max_length=150)),
                        ('bio', models.TextField(blank=True, help_text='Two or three sentences about the person.', max_length=600)),
                        ('photo', models.ForeignKey(blank=True, help_text="Optional portrait; the person's name is its alternative text.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image')),
                        ('profile_page', models.ForeignKey(blank=True, help_text='Optional page about this person that their name links to instead of their profile under the blog (/blog/people/<slug>/).', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.page')),
                        ('user', models.OneToOneField(blank=True, help_text='The admin account of this clinician. When they approve a medical review, the article names this person as its reviewer.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='person_profile', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'person',
                        'verbose_name_plural': 'people',
                        'db_table': 'blog_person',
                        'ordering': ['name'],
                    },
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
