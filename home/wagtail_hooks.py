"""What the home app offers to the rest of the site."""

from wagtail import hooks

from core.blocks import FAQBlock

from .blocks import CallToActionBandBlock, ServicesBlock, StepsBlock


@hooks.register("register_section_blocks")
def home_section_blocks():
    """The sections of the home page and standard pages (core.sections). The
    positions keep the editor's block menu in its order, the other apps'
    sections between them (clinic cards 20, latest articles 30, clinician
    quote 70)."""
    return [
        (10, "services", ServicesBlock),
        (40, "faq", FAQBlock),
        (50, "steps", StepsBlock),
        (60, "cta_band", CallToActionBandBlock),
    ]
