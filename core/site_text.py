"""The words of the page furniture in each language: the crisis notice, the
emergency notice above forms, the footer's small print, the phone and
consultation buttons' words and the labels (core.labels).

They are a translatable snippet (``SiteText``, Snippets → Site text), not
fields of the clinic settings: Wagtail's settings have one value per site
whatever the language, so an editor's English wording used to show on the
Spanish pages too. Each language has its own copy of the set (Wagtail's
translation key ties them), edited in the admin like any snippet or
translated with wagtail-localize; the clinic settings choose which set the
site uses (``SiteSettings.site_text``; none chosen: the first one).

Pages read the words through ``site_words``: the set in the request's
language, else the default language's, whose words are then given in the
request's language where the project's catalog (locale/) knows them (the
default wording) and as typed otherwise. Kept as plain data in the chrome
cache: saving a set purges every page (``shown_in_site_chrome``, see
pagecache.signals).
"""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import RichTextField
from wagtail.models import TranslatableMixin

from .blocks import INLINE_RICH_TEXT_FEATURES
from .labels import LABEL_NAMES, SiteLabels, label_panels, translated

# The words that are not labels, in the order the admin shows them.
NOTICE_FIELDS = ("crisis_notice", "form_emergency_notice", "footer_text")
BUTTON_FIELDS = ("phone_label", "consultation_label")
WORD_FIELDS = BUTTON_FIELDS + NOTICE_FIELDS


class SiteText(TranslatableMixin, SiteLabels, models.Model):
    """One language's words of the page furniture for a site."""

    # pagecache.signals: every page shows these words, so saving or deleting
    # a set purges every page (the chrome), as a site setting does.
    shown_in_site_chrome = True

    name = models.CharField(
        max_length=100,
        default="Site text",
        help_text="Only editors see it: which site's words these are.",
    )
    phone_label = models.CharField(
        max_length=40,
        default="Call us",
        help_text="Text before the number in the header, the footer and the page-not-found page.",
    )
    consultation_label = models.CharField(
        max_length=50,
        default="Request a consultation",
        help_text="Text of the header's button to the consultation page (clinic settings).",
    )
    crisis_notice = RichTextField(
        features=INLINE_RICH_TEXT_FEATURES,
        blank=True,
        help_text="Shown in the footer of every page (and on sensitive articles), "
        "e.g. 'If you are in crisis, call or text 988'.",
    )
    form_emergency_notice = RichTextField(
        features=INLINE_RICH_TEXT_FEATURES,
        blank=True,
        help_text="Shown above forms: they are not for emergencies.",
    )
    footer_text = RichTextField(
        features=INLINE_RICH_TEXT_FEATURES,
        blank=True,
        help_text="Small print at the bottom of every page.",
    )

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("name"),
                    FieldPanel("crisis_notice"),
                    FieldPanel("form_emergency_notice"),
                    FieldPanel("footer_text"),
                ],
                heading="Notices",
            ),
            ObjectList(
                [
                    MultiFieldPanel(
                        [FieldPanel(name) for name in BUTTON_FIELDS],
                        heading="Header buttons",
                    ),
                    *label_panels(),
                ],
                heading="Labels",
            ),
        ]
    )

    class Meta(TranslatableMixin.Meta):
        verbose_name = "site text"
        verbose_name_plural = "site text"

    def __str__(self):
        return self.name


def copies_of_chosen_set(site_text_id):
    """{language code: copy} of the set the clinic settings chose, else of
    the first one (empty: none yet), in one query."""
    from django.db.models import Subquery

    chosen = SiteText.objects.order_by("pk")
    if site_text_id:
        chosen = chosen.filter(pk=site_text_id)
    copies = SiteText.objects.filter(
        translation_key=Subquery(chosen.values("translation_key")[:1])
    ).select_related("locale")
    return {copy.locale.language_code: copy for copy in copies}


def build_words(site_text_id, language):
    """{field name: words} of the chosen set in ``language`` (plain data):
    its copy in that language as typed, else the default language's copy
    through the catalog (core.labels.translated); an empty label is its
    default words in ``language``."""
    from django.conf import settings
    from django.utils import translation

    copies = copies_of_chosen_set(site_text_id)
    text = copies.get(language) or copies.get(settings.LANGUAGE_CODE)
    if text is None and copies:
        text = next(iter(copies.values()))
    own = text is not None and text.locale.language_code == language
    if text is None:
        text = SiteText()  # the fields' defaults: no notices, the default words
    with translation.override(language):
        words = {}
        for name in sorted(LABEL_NAMES) + list(WORD_FIELDS):
            value = getattr(text, name) or ""
            if name in LABEL_NAMES and not value.strip():
                words[name] = translated(SiteText._meta.get_field(name).default)
            else:
                words[name] = value if own else translated(value)
    return words


def site_words(site_text_id, language):
    """``build_words`` from the chrome cache (purged by saving any set)."""
    from pagecache.chrome import cached

    return cached(
        f"site-text:{site_text_id or ''}:{language}", lambda: build_words(site_text_id, language)
    )
