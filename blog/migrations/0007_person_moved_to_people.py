"""People now belong to the people app (people/migrations/0001_initial.py
takes the table over as it is); articles point at them there."""


import django.db.models.deletion
import wagtail.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('blog', '0006_text_blocks_never_none'),
        ('people', '0001_initial'),
    ]

    operations = [
        # The table stays (people.Person names it with db_table): only
        # Django's record of which app holds the model changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='medicalreview',
                    name='reviewer',
                    field=models.ForeignKey(blank=True, help_text="The approver's person profile; empty when their account has none.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='medical_reviews', to='people.person'),
                ),
                migrations.AlterField(
                    model_name='articlepage',
                    name='author',
                    field=models.ForeignKey(blank=True, help_text='Who wrote the article.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='articles_written', to='people.person'),
                ),
                migrations.AlterField(
                    model_name='articlepage',
                    name='medical_reviewer',
                    field=models.ForeignKey(help_text="The clinician who checked the article's medical content. Shown as 'Medically reviewed by …' at the top.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='articles_reviewed', to='people.person'),
                ),
                migrations.DeleteModel(
                    name='Person',
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterField(
            model_name='articlepage',
            name='body',
            field=wagtail.fields.StreamField([('heading', 3), ('paragraph', 4), ('image', 7), ('quote', 10), ('call_to_action', 16), ('notice', 19), ('embed', 22), ('table', 23), ('list', 27), ('faq', 32), ('consultation_cta', 37), ('references', 44), ('team', 49)], block_lookup={0: ('wagtail.blocks.CharBlock', (), {'max_length': 150}), 1: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('h2', 'Section (H2)'), ('h3', 'Subsection (H3)'), ('h4', 'Minor (H4)')]}), 2: ('wagtail.blocks.CharBlock', (), {'help_text': 'Optional link target (#anchor). Defaults to the heading text.', 'max_length': 80, 'required': False}), 3: ('wagtail.blocks.StructBlock', [[('text', 0), ('level', 1), ('anchor', 2)]], {}), 4: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link', 'document-link', 'ol', 'ul']}), 5: ('wagtail.images.blocks.ImageBlock', [], {}), 6: ('wagtail.blocks.CharBlock', (), {'max_length': 250, 'required': False}), 7: ('wagtail.blocks.StructBlock', [[('image', 5), ('caption', 6)]], {}), 8: ('wagtail.blocks.TextBlock', (), {'max_length': 800}), 9: ('wagtail.blocks.CharBlock', (), {'max_length': 150, 'required': False}), 10: ('wagtail.blocks.StructBlock', [[('quote', 8), ('attribution', 9)]], {}), 11: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link'], 'required': False}), 12: ('wagtail.blocks.PageChooserBlock', (), {'help_text': 'Link to a page of this site…', 'required': False}), 13: ('wagtail.blocks.CharBlock', (), {'help_text': '…or to an address (https://…, tel:…, mailto:…). Empty if a page is chosen.', 'label': 'URL', 'max_length': 500, 'required': False}), 14: ('wagtail.blocks.CharBlock', (), {'help_text': 'Text of the link. Defaults to the page title.', 'max_length': 80, 'required': False}), 15: ('wagtail.blocks.StructBlock', [[('page', 12), ('url', 13), ('label', 14)]], {}), 16: ('wagtail.blocks.StructBlock', [[('heading', 0), ('text', 11), ('link', 15)]], {}), 17: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('info', 'Information'), ('warning', 'Warning')]}), 18: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link']}), 19: ('wagtail.blocks.StructBlock', [[('style', 17), ('title', 9), ('text', 18)]], {}), 20: ('wagtail.embeds.blocks.EmbedBlock', (), {'help_text': 'Address of the video or post, e.g. a YouTube link.'}), 21: ('wagtail.blocks.CharBlock', (), {'help_text': 'Describes the embed for everyone.', 'max_length': 150}), 22: ('wagtail.blocks.StructBlock', [[('embed', 20), ('title', 21)]], {}), 23: ('wagtail.contrib.table_block.blocks.TableBlock', (), {}), 24: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('bulleted', 'Bulleted'), ('numbered', 'Numbered')], 'help_text': 'Numbered for steps that happen in order, bulleted otherwise.'}), 25: ('wagtail.blocks.CharBlock', (), {'label': 'Item', 'max_length': 500}), 26: ('wagtail.blocks.ListBlock', (25,), {'help_text': 'One point per item.', 'min_num': 1}), 27: ('wagtail.blocks.StructBlock', [[('style', 24), ('items', 26)]], {}), 28: ('wagtail.blocks.CharBlock', (), {'default': 'Frequently asked questions', 'help_text': 'Shown as a section heading (and in the table of contents).', 'max_length': 150}), 29: ('wagtail.blocks.CharBlock', (), {'max_length': 250}), 30: ('wagtail.blocks.StructBlock', [[('question', 29), ('answer', 4)]], {}), 31: ('wagtail.blocks.ListBlock', (30,), {'label': 'Questions', 'min_num': 1}), 32: ('wagtail.blocks.StructBlock', [[('heading', 28), ('items', 31)]], {}), 33: ('wagtail.blocks.CharBlock', (), {'help_text': 'Optional heading of the box.', 'max_length': 150, 'required': False}), 34: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link', 'document-link', 'ol', 'ul'], 'help_text': 'Why and how to get in touch.'}), 35: ('wagtail.blocks.CharBlock', (), {'default': 'Request a consultation', 'max_length': 60}), 36: ('wagtail.blocks.PageChooserBlock', (), {'help_text': 'Leave empty to use the consultation page chosen in the clinic settings.', 'label': 'Button links to', 'required': False}), 37: ('wagtail.blocks.StructBlock', [[('heading', 33), ('text', 34), ('button_label', 35), ('page', 36)]], {}), 38: ('wagtail.blocks.CharBlock', (), {'default': 'References', 'max_length': 150}), 39: ('wagtail.blocks.TextBlock', (), {'help_text': "Authors, title, journal, year, e.g. 'Smith J, et al. Title. JAMA. 2020;1:2.'", 'max_length': 1000}), 40: ('wagtail.blocks.CharBlock', (), {'help_text': 'Optional, e.g. 10.1176/appi.ajp.2018.17060720 (becomes a doi.org link).', 'label': 'DOI', 'max_length': 200, 'required': False}), 41: ('wagtail.blocks.URLBlock', (), {'help_text': 'Optional link to the source, if it has no DOI.', 'label': 'URL', 'required': False}), 42: ('wagtail.blocks.StructBlock', [[('citation', 39), ('doi', 40), ('url', 41)]], {}), 43: ('wagtail.blocks.ListBlock', (42,), {'label': 'References', 'min_num': 1}), 44: ('wagtail.blocks.StructBlock', [[('heading', 38), ('items', 43)]], {}), 45: ('wagtail.blocks.CharBlock', (), {'default': 'Our team', 'max_length': 150}), 46: ('wagtail.blocks.TextBlock', (), {'max_length': 300, 'required': False}), 47: ('wagtail.snippets.blocks.SnippetChooserBlock', ('people.Person',), {}), 48: ('wagtail.blocks.ListBlock', (47,), {'min_num': 1}), 49: ('wagtail.blocks.StructBlock', [[('heading', 45), ('intro', 46), ('people', 48)]], {})}, help_text='The article. Its section headings make the table of contents and its length the reading time.'),
        ),
    ]
