"""Page furniture labels: the fixed words of the public templates (section
headings, button and link texts, empty states, the search box), editable in
each language's site text (core.site_text, its "Labels" tab).

Each label is a field of ``SiteLabels`` (mixed into core.site_text.SiteText).
The field's ``default`` is the only place the default words are written: an
emptied field shows them again, in the page's language (the catalog,
locale/, has them in Spanish), so an editor can never leave a section
without its heading. Templates read
``settings.core.SiteSettings.labels.<name>`` (the words of the request's
language, core.site_text.site_words); Django's autoescaping applies as to
any value, so a label is always text, never markup.

Left fixed in the templates, on purpose: landmark and aria names that only
tie parts of a page together ("Main", "Footer", "Breadcrumb", "Pagination"),
hidden words that complete a visible label for screen readers (" page",
" at <clinic>"), and sentences built around a name or number ("Articles by
<name>", "3 results for ..."), which a single label cannot reorder.
"""

from django.conf import settings
from django.db import models
from django.utils import translation
from wagtail.admin.panels import FieldPanel, MultiFieldPanel


def translated(text):
    """``text`` in the active language: the project's catalog (locale/) has
    the default words in Spanish; words an editor typed have no entry there
    and stay as typed."""
    if not text or translation.get_language() in (None, settings.LANGUAGE_CODE):
        return text
    return translation.gettext(text)


def label_field(default, where, max_length=80):
    return models.CharField(
        max_length=max_length,
        blank=True,
        default=default,
        help_text=f"{where} Left empty: “{default}”.",
    )


class SiteLabels(models.Model):
    """The labels' fields, grouped by the part of the page that shows them."""

    # Header & menu
    label_skip_link = label_field(
        "Skip to main content",
        "First link of every page, seen when it gets keyboard focus.",
    )
    label_menu_button = label_field("Menu", "Button that opens the menu on phones.", 30)
    label_search_box = label_field(
        "Search", "Name of the header's search box, read by screen readers.", 40
    )
    label_search_placeholder = label_field(
        "Search", "Grey hint inside the header's search box.", 40
    )
    label_search_button = label_field(
        "Search", "Search button in the header and on the search page.", 30
    )
    label_language_switcher = label_field(
        "Other languages",
        "Name of the header's links to this page in other languages, read by screen readers.",
        40,
    )

    # Footer
    label_footer_clinics = label_field(
        "Our clinics", "Footer heading above the list of clinics.", 50
    )
    label_footer_links = label_field(
        "Useful links", "Footer heading above the footer menu (Navigation menus).", 50
    )
    label_footer_notices = label_field(
        "Notices",
        "Name of the footer's links to the notice pages (clinic settings, Notices tab), "
        "read by screen readers.",
        50,
    )
    label_notice_effective = label_field(
        "Effective", "Before the date a notice page took effect, under its title.", 40
    )

    # Articles
    label_article_by = label_field("By", "Before the author's name under an article's title.", 30)
    label_article_updated = label_field(
        "Updated", "Before the date an article was last updated.", 40
    )
    label_reading_time = label_field(
        "min read", "After the number of minutes an article takes to read.", 40
    )
    label_reviewed_by = label_field(
        "Medically reviewed by", "Before the medical reviewer's name on an article."
    )
    label_reviewed_on = label_field(
        "on", "Between the medical reviewer's name and the review date.", 20
    )
    label_not_reviewed = label_field(
        "Not yet medically reviewed",
        "In place of the review line on an article no medical reviewer has approved yet.",
    )
    label_table_of_contents = label_field(
        "In this article", "Heading of an article's table of contents."
    )
    label_article_tags = label_field("Tags", "Heading of the tags at the end of an article.", 50)
    label_share = label_field("Share this post", "Heading of an article's share links.")
    label_copy_link = label_field(
        "Copy link", "Share button that copies the article's address.", 40
    )
    label_about_author_and_reviewer = label_field(
        "About the author and reviewer",
        "Heading of the author and reviewer's profiles at the end of an article.",
    )
    label_about_author = label_field(
        "About the author", "Same heading, when the article names only an author."
    )
    label_about_reviewer = label_field(
        "About the reviewer", "Same heading, when the article names only a reviewer."
    )
    label_related_articles = label_field(
        "More to explore", "Heading of the related articles under an article."
    )
    label_browse_topics = label_field(
        "Browse by topic", "Heading of the topic menu on the blog's article list."
    )
    label_all_articles = label_field(
        "All articles", "First link of the topic menu: every article.", 50
    )
    label_no_articles = label_field(
        "No articles here yet.", "The blog's list when no article matches (a topic, a tag)."
    )
    label_no_person_articles = label_field(
        "No articles yet.", "An author's or reviewer's page when no article names them."
    )
    label_follow_feeds = label_field(
        "Follow new articles:", "Before the feed links at the end of the blog's article list."
    )
    label_rss_feed = label_field("RSS feed", "Link to the blog's RSS feed.", 40)
    label_atom_feed = label_field("Atom feed", "Link to the blog's Atom feed.", 40)
    label_previous_page = label_field(
        "Previous", "Link to the previous page of a list (articles, search results).", 30
    )
    label_next_page = label_field(
        "Next", "Link to the next page of a list (articles, search results).", 30
    )

    # Clinics
    label_no_clinics = label_field(
        "No clinics are listed yet.", "The clinics page while no clinic is published."
    )
    label_clinics_map = label_field("Map of our clinics", "Heading of the map on the clinics page.")
    label_clinics_map_name = label_field(
        "our clinics",
        "What the clinics page's map shows, in “Show map of …” (screen readers) "
        "and “View … on OpenStreetMap”.",
        50,
    )
    label_call_clinic = label_field(
        "Call", "Before a clinic's name on its call buttons (clinic page and cards).", 30
    )
    label_clinic_details = label_field(
        "Hours, map and directions", "Link from a clinic's card to its page."
    )
    label_address_heading = label_field(
        "Address and contact", "Heading of the address on a clinic's page."
    )
    label_phone = label_field("Phone", "Before a clinic's phone number under its address.", 30)
    label_fax = label_field("Fax", "Before a clinic's fax number under its address.", 30)
    label_email = label_field("Email", "Before a clinic's email address under its address.", 30)
    label_directions = label_field(
        "Get directions", "Link to a clinic in the visitor's maps app.", 50
    )
    label_directions_note = label_field(
        "(opens your maps app)", "After the directions link's text.", 50
    )
    label_opening_hours = label_field(
        "Opening hours", "Heading of the opening hours on a clinic's page.", 50
    )
    label_no_hours = label_field(
        "Call us for opening hours.", "A clinic's page while its opening hours are empty."
    )
    label_card_no_hours = label_field(
        "Call for opening hours.", "A clinic's card while its opening hours are empty."
    )
    label_local_time = label_field(
        "Times are local time in", "Under the opening hours, before the clinic's city."
    )
    label_special_hours = label_field(
        "Holidays and special hours", "Heading of a clinic's upcoming special opening hours."
    )
    label_closed = label_field("Closed", "A special day on which a clinic is closed.", 30)
    label_services = label_field(
        "Services at this clinic", "Heading of the services on a clinic's page."
    )
    label_parking = label_field(
        "Parking and getting here", "Heading of the parking notes on a clinic's page."
    )
    label_accessibility = label_field(
        "Accessibility", "Heading of the accessibility notes on a clinic's page."
    )
    label_map = label_field("Map", "Heading of the map on a clinic's page.", 50)
    label_show_map = label_field("Show map", "Button that loads a map from openstreetmap.org.", 40)
    label_show_map_note = label_field(
        "(loads from openstreetmap.org)",
        "After the map button's text: the map comes from another website.",
    )

    # Search
    label_search_heading = label_field("Search", "Heading and title of the search page.", 50)
    label_search_results_for = label_field(
        "Search results for", "Browser tab title of a search, before the words searched."
    )
    label_search_page_box = label_field(
        "Search this site", "Label above the search page's search box."
    )
    label_search_recommended = label_field(
        "Recommended", "Heading of the results editors promote for a search.", 50
    )
    label_search_no_results = label_field(
        "Nothing matched. Try fewer or different words.",
        "The search page when nothing matches.",
        150,
    )

    # Forms
    label_form_required = label_field(
        "(required)", "After the question of each form field that needs an answer.", 30
    )
    label_form_rate_limited = label_field(
        "We could not send your request just now",
        "Heading of the message to a visitor who sent too many requests in a short time.",
        120,
    )
    label_form_thank_you = label_field(
        "Thank you: your request was sent",
        "Heading of the page after a consultation request is sent.",
        120,
    )
    label_back_home = label_field(
        "Back to the home page", "Link at the end of the page after a request is sent."
    )

    # Errors
    label_not_found_title = label_field(
        "Page not found", "Browser tab title of the page for an address that does not exist."
    )
    label_not_found_heading = label_field(
        "We can’t find that page", "Heading of the page for an address that does not exist."
    )
    label_not_found_text = label_field(
        "The page may have moved, or the address may be mistyped.",
        "Text under that heading.",
        200,
    )
    label_not_found_home = label_field("Go to the home page", "Link to the home page on that page.")
    label_not_found_search = label_field("Search the site", "Link to the search page on that page.")

    class Meta:
        abstract = True

    @classmethod
    def label_names(cls):
        return [field.name for field in SiteLabels._meta.fields]

    def label(self, name):
        """The words of label ``name`` (e.g. "label_share") as typed in this
        set, or its default when the field is empty."""
        if name not in LABEL_NAMES:
            raise KeyError(name)
        value = getattr(self, name, "")
        return value if value and value.strip() else self._meta.get_field(name).default


class Labels:
    """Read-only view of one language's labels (``words``: {"label_share":
    ...}), by name without the "label_" prefix. An unknown name is a
    KeyError (a template shows nothing, and tests.core.test_labels checks
    every name the templates use)."""

    def __init__(self, words):
        self.words = words

    def __getitem__(self, name):
        if f"label_{name}" not in LABEL_NAMES:
            raise KeyError(name)
        return self.words[f"label_{name}"]

    def __contains__(self, name):
        return f"label_{name}" in LABEL_NAMES


LABEL_NAMES = frozenset(SiteLabels.label_names())

LABEL_AREAS = [
    (
        "Header & menu",
        [
            "label_skip_link",
            "label_menu_button",
            "label_search_box",
            "label_search_placeholder",
            "label_search_button",
            "label_language_switcher",
        ],
    ),
    ("Footer", ["label_footer_clinics", "label_footer_links", "label_footer_notices"]),
    ("Notices", ["label_notice_effective"]),
    (
        "Articles",
        [
            "label_article_by",
            "label_article_updated",
            "label_reading_time",
            "label_reviewed_by",
            "label_reviewed_on",
            "label_not_reviewed",
            "label_table_of_contents",
            "label_article_tags",
            "label_share",
            "label_copy_link",
            "label_about_author_and_reviewer",
            "label_about_author",
            "label_about_reviewer",
            "label_related_articles",
            "label_browse_topics",
            "label_all_articles",
            "label_no_articles",
            "label_no_person_articles",
            "label_follow_feeds",
            "label_rss_feed",
            "label_atom_feed",
            "label_previous_page",
            "label_next_page",
        ],
    ),
    (
        "Clinics",
        [
            "label_no_clinics",
            "label_clinics_map",
            "label_clinics_map_name",
            "label_call_clinic",
            "label_clinic_details",
            "label_address_heading",
            "label_phone",
            "label_fax",
            "label_email",
            "label_directions",
            "label_directions_note",
            "label_opening_hours",
            "label_no_hours",
            "label_card_no_hours",
            "label_local_time",
            "label_special_hours",
            "label_closed",
            "label_services",
            "label_parking",
            "label_accessibility",
            "label_map",
            "label_show_map",
            "label_show_map_note",
        ],
    ),
    (
        "Search",
        [
            "label_search_heading",
            "label_search_results_for",
            "label_search_page_box",
            "label_search_recommended",
            "label_search_no_results",
        ],
    ),
    (
        "Forms",
        [
            "label_form_required",
            "label_form_rate_limited",
            "label_form_thank_you",
            "label_back_home",
        ],
    ),
    (
        "Errors",
        [
            "label_not_found_title",
            "label_not_found_heading",
            "label_not_found_text",
            "label_not_found_home",
            "label_not_found_search",
        ],
    ),
]


def label_panels():
    """The "Labels" tab: one group of fields per part of the page."""
    return [
        MultiFieldPanel([FieldPanel(name) for name in names], heading=heading)
        for heading, names in LABEL_AREAS
    ]
