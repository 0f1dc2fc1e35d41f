"""The people of the clinic who appear on the site: authors, medical
reviewers, clinicians in a Team block. Each has a profile page under a page
that hosts profiles (people.pages.PersonProfilesMixin: the blog)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.search import index


class Person(index.Indexed, ClusterableModel):
    """An author or medical reviewer of articles. Its role, credentials and
    bio are in the site's default language (English); other languages' words
    are its translations (``PersonTranslation``), read through ``text``."""

    name = models.CharField(max_length=150, help_text="Full name without titles, e.g. 'Avery Lin'.")
    slug = models.SlugField(
        max_length=150,
        unique=True,
        blank=True,
        help_text="The profile page's address: /blog/people/<slug>/. Leave empty to make it "
        "from the name.",
    )
    credentials = models.CharField(
        max_length=100,
        blank=True,
        help_text="Degrees and licences shown after the name, e.g. 'MD' or 'PMHNP-BC'.",
    )
    role = models.CharField(
        max_length=150, blank=True, help_text="e.g. 'Medical Director' or 'Health writer'."
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional portrait; the person's name is its alternative text.",
    )
    bio = models.TextField(
        max_length=600, blank=True, help_text="Two or three sentences about the person."
    )
    profile_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional page about this person that their name links to instead of "
        "their profile under the blog (/blog/people/<slug>/).",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person_profile",
        help_text="The admin account of this clinician. When they approve a medical review, "
        "the article names this person as its reviewer.",
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("credentials")]),
        FieldPanel("slug"),
        FieldPanel("role"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldPanel("profile_page"),
        # Who may approve as whom is for those who manage the accounts.
        FieldPanel("user", permission="auth.change_user"),
        InlinePanel(
            "translations",
            heading="Other languages",
            label="Language",
            help_text="The role, credentials and bio in another language (e.g. Spanish), "
            "shown on that language's pages. An empty field shows the English words.",
        ),
    ]

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("role"),
    ]

    class Meta:
        # Created by the blog app's migrations, which held this model before.
        db_table = "blog_person"
        ordering = ["name"]
        verbose_name = "person"
        verbose_name_plural = "people"

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_person_slug(self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def clean(self):
        if not self.slug:
            self.slug = unique_person_slug(self.name, exclude_pk=self.pk)
        if not self.slug:
            raise ValidationError({"slug": "Enter a slug made of letters, numbers or hyphens."})

    @property
    def display_name(self):
        """'Avery Lin, MD'."""
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    @property
    def initials(self):
        """'AL' for 'Avery Lindqvist': the portrait's stand-in without a photo."""
        words = [word for word in self.name.replace("-", " ").split() if word[:1].isalpha()]
        if not words:
            return ""
        letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
        return letters.upper()

    @property
    def portrait_tint(self):
        """Which of the soft tints (1-4) the initials sit on: steady per person,
        so neighbours in a list differ."""
        return (self.pk or 0) % 4 + 1

    @property
    def text(self):
        """The role, credentials and bio in the active language, each marked
        with its language when it is the English fallback (people.text)."""
        from .text import text_for

        return text_for(self)

    def url_for(self, host, request=None, full=False):
        """Where the person's name links: their own page when one is set and
        live, else their profile under ``host`` (a page with
        people.pages.PersonProfilesMixin, e.g. the blog); None without either."""
        if self.profile_page_id and self.profile_page and self.profile_page.live:
            page = self.profile_page
            return page.get_full_url(request) if full else page.get_url(request)
        if host is None or not self.slug:
            return None
        base = host.get_full_url(request) if full else host.get_url(request)
        if base is None:
            return None
        return base + host.reverse_subpage("person", args=[self.slug]).lstrip("/")

    def schema_org(self, request=None, host=None):
        text = self.text  # the page's language
        data = {"@type": "Person", "name": self.name}
        if text.credentials:
            data["honorificSuffix"] = text.credentials
        if text.role:
            data["jobTitle"] = text.role
        url = self.url_for(host, request, full=True)
        if url:
            data["url"] = url
        return data


class PersonTranslation(models.Model):
    """A person's role, credentials and bio in a language other than the
    default one. A companion rather than a translatable Person: a person is
    one account (medical review links it to its user) with one profile
    address, whatever the language; only these words differ."""

    person = ParentalKey(Person, on_delete=models.CASCADE, related_name="translations")
    locale = models.ForeignKey(
        "wagtailcore.Locale",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="language",
        help_text="The language of these words (English ones are the fields above).",
    )
    role = models.CharField(max_length=150, blank=True, help_text="e.g. 'Directora médica'.")
    credentials = models.CharField(
        max_length=100,
        blank=True,
        help_text="Only when they are written differently in this language.",
    )
    bio = models.TextField(max_length=600, blank=True)

    panels = [
        FieldPanel("locale"),
        FieldRowPanel([FieldPanel("role"), FieldPanel("credentials")]),
        FieldPanel("bio"),
    ]

    class Meta:
        verbose_name = "person's words in another language"
        constraints = [
            models.UniqueConstraint(
                fields=["person", "locale"], name="people_one_translation_per_language"
            )
        ]

    def __str__(self):
        return f"{self.person_id}: {self.locale_id}"

    def clean(self):
        from wagtail.models import Locale

        if self.locale_id and self.locale_id == Locale.get_default().pk:
            raise ValidationError(
                {"locale": "The words in the default language are the person's own fields."}
            )


def unique_person_slug(name, exclude_pk=None):
    """'avery-lin', or 'avery-lin-2' when another person has it."""
    base = slugify(name)[:140]
    if not base:
        return ""
    slug, number = base, 1
    others = Person.objects.exclude(pk=exclude_pk) if exclude_pk else Person.objects.all()
    while others.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug
