"""The Team block: cards of chosen people, each linked to their profile."""

import copy

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from core.blocks import CharBlock, MigratesAsWagtailBlock, TextBlock

from .pages import profile_host
from .text import attach_text


class PersonChooserBlock(MigratesAsWagtailBlock, SnippetChooserBlock):
    """A person from People, loaded with their portrait: the people of a
    page's blocks (a Team block's, a quote's) and their photos in one query,
    however many there are. Stored and migrated as Wagtail's snippet chooser
    (``PersonChooserBlock("people.Person")``)."""

    migrates_as = "wagtail.snippets.blocks.SnippetChooserBlock"

    def bulk_to_python(self, values):
        """Wagtail's ChooserBlock.bulk_to_python, with the photo joined."""
        found = self.model_class.objects.select_related("photo").in_bulk(values)
        result, seen = [], set()
        for value in values:
            person = found.get(value)
            if person is not None and value in seen:
                person = copy.copy(person)  # the same person twice: two instances
            seen.add(value)
            result.append(person)
        return result


class TeamBlock(blocks.StructBlock):
    """The people chosen (authors, clinicians), each linked to their profile."""

    heading = CharBlock(max_length=150, default="Our team")
    intro = TextBlock(required=False, max_length=300)
    people = blocks.ListBlock(PersonChooserBlock("people.Person"), min_num=1)

    class Meta:
        icon = "group"
        template = "people/blocks/team_block.html"
        description = "Cards of people from the People snippets, linked to their profiles"
        preview_value = {"heading": "Our team", "intro": "The clinicians who care for you."}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        # Profiles live under the page that hosts them (the blog), the one
        # in the page's language where it has one: one query.
        page = (parent_context or {}).get("page")
        context["profile_host"] = profile_host(getattr(page, "locale_id", None))
        # Their role and bio in the page's language: one query for them all.
        attach_text(value["people"])
        return context
