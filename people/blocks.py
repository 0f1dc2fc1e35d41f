"""The Team block: cards of chosen people, each linked to their profile."""

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from core.blocks import CharBlock, TextBlock

from .pages import profile_host
from .text import attach_text


class TeamBlock(blocks.StructBlock):
    """The people chosen (authors, clinicians), each linked to their profile."""

    heading = CharBlock(max_length=150, default="Our team")
    intro = TextBlock(required=False, max_length=300)
    people = blocks.ListBlock(SnippetChooserBlock("people.Person"), min_num=1)

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
