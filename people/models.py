"""The people of the clinic who appear on the site: authors, medical
reviewers, clinicians in a Team block. Each has a profile page under a page
that hosts profiles (people.pages.PersonProfilesMixin: the blog)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.search import index


class Person(index.Indexed, models.Model):
    """An author or medical reviewer of articles."""

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
        data = {"@type": "Person", "name": self.name}
        if self.credentials:
            data["honorificSuffix"] = self.credentials
        if self.role:
            data["jobTitle"] = self.role
        url = self.url_for(host, request, full=True)
        if url:
            data["url"] = url
        return data


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
