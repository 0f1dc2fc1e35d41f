"""The words of the page furniture move from the clinic settings (one value
whatever the language) to a translatable snippet, SiteText, with a copy per
language: each clinic settings row's words become its site's English set,
and a Spanish copy holds the Spanish words the catalog gave them until now
(the default wording and the demo's notices; an editor's own wording, which
had no Spanish, is copied as typed). The settings then choose that set.
Strings are copied here, not imported: a migration never changes with the
application's code."""

import uuid

import django.db.models.deletion
import wagtail.fields
from django.conf import settings
from django.db import migrations, models

# English words -> the Spanish the catalog (locale/es) gave them, as of this
# migration.
SPANISH = {
    "Skip to main content": "Saltar al contenido principal",
    "Menu": "Menú",
    "Search": "Buscar",
    "Other languages": "Otros idiomas",
    "Our clinics": "Nuestras clínicas",
    "Notices": "Avisos",
    "Effective": "En vigor desde el",
    "By": "Por",
    "Updated": "Actualizado",
    "min read": "min de lectura",
    "Medically reviewed by": "Revisión médica de",
    "on": "el",
    "Not yet medically reviewed": "Aún sin revisión médica",
    "In this article": "En este artículo",
    "Tags": "Etiquetas",
    "Share This Post": "Compartir este artículo",
    "Copy link": "Copiar enlace",
    "About the author and reviewer": "Sobre la autora o el autor y la revisión médica",
    "About the author": "Sobre la autora o el autor",
    "About the reviewer": "Sobre la revisión médica",
    "More To Explore": "Más para leer",
    "Browse by topic": "Explorar por tema",
    "All articles": "Todos los artículos",
    "No articles here yet.": "Todavía no hay artículos aquí.",
    "No articles yet.": "Todavía no hay artículos.",
    "Follow new articles:": "Siga los artículos nuevos:",
    "RSS feed": "Canal RSS",
    "Atom feed": "Canal Atom",
    "Previous": "Anterior",
    "Next": "Siguiente",
    "No clinics are listed yet.": "Todavía no hay clínicas publicadas.",
    "Map of our clinics": "Mapa de nuestras clínicas",
    "our clinics": "nuestras clínicas",
    "Call": "Llamar",
    "Hours, map and directions": "Horario, mapa y cómo llegar",
    "Address and contact": "Dirección y contacto",
    "Phone": "Teléfono",
    "Fax": "Fax",
    "Email": "Correo electrónico",
    "Get directions": "Cómo llegar",
    "(opens your maps app)": "(abre su aplicación de mapas)",
    "Opening hours": "Horario de atención",
    "Call us for opening hours.": "Llámenos para conocer el horario.",
    "Call for opening hours.": "Llame para conocer el horario.",
    "Times are local time in": "Horarios en la hora local de",
    "Holidays and special hours": "Días festivos y horarios especiales",
    "Closed": "Cerrado",
    "Services at this clinic": "Servicios en esta clínica",
    "Parking and getting here": "Estacionamiento y cómo llegar",
    "Accessibility": "Accesibilidad",
    "Map": "Mapa",
    "Show map": "Mostrar el mapa",
    "(loads from openstreetmap.org)": "(se carga desde openstreetmap.org)",
    "Search results for": "Resultados de la búsqueda de",
    "Search this site": "Buscar en este sitio",
    "Recommended": "Recomendado",
    "Nothing matched. Try fewer or different words.": "No encontramos nada. Pruebe con menos palabras "
    "o con otras.",
    "(required)": "(obligatorio)",
    "We could not send your request just now": "No pudimos enviar su solicitud en este momento",
    "Thank you: your request was sent": "Gracias: su solicitud fue enviada",
    "Back to the home page": "Volver a la página de inicio",
    "Page not found": "Página no encontrada",
    "We can’t find that page": "No encontramos esa página",
    "The page may have moved, or the address may be mistyped.": "Es posible que la página se haya "
    "movido o que la dirección tenga un "
    "error.",
    "Go to the home page": "Ir a la página de inicio",
    "Search the site": "Buscar en el sitio",
    "Call us": "Llámenos",
    "Request a consultation": "Solicitar una consulta",
    '<p>If you are in crisis or thinking about suicide, call or text <a href="tel:988">988</a> (Suicide &amp; Crisis Lifeline) or call <a href="tel:911">911</a>.</p>': "<p>Si "
    "está "
    "en "
    "crisis "
    "o "
    "piensa "
    "en "
    "el "
    "suicidio, "
    "llame "
    "o "
    "envíe "
    "un "
    "mensaje "
    "de "
    "texto "
    "al "
    "<a "
    'href="tel:988">988</a> '
    "(988 "
    "Lifeline "
    "en "
    "español: "
    "llame "
    "y "
    "oprima "
    "2, "
    "o "
    "envíe "
    "«AYUDA» "
    "por "
    "mensaje "
    "de "
    "texto) "
    "o "
    "llame "
    "al "
    "<a "
    'href="tel:911">911</a>.</p>',
    '<p>This form is not for emergencies. If you are in crisis, call or text <a href="tel:988">988</a> or call <a href="tel:911">911</a>.</p>': "<p>Este "
    "formulario "
    "no "
    "es "
    "para "
    "emergencias. "
    "Si "
    "está "
    "en "
    "crisis, "
    "llame "
    "o "
    "envíe "
    "un "
    "mensaje "
    "de "
    "texto "
    "al "
    "<a "
    'href="tel:988">988</a> '
    "(988 "
    "Lifeline "
    "en "
    "español: "
    "llame "
    "y "
    "oprima "
    "2) "
    "o "
    "llame "
    "al "
    "<a "
    'href="tel:911">911</a>.</p>',
    "<p>The information on this site is educational and is not a substitute for professional medical advice.</p>": "<p>La "
    "información "
    "de "
    "este "
    "sitio "
    "es "
    "educativa "
    "y "
    "no "
    "sustituye "
    "el "
    "consejo "
    "médico "
    "profesional.</p>",
}

WORD_FIELDS = [
    "label_about_author",
    "label_about_author_and_reviewer",
    "label_about_reviewer",
    "label_accessibility",
    "label_address_heading",
    "label_all_articles",
    "label_article_by",
    "label_article_tags",
    "label_article_updated",
    "label_atom_feed",
    "label_back_home",
    "label_browse_topics",
    "label_call_clinic",
    "label_card_no_hours",
    "label_clinic_details",
    "label_clinics_map",
    "label_clinics_map_name",
    "label_closed",
    "label_copy_link",
    "label_directions",
    "label_directions_note",
    "label_email",
    "label_fax",
    "label_follow_feeds",
    "label_footer_clinics",
    "label_footer_notices",
    "label_form_rate_limited",
    "label_form_required",
    "label_form_thank_you",
    "label_language_switcher",
    "label_local_time",
    "label_map",
    "label_menu_button",
    "label_next_page",
    "label_no_articles",
    "label_no_clinics",
    "label_no_hours",
    "label_no_person_articles",
    "label_not_found_heading",
    "label_not_found_home",
    "label_not_found_search",
    "label_not_found_text",
    "label_not_found_title",
    "label_not_reviewed",
    "label_notice_effective",
    "label_opening_hours",
    "label_parking",
    "label_phone",
    "label_previous_page",
    "label_reading_time",
    "label_related_articles",
    "label_reviewed_by",
    "label_reviewed_on",
    "label_rss_feed",
    "label_search_box",
    "label_search_button",
    "label_search_heading",
    "label_search_no_results",
    "label_search_page_box",
    "label_search_placeholder",
    "label_search_recommended",
    "label_search_results_for",
    "label_services",
    "label_share",
    "label_show_map",
    "label_show_map_note",
    "label_skip_link",
    "label_special_hours",
    "label_table_of_contents",
    "phone_label",
    "consultation_label",
    "crisis_notice",
    "form_emergency_notice",
    "footer_text",
]


def words_to_site_text(apps, schema_editor):
    SiteSettings = apps.get_model("core", "SiteSettings")
    SiteText = apps.get_model("core", "SiteText")
    Locale = apps.get_model("wagtailcore", "Locale")
    rows = list(SiteSettings.objects.all())
    if not rows:
        return  # a new site: the labels' defaults until an editor adds a set
    english, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    spanish = Locale.objects.filter(language_code="es").first()
    for row in rows:
        words = {name: getattr(row, name) or "" for name in WORD_FIELDS}
        key = uuid.uuid4()
        text = SiteText.objects.create(
            name=f"{row.clinic_name or 'Site'} text", locale=english, translation_key=key, **words
        )
        if spanish is not None:
            SiteText.objects.create(
                name=text.name,
                locale=spanish,
                translation_key=key,
                **{name: SPANISH.get(value, value) for name, value in words.items()},
            )
        row.site_text = text
        row.save(update_fields=["site_text"])


def site_text_to_words(apps, schema_editor):
    SiteSettings = apps.get_model("core", "SiteSettings")
    for row in SiteSettings.objects.exclude(site_text=None).select_related("site_text"):
        for name in WORD_FIELDS:
            setattr(row, name, getattr(row.site_text, name))
        row.save()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_label_not_reviewed"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="SiteText",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("translation_key", models.UUIDField(default=uuid.uuid4, editable=False)),
                (
                    "label_skip_link",
                    models.CharField(
                        blank=True,
                        default="Skip to main content",
                        help_text="First link of every page, seen when it gets keyboard focus. Left empty: “Skip to main content”.",
                        max_length=80,
                    ),
                ),
                (
                    "label_menu_button",
                    models.CharField(
                        blank=True,
                        default="Menu",
                        help_text="Button that opens the menu on phones. Left empty: “Menu”.",
                        max_length=30,
                    ),
                ),
                (
                    "label_search_box",
                    models.CharField(
                        blank=True,
                        default="Search",
                        help_text="Name of the header's search box, read by screen readers. Left empty: “Search”.",
                        max_length=40,
                    ),
                ),
                (
                    "label_search_placeholder",
                    models.CharField(
                        blank=True,
                        default="Search",
                        help_text="Grey hint inside the header's search box. Left empty: “Search”.",
                        max_length=40,
                    ),
                ),
                (
                    "label_search_button",
                    models.CharField(
                        blank=True,
                        default="Search",
                        help_text="Search button in the header and on the search page. Left empty: “Search”.",
                        max_length=30,
                    ),
                ),
                (
                    "label_language_switcher",
                    models.CharField(
                        blank=True,
                        default="Other languages",
                        help_text="Name of the header's links to this page in other languages, read by screen readers. Left empty: “Other languages”.",
                        max_length=40,
                    ),
                ),
                (
                    "label_footer_clinics",
                    models.CharField(
                        blank=True,
                        default="Our clinics",
                        help_text="Footer heading above the list of clinics. Left empty: “Our clinics”.",
                        max_length=50,
                    ),
                ),
                (
                    "label_footer_notices",
                    models.CharField(
                        blank=True,
                        default="Notices",
                        help_text="Name of the footer's links to the notice pages (clinic settings, Notices tab), read by screen readers. Left empty: “Notices”.",
                        max_length=50,
                    ),
                ),
                (
                    "label_notice_effective",
                    models.CharField(
                        blank=True,
                        default="Effective",
                        help_text="Before the date a notice page took effect, under its title. Left empty: “Effective”.",
                        max_length=40,
                    ),
                ),
                (
                    "label_article_by",
                    models.CharField(
                        blank=True,
                        default="By",
                        help_text="Before the author's name under an article's title. Left empty: “By”.",
                        max_length=30,
                    ),
                ),
                (
                    "label_article_updated",
                    models.CharField(
                        blank=True,
                        default="Updated",
                        help_text="Before the date an article was last updated. Left empty: “Updated”.",
                        max_length=40,
                    ),
                ),
                (
                    "label_reading_time",
                    models.CharField(
                        blank=True,
                        default="min read",
                        help_text="After the number of minutes an article takes to read. Left empty: “min read”.",
                        max_length=40,
                    ),
                ),
                (
                    "label_reviewed_by",
                    models.CharField(
                        blank=True,
                        default="Medically reviewed by",
                        help_text="Before the medical reviewer's name on an article. Left empty: “Medically reviewed by”.",
                        max_length=80,
                    ),
                ),
                (
                    "label_reviewed_on",
                    models.CharField(
                        blank=True,
                        default="on",
                        help_text="Between the medical reviewer's name and the review date. Left empty: “on”.",
                        max_length=20,
                    ),
                ),
                (
                    "label_not_reviewed",
                    models.CharField(
                        blank=True,
                        default="Not yet medically reviewed",
                        help_text="In place of the review line on an article no medical reviewer has approved yet. Left empty: “Not yet medically reviewed”.",
                        max_length=80,
                    ),
                ),
                (
                    "label_table_of_contents",
                    models.CharField(
                        blank=True,
                        default="In this article",
                        help_text="Heading of an article's table of contents. Left empty: “In this article”.",
                        max_length=80,
                    ),
                ),
                (
                    "label_article_tags",
                    models.CharField(
                        blank=True,
                        default="Tags",
                        help_text="Heading of the tags at the end of an article. Left empty: “Tags”.",
                        max_length=50,
                    ),
                ),
                (
                    "label_share",
                    models.CharField(
                        blank=True,
                        default="Share This Post",
                        help_text="Heading of an article's share links. Left empty: “Share This Post”.",
                        max_length=80,
                    ),
                ),
                (
                    "label_copy_link",
                    models.CharField(
                        blank=True,
                        default="Copy link",
                        help_text="Share button that copies the article's address. Left empty: “Copy link”.",
                        max_length=40,
                    ),
                ),
                (
                    "label_about_author_and_reviewer",
                    models.CharField(
                        blank=True,
                        default="About the author and reviewer",
                        help_text="Heading of the author and reviewer's profiles at the end of an article. Left empty: “About the author and reviewer”.",
                        max_length=80,
                    ),
                ),
                (
                    "label_about_author",
                    models.CharField(
                        blank=True,
                        default="About the author",
                        help_text="Same heading, when the article names only an author. Left empty: “About the author”.",
                        max_length=80,
                    ),
                ),
                (
                    "label_about_reviewer",
                    models.CharField(
                        blank=True,
                        default="About the reviewer",
                        help_text="Same heading, when the article names only a reviewer. Left empty: “About the reviewer”.",
                        max_length=80,
                    ),
                ),
                (
                    "label_related_articles",
                    models.CharField(
                        blank=True,
                        default="More To Explore",
                        help_text="Heading of the related articles under an article. Left empty: “More To Explore”.",
                        max_length=80,
                    ),
                ),
                (
                    "label_browse_topics",
                    models.CharField(
                        blank=True,
                        default="Browse by topic",
                        help_text="Heading of the topic menu on the blog's article list. Left empty: “Browse by topic”.",
                        max_length=80,
                    ),
                ),
                (
                    "label_all_articles",
                    models.CharField(
                        blank=True,
                        default="All articles",
                        help_text="First link of the topic menu: every article. Left empty: “All articles”.",
                        max_length=50,
                    ),
                ),
                (
                    "label_no_articles",
                    models.CharField(
                        blank=True,
                        default="No articles here yet.",
                        help_text="The blog's list when no article matches (a topic, a tag). Left empty: “No articles here yet.”.",
                        max_length=80,
                    ),
                ),
                (
                    "label_no_person_articles",
                    models.CharField(
                        blank=True,
                        default="No articles yet.",
                        help_text="An author's or reviewer's page when no article names them. Left empty: “No articles yet.”.",
                        max_length=80,
                    ),
                ),
                (
                    "label_follow_feeds",
                    models.CharField(
                        blank=True,
                        default="Follow new articles:",
                        help_text="Before the feed links at the end of the blog's article list. Left empty: “Follow new articles:”.",
                        max_length=80,
                    ),
                ),
                (
                    "label_rss_feed",
                    models.CharField(
                        blank=True,
                        default="RSS feed",
                        help_text="Link to the blog's RSS feed. Left empty: “RSS feed”.",
                        max_length=40,
                    ),
                ),
                (
                    "label_atom_feed",
                    models.CharField(
                        blank=True,
                        default="Atom feed",
                        help_text="Link to the blog's Atom feed. Left empty: “Atom feed”.",
                        max_length=40,
                    ),
                ),
                (
                    "label_previous_page",
                    models.CharField(
                        blank=True,
                        default="Previous",
                        help_text="Link to the previous page of a list (articles, search results). Left empty: “Previous”.",
                        max_length=30,
                    ),
                ),
                (
                    "label_next_page",
                    models.CharField(
                        blank=True,
                        default="Next",
                        help_text="Link to the next page of a list (articles, search results). Left empty: “Next”.",
                        max_length=30,
                    ),
                ),
                (
                    "label_no_clinics",
                    models.CharField(
                        blank=True,
                        default="No clinics are listed yet.",
                        help_text="The clinics page while no clinic is published. Left empty: “No clinics are listed yet.”.",
                        max_length=80,
                    ),
                ),
                (
                    "label_clinics_map",
                    models.CharField(
                        blank=True,
                        default="Map of our clinics",
                        help_text="Heading of the map on the clinics page. Left empty: “Map of our clinics”.",
                        max_length=80,
                    ),
                ),
                (
                    "label_clinics_map_name",
                    models.CharField(
                        blank=True,
                        default="our clinics",
                        help_text="What the clinics page's map shows, in “Show map of …” (screen readers) and “View … on OpenStreetMap”. Left empty: “our clinics”.",
                        max_length=50,
                    ),
                ),
                (
                    "label_call_clinic",
                    models.CharField(
                        blank=True,
                        default="Call",
                        help_text="Before a clinic's name on its call buttons (clinic page and cards). Left empty: “Call”.",
                        max_length=30,
                    ),
                ),
                (
                    "label_clinic_details",
                    models.CharField(
                        blank=True,
                        default="Hours, map and directions",
                        help_text="Link from a clinic's card to its page. Left empty: “Hours, map and directions”.",
                        max_length=80,
                    ),
                ),
                (
                    "label_address_heading",
                    models.CharField(
                        blank=True,
                        default="Address and contact",
                        help_text="Heading of the address on a clinic's page. Left empty: “Address and contact”.",
                        max_length=80,
                    ),
                ),
                (
                    "label_phone",
                    models.CharField(
                        blank=True,
                        default="Phone",
                        help_text="Before a clinic's phone number under its address. Left empty: “Phone”.",
                        max_length=30,
                    ),
                ),
                (
                    "label_fax",
                    models.CharField(
                        blank=True,
                        default="Fax",
                        help_text="Before a clinic's fax number under its address. Left empty: “Fax”.",
                        max_length=30,
                    ),
                ),
                (
                    "label_email",
                    models.CharField(
                        blank=True,
                        default="Email",
                        help_text="Before a clinic's email address under its address. Left empty: “Email”.",
                        max_length=30,
                    ),
                ),
                (
                    "label_directions",
                    models.CharField(
                        blank=True,
                        default="Get directions",
                        help_text="Link to a clinic in the visitor's maps app. Left empty: “Get directions”.",
                        max_length=50,
                    ),
                ),
                (
                    "label_directions_note",
                    models.CharField(
                        blank=True,
                        default="(opens your maps app)",
                        help_text="After the directions link's text. Left empty: “(opens your maps app)”.",
                        max_length=50,
                    ),
                ),
                (
                    "label_opening_hours",
                    models.CharField(
                        blank=True,
                        default="Opening hours",
                        help_text="Heading of the opening hours on a clinic's page. Left empty: “Opening hours”.",
                        max_length=50,
                    ),
                ),
                (
                    "label_no_hours",
                    models.CharField(
                        blank=True,
                        default="Call us for opening hours.",
                        help_text="A clinic's page while its opening hours are empty. Left empty: “Call us for opening hours.”.",
                        max_length=80,
                    ),
                ),
                (
                    "label_card_no_hours",
                    models.CharField(
                        blank=True,
                        default="Call for opening hours.",
                        help_text="A clinic's card while its opening hours are empty. Left empty: “Call for opening hours.”.",
                        max_length=80,
                    ),
                ),
                (
                    "label_local_time",
                    models.CharField(
                        blank=True,
                        default="Times are local time in",
                        help_text="Under the opening hours, before the clinic's city. Left empty: “Times are local time in”.",
                        max_length=80,
                    ),
                ),
                (
                    "label_special_hours",
                    models.CharField(
                        blank=True,
                        default="Holidays and special hours",
                        help_text="Heading of a clinic's upcoming special opening hours. Left empty: “Holidays and special hours”.",
                        max_length=80,
                    ),
                ),
                (
                    "label_closed",
                    models.CharField(
                        blank=True,
                        default="Closed",
                        help_text="A special day on which a clinic is closed. Left empty: “Closed”.",
                        max_length=30,
                    ),
                ),
                (
                    "label_services",
                    models.CharField(
                        blank=True,
                        default="Services at this clinic",
                        help_text="Heading of the services on a clinic's page. Left empty: “Services at this clinic”.",
                        max_length=80,
                    ),
                ),
                (
                    "label_parking",
                    models.CharField(
                        blank=True,
                        default="Parking and getting here",
                        help_text="Heading of the parking notes on a clinic's page. Left empty: “Parking and getting here”.",
                        max_length=80,
                    ),
                ),
                (
                    "label_accessibility",
                    models.CharField(
                        blank=True,
                        default="Accessibility",
                        help_text="Heading of the accessibility notes on a clinic's page. Left empty: “Accessibility”.",
                        max_length=80,
                    ),
                ),
                (
                    "label_map",
                    models.CharField(
                        blank=True,
                        default="Map",
                        help_text="Heading of the map on a clinic's page. Left empty: “Map”.",
                        max_length=50,
                    ),
                ),
                (
                    "label_show_map",
                    models.CharField(
                        blank=True,
                        default="Show map",
                        help_text="Button that loads a map from openstreetmap.org. Left empty: “Show map”.",
                        max_length=40,
                    ),
                ),
                (
                    "label_show_map_note",
                    models.CharField(
                        blank=True,
                        default="(loads from openstreetmap.org)",
                        help_text="After the map button's text: the map comes from another website. Left empty: “(loads from openstreetmap.org)”.",
                        max_length=80,
                    ),
                ),
                (
                    "label_search_heading",
                    models.CharField(
                        blank=True,
                        default="Search",
                        help_text="Heading and title of the search page. Left empty: “Search”.",
                        max_length=50,
                    ),
                ),
                (
                    "label_search_results_for",
                    models.CharField(
                        blank=True,
                        default="Search results for",
                        help_text="Browser tab title of a search, before the words searched. Left empty: “Search results for”.",
                        max_length=80,
                    ),
                ),
                (
                    "label_search_page_box",
                    models.CharField(
                        blank=True,
                        default="Search this site",
                        help_text="Label above the search page's search box. Left empty: “Search this site”.",
                        max_length=80,
                    ),
                ),
                (
                    "label_search_recommended",
                    models.CharField(
                        blank=True,
                        default="Recommended",
                        help_text="Heading of the results editors promote for a search. Left empty: “Recommended”.",
                        max_length=50,
                    ),
                ),
                (
                    "label_search_no_results",
                    models.CharField(
                        blank=True,
                        default="Nothing matched. Try fewer or different words.",
                        help_text="The search page when nothing matches. Left empty: “Nothing matched. Try fewer or different words.”.",
                        max_length=150,
                    ),
                ),
                (
                    "label_form_required",
                    models.CharField(
                        blank=True,
                        default="(required)",
                        help_text="After the question of each form field that needs an answer. Left empty: “(required)”.",
                        max_length=30,
                    ),
                ),
                (
                    "label_form_rate_limited",
                    models.CharField(
                        blank=True,
                        default="We could not send your request just now",
                        help_text="Heading of the message to a visitor who sent too many requests in a short time. Left empty: “We could not send your request just now”.",
                        max_length=120,
                    ),
                ),
                (
                    "label_form_thank_you",
                    models.CharField(
                        blank=True,
                        default="Thank you: your request was sent",
                        help_text="Heading of the page after a consultation request is sent. Left empty: “Thank you: your request was sent”.",
                        max_length=120,
                    ),
                ),
                (
                    "label_back_home",
                    models.CharField(
                        blank=True,
                        default="Back to the home page",
                        help_text="Link at the end of the page after a request is sent. Left empty: “Back to the home page”.",
                        max_length=80,
                    ),
                ),
                (
                    "label_not_found_title",
                    models.CharField(
                        blank=True,
                        default="Page not found",
                        help_text="Browser tab title of the page for an address that does not exist. Left empty: “Page not found”.",
                        max_length=80,
                    ),
                ),
                (
                    "label_not_found_heading",
                    models.CharField(
                        blank=True,
                        default="We can’t find that page",
                        help_text="Heading of the page for an address that does not exist. Left empty: “We can’t find that page”.",
                        max_length=80,
                    ),
                ),
                (
                    "label_not_found_text",
                    models.CharField(
                        blank=True,
                        default="The page may have moved, or the address may be mistyped.",
                        help_text="Text under that heading. Left empty: “The page may have moved, or the address may be mistyped.”.",
                        max_length=200,
                    ),
                ),
                (
                    "label_not_found_home",
                    models.CharField(
                        blank=True,
                        default="Go to the home page",
                        help_text="Link to the home page on that page. Left empty: “Go to the home page”.",
                        max_length=80,
                    ),
                ),
                (
                    "label_not_found_search",
                    models.CharField(
                        blank=True,
                        default="Search the site",
                        help_text="Link to the search page on that page. Left empty: “Search the site”.",
                        max_length=80,
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        default="Site text",
                        help_text="Only editors see it: which site's words these are.",
                        max_length=100,
                    ),
                ),
                (
                    "phone_label",
                    models.CharField(
                        default="Call us",
                        help_text="Text before the number in the header, the footer and the page-not-found page.",
                        max_length=40,
                    ),
                ),
                (
                    "consultation_label",
                    models.CharField(
                        default="Request a consultation",
                        help_text="Text of the header's button to the consultation page (clinic settings).",
                        max_length=50,
                    ),
                ),
                (
                    "crisis_notice",
                    wagtail.fields.RichTextField(
                        blank=True,
                        help_text="Shown in the footer of every page (and on sensitive articles), e.g. 'If you are in crisis, call or text 988'.",
                    ),
                ),
                (
                    "form_emergency_notice",
                    wagtail.fields.RichTextField(
                        blank=True, help_text="Shown above forms: they are not for emergencies."
                    ),
                ),
                (
                    "footer_text",
                    wagtail.fields.RichTextField(
                        blank=True, help_text="Small print at the bottom of every page."
                    ),
                ),
                (
                    "locale",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="wagtailcore.locale",
                        verbose_name="locale",
                    ),
                ),
            ],
            options={
                "verbose_name": "site text",
                "verbose_name_plural": "site text",
                "abstract": False,
                "unique_together": {("translation_key", "locale")},
            },
        ),
        migrations.AddField(
            model_name="sitesettings",
            name="site_text",
            field=models.ForeignKey(
                blank=True,
                help_text="The words of the notices, the footer, the buttons and the labels (Snippets › Site text), in each language it is translated into. Empty: the first site text.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="core.sitetext",
                verbose_name="site text",
            ),
        ),
        migrations.RunPython(words_to_site_text, site_text_to_words),
        migrations.RemoveField(
            model_name="sitesettings",
            name="consultation_label",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="crisis_notice",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="footer_text",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="form_emergency_notice",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_about_author",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_about_author_and_reviewer",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_about_reviewer",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_accessibility",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_address_heading",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_all_articles",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_article_by",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_article_tags",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_article_updated",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_atom_feed",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_back_home",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_browse_topics",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_call_clinic",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_card_no_hours",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_clinic_details",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_clinics_map",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_clinics_map_name",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_closed",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_copy_link",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_directions",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_directions_note",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_email",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_fax",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_follow_feeds",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_footer_clinics",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_footer_notices",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_form_rate_limited",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_form_required",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_form_thank_you",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_language_switcher",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_local_time",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_map",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_menu_button",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_next_page",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_no_articles",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_no_clinics",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_no_hours",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_no_person_articles",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_not_found_heading",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_not_found_home",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_not_found_search",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_not_found_text",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_not_found_title",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_not_reviewed",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_notice_effective",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_opening_hours",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_parking",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_phone",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_previous_page",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_reading_time",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_related_articles",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_reviewed_by",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_reviewed_on",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_rss_feed",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_search_box",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_search_button",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_search_heading",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_search_no_results",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_search_page_box",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_search_placeholder",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_search_recommended",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_search_results_for",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_services",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_share",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_show_map",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_show_map_note",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_skip_link",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_special_hours",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="label_table_of_contents",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="phone_label",
        ),
    ]
