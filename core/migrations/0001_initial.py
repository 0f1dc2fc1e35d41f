"""The clinic settings and navigation menus, which the home app held until
the site's core moved into this app: same tables, same rows."""


import django.core.validators
import django.db.models.deletion
import wagtail.fields
from django.db import migrations, models

APP = 'core'


def move_content_types(apps, schema_editor):
    """Existing databases: the models' content types (and so their
    permissions, revisions, log entries and search index entries) move
    from the home app here. A fresh database has none yet."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ['sitesettings', 'navigationsettings']:
        if not ContentType.objects.filter(app_label=APP, model=model).exists():
            ContentType.objects.filter(app_label='home', model=model).update(
                app_label=APP
            )


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=APP, model__in=['sitesettings', 'navigationsettings']).update(
        app_label='home'
    )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('wagtailcore', '0097_baselogentry_uuid_action_timestamp_indexes'),
        ('wagtailimages', '0027_image_description'),
        ('home', '0010_notice_pages'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        # The tables stay where they are (db_table): only Django's record of
        # which app holds the models changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='NavigationSettings',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('header_links', wagtail.fields.StreamField([('link', 3)], blank=True, block_lookup={0: ('wagtail.blocks.PageChooserBlock', (), {'help_text': 'Link to a page of this site…', 'required': False}), 1: ('wagtail.blocks.CharBlock', (), {'help_text': '…or to an address (https://…, tel:…, mailto:…). Empty if a page is chosen.', 'label': 'URL', 'max_length': 500, 'required': False}), 2: ('wagtail.blocks.CharBlock', (), {'help_text': 'Text of the link. Defaults to the page title.', 'max_length': 80, 'required': False}), 3: ('wagtail.blocks.StructBlock', [[('page', 0), ('url', 1), ('label', 2)]], {})}, help_text='Main menu at the top of every page.')),
                        ('footer_links', wagtail.fields.StreamField([('link', 3)], blank=True, block_lookup={0: ('wagtail.blocks.PageChooserBlock', (), {'help_text': 'Link to a page of this site…', 'required': False}), 1: ('wagtail.blocks.CharBlock', (), {'help_text': '…or to an address (https://…, tel:…, mailto:…). Empty if a page is chosen.', 'label': 'URL', 'max_length': 500, 'required': False}), 2: ('wagtail.blocks.CharBlock', (), {'help_text': 'Text of the link. Defaults to the page title.', 'max_length': 80, 'required': False}), 3: ('wagtail.blocks.StructBlock', [[('page', 0), ('url', 1), ('label', 2)]], {})}, help_text='Links in the footer (e.g. About, Privacy).')),
                        ('site', models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to='wagtailcore.site')),
                    ],
                    options={
                        'verbose_name': 'navigation menus',
                        'db_table': 'home_navigationsettings',
                    },
                    bases=(models.Model,),
                ),
                migrations.CreateModel(
                    name='SiteSettings',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('label_skip_link', models.CharField(blank=True, default='Skip to main content', help_text='First link of every page, seen when it gets keyboard focus. Left empty: “Skip to main content”.', max_length=80)),
                        ('label_menu_button', models.CharField(blank=True, default='Menu', help_text='Button that opens the menu on phones. Left empty: “Menu”.', max_length=30)),
                        ('label_search_box', models.CharField(blank=True, default='Search', help_text="Name of the header's search box, read by screen readers. Left empty: “Search”.", max_length=40)),
                        ('label_search_placeholder', models.CharField(blank=True, default='Search', help_text="Grey hint inside the header's search box. Left empty: “Search”.", max_length=40)),
                        ('label_search_button', models.CharField(blank=True, default='Search', help_text='Search button in the header and on the search page. Left empty: “Search”.', max_length=30)),
                        ('label_language_switcher', models.CharField(blank=True, default='Other languages', help_text="Name of the header's links to this page in other languages, read by screen readers. Left empty: “Other languages”.", max_length=40)),
                        ('label_footer_clinics', models.CharField(blank=True, default='Our clinics', help_text='Footer heading above the list of clinics. Left empty: “Our clinics”.', max_length=50)),
                        ('label_footer_notices', models.CharField(blank=True, default='Notices', help_text="Name of the footer's links to the notice pages (clinic settings, Notices tab), read by screen readers. Left empty: “Notices”.", max_length=50)),
                        ('label_notice_effective', models.CharField(blank=True, default='Effective', help_text='Before the date a notice page took effect, under its title. Left empty: “Effective”.', max_length=40)),
                        ('label_article_by', models.CharField(blank=True, default='By', help_text="Before the author's name under an article's title. Left empty: “By”.", max_length=30)),
                        ('label_article_updated', models.CharField(blank=True, default='Updated', help_text='Before the date an article was last updated. Left empty: “Updated”.', max_length=40)),
                        ('label_reading_time', models.CharField(blank=True, default='min read', help_text='After the number of minutes an article takes to read. Left empty: “min read”.', max_length=40)),
                        ('label_reviewed_by', models.CharField(blank=True, default='Medically reviewed by', help_text="Before the medical reviewer's name on an article. Left empty: “Medically reviewed by”.", max_length=80)),
                        ('label_reviewed_on', models.CharField(blank=True, default='on', help_text="Between the medical reviewer's name and the review date. Left empty: “on”.", max_length=20)),
                        ('label_table_of_contents', models.CharField(blank=True, default='In this article', help_text="Heading of an article's table of contents. Left empty: “In this article”.", max_length=80)),
                        ('label_article_tags', models.CharField(blank=True, default='Tags', help_text='Heading of the tags at the end of an article. Left empty: “Tags”.', max_length=50)),
                        ('label_share', models.CharField(blank=True, default='Share This Post', help_text="Heading of an article's share links. Left empty: “Share This Post”.", max_length=80)),
                        ('label_copy_link', models.CharField(blank=True, default='Copy link', help_text="Share button that copies the article's address. Left empty: “Copy link”.", max_length=40)),
                        ('label_about_author_and_reviewer', models.CharField(blank=True, default='About the author and reviewer', help_text="Heading of the author and reviewer's profiles at the end of an article. Left empty: “About the author and reviewer”.", max_length=80)),
                        ('label_about_author', models.CharField(blank=True, default='About the author', help_text='Same heading, when the article names only an author. Left empty: “About the author”.', max_length=80)),
                        ('label_about_reviewer', models.CharField(blank=True, default='About the reviewer', help_text='Same heading, when the article names only a reviewer. Left empty: “About the reviewer”.', max_length=80)),
                        ('label_related_articles', models.CharField(blank=True, default='More To Explore', help_text='Heading of the related articles under an article. Left empty: “More To Explore”.', max_length=80)),
                        ('label_browse_topics', models.CharField(blank=True, default='Browse by topic', help_text="Heading of the topic menu on the blog's article list. Left empty: “Browse by topic”.", max_length=80)),
                        ('label_all_articles', models.CharField(blank=True, default='All articles', help_text='First link of the topic menu: every article. Left empty: “All articles”.', max_length=50)),
                        ('label_no_articles', models.CharField(blank=True, default='No articles here yet.', help_text="The blog's list when no article matches (a topic, a tag). Left empty: “No articles here yet.”.", max_length=80)),
                        ('label_no_person_articles', models.CharField(blank=True, default='No articles yet.', help_text="An author's or reviewer's page when no article names them. Left empty: “No articles yet.”.", max_length=80)),
                        ('label_follow_feeds', models.CharField(blank=True, default='Follow new articles:', help_text="Before the feed links at the end of the blog's article list. Left empty: “Follow new articles:”.", max_length=80)),
                        ('label_rss_feed', models.CharField(blank=True, default='RSS feed', help_text="Link to the blog's RSS feed. Left empty: “RSS feed”.", max_length=40)),
                        ('label_atom_feed', models.CharField(blank=True, default='Atom feed', help_text="Link to the blog's Atom feed. Left empty: “Atom feed”.", max_length=40)),
                        ('label_previous_page', models.CharField(blank=True, default='Previous', help_text='Link to the previous page of a list (articles, search results). Left empty: “Previous”.', max_length=30)),
                        ('label_next_page', models.CharField(blank=True, default='Next', help_text='Link to the next page of a list (articles, search results). Left empty: “Next”.', max_length=30)),
                        ('label_no_clinics', models.CharField(blank=True, default='No clinics are listed yet.', help_text='The clinics page while no clinic is published. Left empty: “No clinics are listed yet.”.', max_length=80)),
                        ('label_clinics_map', models.CharField(blank=True, default='Map of our clinics', help_text='Heading of the map on the clinics page. Left empty: “Map of our clinics”.', max_length=80)),
                        ('label_clinics_map_name', models.CharField(blank=True, default='our clinics', help_text="What the clinics page's map shows, in “Show map of …” (screen readers) and “View … on OpenStreetMap”. Left empty: “our clinics”.", max_length=50)),
                        ('label_call_clinic', models.CharField(blank=True, default='Call', help_text="Before a clinic's name on its call buttons (clinic page and cards). Left empty: “Call”.", max_length=30)),
                        ('label_clinic_details', models.CharField(blank=True, default='Hours, map and directions', help_text="Link from a clinic's card to its page. Left empty: “Hours, map and directions”.", max_length=80)),
                        ('label_address_heading', models.CharField(blank=True, default='Address and contact', help_text="Heading of the address on a clinic's page. Left empty: “Address and contact”.", max_length=80)),
                        ('label_phone', models.CharField(blank=True, default='Phone', help_text="Before a clinic's phone number under its address. Left empty: “Phone”.", max_length=30)),
                        ('label_fax', models.CharField(blank=True, default='Fax', help_text="Before a clinic's fax number under its address. Left empty: “Fax”.", max_length=30)),
                        ('label_email', models.CharField(blank=True, default='Email', help_text="Before a clinic's email address under its address. Left empty: “Email”.", max_length=30)),
                        ('label_directions', models.CharField(blank=True, default='Get directions', help_text="Link to a clinic in the visitor's maps app. Left empty: “Get directions”.", max_length=50)),
                        ('label_directions_note', models.CharField(blank=True, default='(opens your maps app)', help_text="After the directions link's text. Left empty: “(opens your maps app)”.", max_length=50)),
                        ('label_opening_hours', models.CharField(blank=True, default='Opening hours', help_text="Heading of the opening hours on a clinic's page. Left empty: “Opening hours”.", max_length=50)),
                        ('label_no_hours', models.CharField(blank=True, default='Call us for opening hours.', help_text="A clinic's page while its opening hours are empty. Left empty: “Call us for opening hours.”.", max_length=80)),
                        ('label_card_no_hours', models.CharField(blank=True, default='Call for opening hours.', help_text="A clinic's card while its opening hours are empty. Left empty: “Call for opening hours.”.", max_length=80)),
                        ('label_local_time', models.CharField(blank=True, default='Times are local time in', help_text="Under the opening hours, before the clinic's city. Left empty: “Times are local time in”.", max_length=80)),
                        ('label_special_hours', models.CharField(blank=True, default='Holidays and special hours', help_text="Heading of a clinic's upcoming special opening hours. Left empty: “Holidays and special hours”.", max_length=80)),
                        ('label_closed', models.CharField(blank=True, default='Closed', help_text='A special day on which a clinic is closed. Left empty: “Closed”.', max_length=30)),
                        ('label_services', models.CharField(blank=True, default='Services at this clinic', help_text="Heading of the services on a clinic's page. Left empty: “Services at this clinic”.", max_length=80)),
                        ('label_parking', models.CharField(blank=True, default='Parking and getting here', help_text="Heading of the parking notes on a clinic's page. Left empty: “Parking and getting here”.", max_length=80)),
                        ('label_accessibility', models.CharField(blank=True, default='Accessibility', help_text="Heading of the accessibility notes on a clinic's page. Left empty: “Accessibility”.", max_length=80)),
                        ('label_map', models.CharField(blank=True, default='Map', help_text="Heading of the map on a clinic's page. Left empty: “Map”.", max_length=50)),
                        ('label_show_map', models.CharField(blank=True, default='Show map', help_text='Button that loads a map from openstreetmap.org. Left empty: “Show map”.', max_length=40)),
                        ('label_show_map_note', models.CharField(blank=True, default='(loads from openstreetmap.org)', help_text="After the map button's text: the map comes from another website. Left empty: “(loads from openstreetmap.org)”.", max_length=80)),
                        ('label_search_heading', models.CharField(blank=True, default='Search', help_text='Heading and title of the search page. Left empty: “Search”.', max_length=50)),
                        ('label_search_results_for', models.CharField(blank=True, default='Search results for', help_text='Browser tab title of a search, before the words searched. Left empty: “Search results for”.', max_length=80)),
                        ('label_search_page_box', models.CharField(blank=True, default='Search this site', help_text="Label above the search page's search box. Left empty: “Search this site”.", max_length=80)),
                        ('label_search_recommended', models.CharField(blank=True, default='Recommended', help_text='Heading of the results editors promote for a search. Left empty: “Recommended”.', max_length=50)),
                        ('label_search_no_results', models.CharField(blank=True, default='Nothing matched. Try fewer or different words.', help_text='The search page when nothing matches. Left empty: “Nothing matched. Try fewer or different words.”.', max_length=150)),
                        ('label_form_required', models.CharField(blank=True, default='(required)', help_text='After the question of each form field that needs an answer. Left empty: “(required)”.', max_length=30)),
                        ('label_form_rate_limited', models.CharField(blank=True, default='We could not send your request just now', help_text='Heading of the message to a visitor who sent too many requests in a short time. Left empty: “We could not send your request just now”.', max_length=120)),
                        ('label_form_thank_you', models.CharField(blank=True, default='Thank you: your request was sent', help_text='Heading of the page after a consultation request is sent. Left empty: “Thank you: your request was sent”.', max_length=120)),
                        ('label_back_home', models.CharField(blank=True, default='Back to the home page', help_text='Link at the end of the page after a request is sent. Left empty: “Back to the home page”.', max_length=80)),
                        ('label_not_found_title', models.CharField(blank=True, default='Page not found', help_text='Browser tab title of the page for an address that does not exist. Left empty: “Page not found”.', max_length=80)),
                        ('label_not_found_heading', models.CharField(blank=True, default='We can’t find that page', help_text='Heading of the page for an address that does not exist. Left empty: “We can’t find that page”.', max_length=80)),
                        ('label_not_found_text', models.CharField(blank=True, default='The page may have moved, or the address may be mistyped.', help_text='Text under that heading. Left empty: “The page may have moved, or the address may be mistyped.”.', max_length=200)),
                        ('label_not_found_home', models.CharField(blank=True, default='Go to the home page', help_text='Link to the home page on that page. Left empty: “Go to the home page”.', max_length=80)),
                        ('label_not_found_search', models.CharField(blank=True, default='Search the site', help_text='Link to the search page on that page. Left empty: “Search the site”.', max_length=80)),
                        ('clinic_name', models.CharField(help_text='Shown in the header and footer.', max_length=100)),
                        ('phone', models.CharField(blank=True, help_text="Main phone number, e.g. (503) 555-0100. Becomes the 'Call us' link.", max_length=25, validators=[django.core.validators.RegexValidator('^(?=(?:\\D*\\d){7,15}\\D*$)[0-9+()\\-.\\s]{7,25}$', code='invalid_phone', message='Enter a phone number such as (503) 555-0142 or +1 503 555 0142.')])),
                        ('phone_label', models.CharField(default='Call us', help_text='Text before the number in the header, the footer and the page-not-found page.', max_length=40)),
                        ('contact_email', models.EmailField(blank=True, max_length=254)),
                        ('consultation_label', models.CharField(default='Request a consultation', max_length=50)),
                        ('crisis_notice', wagtail.fields.RichTextField(blank=True, help_text="Shown in the footer of every page (and on sensitive articles), e.g. 'If you are in crisis, call or text 988'.")),
                        ('form_emergency_notice', wagtail.fields.RichTextField(blank=True, help_text='Shown above forms: they are not for emergencies.')),
                        ('footer_text', wagtail.fields.RichTextField(blank=True, help_text='Small print at the bottom of every page.')),
                        ('social_links', wagtail.fields.StreamField([('link', 3)], blank=True, block_lookup={0: ('wagtail.blocks.PageChooserBlock', (), {'help_text': 'Link to a page of this site…', 'required': False}), 1: ('wagtail.blocks.CharBlock', (), {'help_text': '…or to an address (https://…, tel:…, mailto:…). Empty if a page is chosen.', 'label': 'URL', 'max_length': 500, 'required': False}), 2: ('wagtail.blocks.CharBlock', (), {'help_text': 'Text of the link. Defaults to the page title.', 'max_length': 80, 'required': False}), 3: ('wagtail.blocks.StructBlock', [[('page', 0), ('url', 1), ('label', 2)]], {})}, help_text="Links to the clinic's social profiles (label: the network's name).")),
                        ('accessibility_page', models.ForeignKey(blank=True, help_text='How the site is made accessible and how to report a barrier. Linked in the footer of every page.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.page', verbose_name='accessibility statement')),
                        ('consultation_page', models.ForeignKey(blank=True, help_text="Where the 'Request a consultation' button in the header leads.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.page')),
                        ('language_assistance_page', models.ForeignKey(blank=True, help_text='The notice that free language help is available, with its taglines. Linked in the footer of every page.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.page', verbose_name='notice of language assistance')),
                        ('logo', models.ForeignKey(blank=True, help_text='Optional. The clinic name is used as its alternative text.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image')),
                        ('nondiscrimination_page', models.ForeignKey(blank=True, help_text='The notice that the clinic does not discriminate (Section 1557). Linked in the footer of every page.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.page', verbose_name='notice of nondiscrimination')),
                        ('privacy_notice_page', models.ForeignKey(blank=True, help_text="The HIPAA Notice of Privacy Practices. Linked in the footer of every page and from the consultation form's consent line.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.page', verbose_name='Notice of Privacy Practices')),
                        ('site', models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to='wagtailcore.site')),
                    ],
                    options={
                        'verbose_name': 'clinic settings',
                        'db_table': 'home_sitesettings',
                    },
                    bases=(models.Model,),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
