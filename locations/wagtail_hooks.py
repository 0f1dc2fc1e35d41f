"""What the locations app offers to the rest of the site."""

from wagtail import hooks

from .blocks import ClinicCardsBlock


@hooks.register("register_section_blocks")
def locations_section_blocks():
    """The clinics' cards, for the pages made of sections (core.sections;
    positions as in home.wagtail_hooks)."""
    return [(20, "clinic_cards", ClinicCardsBlock)]
