"""How articles are classified: editorial topics and free tags."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Topic(index.Indexed, models.Model):
    """An editorial category: each has a page at /blog/topic/<slug>/."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(
        max_length=100,
        unique=True,
        blank=True,
        help_text="The topic page's address: /blog/topic/<slug>/. Leave empty to make it "
        "from the name.",
    )
    description = models.TextField(
        max_length=500, blank=True, help_text="Shown at the top of the topic page."
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = "topic"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        if not self.slug:
            self.slug = slugify(self.name)
        if not self.slug:
            raise ValidationError({"slug": "Enter a slug made of letters, numbers or hyphens."})


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )
