"""The site text (core.site_text): the words of the notices, the footer,
the buttons and the labels, one copy per language."""

from wagtail.models import Locale

from core.site_text import SiteText


def site_text(language="en"):
    """The site's set of words in ``language``: the first set's copy, made
    (an English set, then its translation) when there is none."""
    english = SiteText.objects.filter(locale__language_code="en").order_by("pk").first()
    if english is None:
        english = SiteText.objects.create(name="Test site text")
    if language == "en":
        return english
    copy = english.get_translation_or_none(Locale.objects.get(language_code=language))
    if copy is None:
        copy = english.copy_for_translation(Locale.objects.get(language_code=language))
        copy.save()
    return copy


def edit_site_text(language="en", **words):
    """Save new words in ``language``'s copy, as an editor's save does."""
    text = site_text(language)
    for name, value in words.items():
        setattr(text, name, value)
    text.save()
    return text
