"""A person's role, credentials and bio in the request's language.

The default language's words (English) are the Person's own fields; another
language's are its PersonTranslation. Every place that shows a person (the
Team block, bylines, the review box, the clinician quote, profile pages and
their structured data) reads ``person.text``: that language's words where
they are filled in, else the English ones marked ``lang="en"`` so a screen
reader says them in English.

Queries: none in the default language; in another one, none for people
loaded with ``with_text`` (three subqueries in the same SELECT), one for a
whole list given to ``attach_text`` (the Team block's people), else one per
person on first use.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import OuterRef, Subquery, Value
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant

FIELDS = ("role", "credentials", "bio")


def default_language():
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def active_language():
    language = translation.get_language()
    if not language:
        return default_language()
    try:
        return get_supported_content_language_variant(language)
    except LookupError:
        return default_language()


@dataclass(frozen=True)
class PersonText:
    """What a page shows of a person, in one language. ``*_lang`` is the
    language of a word given in another one than the page's (the English
    fallback), else ""."""

    name: str
    role: str = ""
    role_lang: str = ""
    credentials: str = ""
    credentials_lang: str = ""
    bio: str = ""
    bio_lang: str = ""

    @property
    def display_name(self):
        """'Avery Lin, MD', in the page's language."""
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


def build(person, words, language):
    """``words``: {field: text} in ``language`` (None: none there)."""
    fallback = default_language()
    values = {}
    for field in FIELDS:
        own = ((words or {}).get(field) or "").strip()
        english = getattr(person, field) or ""
        values[field] = own or english
        values[f"{field}_lang"] = fallback if not own and english and language != fallback else ""
    return PersonText(name=person.name, **values)


def remember(person, language, words):
    """Keep ``language``'s words (or None) on the person for ``text_for``."""
    loaded = person.__dict__.setdefault("translated_words", {})
    loaded[language] = words


def text_for(person, language=None):
    language = language or active_language()
    if language == default_language():
        return build(person, None, language)
    if getattr(person, "text_language", None) == language:  # with_text
        remember(person, language, {field: getattr(person, f"text_{field}") for field in FIELDS})
    if language not in person.__dict__.get("translated_words", {}):
        attach_text([person], language)  # an unsaved person (a preview) has none
    return build(person, person.__dict__.get("translated_words", {}).get(language), language)


def translations_in(language):
    from .models import PersonTranslation

    return PersonTranslation.objects.filter(locale__language_code=language)


def attach_text(people, language=None):
    """Load the words of every person in ``people`` in ``language`` (the
    active one) in one query (none in the default language)."""
    language = language or active_language()
    people = [person for person in people if person is not None and person.pk]
    if language == default_language() or not people:
        return
    rows = translations_in(language).filter(person__in=[person.pk for person in people])
    words = {row["person_id"]: row for row in rows.values("person_id", *FIELDS)}
    for person in people:
        remember(person, language, words.get(person.pk))


def with_text(queryset, language=None):
    """``queryset`` of people with their words in ``language`` (the active
    one) in the same query."""
    language = language or active_language()
    if language == default_language():
        return queryset
    rows = translations_in(language).filter(person=OuterRef("pk"))
    return queryset.annotate(
        text_language=Value(language),
        **{f"text_{field}": Subquery(rows.values(field)[:1]) for field in FIELDS},
    )
