"""Section blocks of the clinics for the home page and standard pages (core.sections).

The clinic cards show what each live LocationPage says (name, address,
phone, hours): editors type a clinic's facts once, on its page. The block is
offered to the pages made of sections in wagtail_hooks.py; it reads the
clinics only when it renders.
"""

from urllib.parse import urlencode

from wagtail import blocks

from core.blocks import CharBlock, ImageBlock, SectionBlockMixin, TextBlock


class GalleryPhotoBlock(blocks.StructBlock):
    """One picture of a clinic's gallery: a room, the entrance, the street."""

    image = ImageBlock(
        help_text="A photo of the place a visitor will see: the entrance, the waiting "
        "room, a treatment room. Never a patient. Describe it in the alternative text."
    )
    caption = CharBlock(
        required=False,
        max_length=120,
        help_text="Shown under the photo, e.g. 'The waiting room'.",
    )

    class Meta:
        icon = "image"
        label = "Photo"


class GalleryBlock(blocks.StreamBlock):
    """The clinic's photos, in the order shown (the first is the largest)."""

    photo = GalleryPhotoBlock()

    class Meta:
        max_num = 12


class ClinicCardsBlock(SectionBlockMixin, blocks.StructBlock):
    """Cards of the live clinics: name, address, open now, call and request links."""

    heading = CharBlock(max_length=150, default="Our clinics")
    intro = TextBlock(required=False, max_length=300)
    clinics = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="locations.LocationPage", label="Clinic"),
        default=[],
        label="Only these clinics",
        help_text="Leave empty to show every published clinic.",
    )

    section_css = ("css/sections.css", "css/locations.css")
    # "Open now" is worked out in the visitor's browser: a cached page never
    # shows a stale status.
    section_js = ("js/opening-hours.js",)

    class Meta:
        icon = "site"
        template = "locations/blocks/clinic_cards_block.html"
        label = "Clinic cards"
        description = "Cards of the clinics from their pages: address, open now, call and request"
        preview_value = {
            "heading": "Our clinics",
            "intro": "Two clinics in Oregon. Call the one nearest you.",
        }

    def cache_tags(self, raw_value):
        # A clinic published, unpublished or moved also changes every page's
        # footer (the "chrome" tag); named here all the same, for what the
        # cards show.
        return {"listing:locations.locationpage"}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        parent_context = parent_context or {}
        request = parent_context.get("request")
        cards = clinic_cards(request)
        chosen = [page for page in value.get("clinics") or [] if page is not None]
        if chosen:
            # Chosen on the English page, or on its translation: the same
            # clinic in whichever language the cards are in.
            by_key = {card["translation_key"]: card for card in cards}
            keys = dict.fromkeys(str(page.translation_key) for page in chosen)
            cards = [by_key[key] for key in keys if key in by_key]
        label, link = "", None
        if request is not None:
            from core.models import SiteSettings

            site_settings = SiteSettings.for_request(request)
            label, link = site_settings.consultation_label, site_settings.consultation_link
        for card in cards:
            card["consultation_url"] = consultation_url_for(link, card["slug"])
        context.update(clinics=cards, consultation_label=label)
        return context


def consultation_url_for(link, slug):
    """The consultation page (SiteSettings.consultation_link) with the clinic
    ``slug`` preselected, or '' when no page is set."""
    if not link or not link.get("url"):
        return ""
    return f"{link['url']}?{urlencode({'location': slug})}"


def clinic_cards(request=None):
    """Plain data of every live clinic for its card (locations/components/
    card.html reads the same names as on a LocationPage), from the chrome
    cache: a clinic's publishing purges it, as it does the footer. Copies:
    the caller may add to them."""
    from django.utils import translation

    from core.i18n import one_per_translation, page_language
    from pagecache.chrome import cached

    from .models import LocationPage

    language = translation.get_language()

    def build():
        pages = (
            LocationPage.objects.live()
            .order_by("path")
            .prefetch_related("opening_hours", "hours_exceptions")
        )
        # Each clinic once, in the request's language; a clinic not yet
        # translated keeps its English card (a visitor expects every clinic),
        # marked with its language.
        return [
            clinic_card(page, request, lang=page_language(page, request))
            for page in one_per_translation(pages, request=request)
        ]

    # Per language: the cards' hours are worded in it.
    return [dict(card) for card in cached(f"clinic-cards:{language}", build, request)]


def clinic_card(page, request=None, lang=""):
    schedule = page.schedule
    return {
        "lang": lang,
        "pk": page.pk,
        "translation_key": str(page.translation_key),
        "slug": page.slug,
        "title": page.title,
        "url": page.get_url(request),
        "city": page.city,
        "region": page.region,
        "address_lines": list(page.address_lines),
        "phone": page.phone,
        "phone_href": page.phone_href,
        "display_name": page.display_name,
        "hours_data_id": page.hours_data_id,
        "hours_data": page.hours_data,
        "schedule": {
            "is_empty": schedule.is_empty(),
            "summary": [list(item) for item in schedule.summary()],
        },
    }
