"""The booking page's steps (booking.models.page routes here): choose what
to book, then a day's time and the contact details, then the confirmation.
Plain HTML forms and links: everything works without JavaScript."""

from functools import partial

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Locale

from core import conversions, rate_limit
from core.i18n import default_language, locale_id, page_language
from pagecache.pages import accept_query_value, mark_fresh

from .availability import Availability, parse_slot_value
from .cached_times import free_days
from .formatting import day_text, time_text
from .forms import HONEYPOT_FIELD, BookingForm
from .models.page import parse_day
from .presenting import summary
from .service import SlotUnavailable, book

TEMPLATE = "booking/booking_page.html"
DAY_TEMPLATE = "booking/includes/day.html"
RATE_SCOPE = "booking"
CONFIRMATION_TEMPLATE = "booking/booking_confirmed.html"
# Days listed as links around the day shown ("paginated by day").
DAY_LINKS = 7


def offered_types(page):
    """The active appointment types of the live clinics, as plain values in
    the page's language: [{"pk", "kind" (the original row), "name", ...}]."""
    from locations.models import LocationPage

    from .models import AppointmentType

    default_id = locale_id(default_language())
    if default_id is None:  # no locale for the site's language (yet)
        default_id = Locale.get_default().pk
    kinds = list(
        AppointmentType.objects.filter(active=True, locale_id=default_id, clinic__live=True)
        .select_related("clinic")
        .order_by("clinic__path", "sort_order", "name")
    )
    names = {kind.translation_key: kind for kind in kinds}
    clinics = {kind.clinic.translation_key: kind.clinic for kind in kinds}
    if page.locale_id != default_id and kinds:
        for other in AppointmentType.objects.filter(
            translation_key__in=list(names), locale_id=page.locale_id
        ):
            names[other.translation_key] = other
        for other in LocationPage.objects.live().filter(
            translation_key__in=list(clinics), locale_id=page.locale_id
        ):
            clinics[other.translation_key] = other
    return [
        {
            "pk": kind.pk,
            "kind": kind,
            "name": names[kind.translation_key].name,
            "description": names[kind.translation_key].description,
            "mode": str(AppointmentType.Mode(kind.mode).label),
            "clinic_name": clinics[kind.clinic.translation_key].title,
            "clinic_phone": kind.clinic.phone,
            "clinic_phone_href": kind.clinic.phone_href,
            "spanish_available": kind.spanish_available,
        }
        for kind in kinds
    ]


def slot_items(slots, time_zone, checked=""):
    """Radio buttons' values: [{"value", "day", "label", "id", "checked"}]."""
    from .formatting import local

    return [
        {
            "value": slot.value,
            "day": day_text(local(slot.start, time_zone).date()),
            "label": time_text(slot.start, time_zone, with_zone=True),
            "id": f"id_time_{index}",
            "checked": slot.value == checked,
        }
        for index, slot in enumerate(slots)
    ]


def booking_step(page, request):
    types = offered_types(page)
    by_pk = {str(item["pk"]): item for item in types}
    source = request.POST if request.method == "POST" else request.GET
    chosen = by_pk.get(source.get("type", ""))
    context = {
        "types": types,
        "chosen": chosen,
        "page_language": page_language(page, request),
        "honeypot_name": HONEYPOT_FIELD,
    }
    if chosen is None:
        status = 200
        if request.method == "POST" or source.get("type"):
            context["type_error"] = gettext("Choose what you would like to book.")
            status = 400 if request.method == "POST" else 200
        return page.render(request, TEMPLATE, context, status=status)

    kind = chosen["kind"]
    context["time_zone"] = kind.clinic.time_zone
    if request.method == "POST":
        availability = Availability(kind)
        return post_booking(page, request, context, availability, availability.days())
    days = free_days(kind)
    # A day's page may be kept by the page cache (one copy per type and day
    # with free times), its times made again for every visitor (fresh_day).
    day = parse_day(source.get("day"))
    accept_query_value(request, "type")
    if day in days:
        accept_query_value(request, "day")
    context["day_html"] = day_fragment(page, request, context, days, day)
    arg = fresh_day_arg(page, chosen, day, context["page_language"])
    mark_fresh(request, "booking-day", arg, context["day_html"])
    return page.render(request, TEMPLATE, context)


def new_form(page, language):
    return BookingForm(initial={"contact_language": language}, consent_text=page.consent_text)


def day_fragment(page, request, context, days, day):
    """The day's times, its links to the other days and the empty form,
    rendered on their own (the part of the page that is never stale)."""
    values = dict(context, page=page, form=new_form(page, context["page_language"]))
    values.update(day_context(days, day, context["time_zone"]))
    values["consent_links"] = consent_links(page, request)
    return render_to_string(DAY_TEMPLATE, values, request)  # a SafeString


def fresh_day_arg(page, chosen, day, language):
    """What a hit needs to make the day's part again without the database:
    the booking page, the appointment type, its clinic, the privacy page the
    consent links, the language and the day (letters, digits, "-" and "_"
    only: the placeholder's argument)."""
    kind = chosen["kind"]
    day_text = day.isoformat() if day else ""
    ids = (page.pk, chosen["pk"], kind.clinic_id, page.privacy_page_id or 0)
    return "_".join([*(str(value) for value in ids), language, day_text])


# Where the CSRF token goes in the day's part kept in the shared cache: each
# hit puts in the visitor's own.
CSRF_MARK = "booking-day-csrf-token"


def fresh_day(request, arg):
    """The day's part of a cached booking page for this visitor: the free
    times as of now and a fresh CSRF token. The part itself (times, day
    links, the empty form) is the same for every visitor until something it
    shows changes: it is kept in the shared cache under those things' tags
    (booking.cached_times: bookings, rules, types, the clinic) and the
    booking page's, the privacy page's and the chrome's, for the current
    minute at most (the clock's minimum notice), so a hit costs no query."""
    from django.middleware.csrf import get_token

    from pagecache.chrome import cached_by_tags
    from pagecache.tags import CHROME, model_tag, page_tag

    from .cached_times import TIMES_TAG, minute_end
    from .models import AppointmentType, StaffMember

    page_id, kind_id, clinic_id, privacy_id, language, day = arg.split("_")
    tags = {
        TIMES_TAG,
        CHROME,
        model_tag(AppointmentType),
        model_tag(StaffMember),
        page_tag(page_id),
        page_tag(clinic_id),
        page_tag(privacy_id),
    }
    name = f"booking-day-html:{arg}:{minute_end().isoformat()}"
    build = partial(day_for_everyone, request, page_id, kind_id, language, day)
    html = cached_by_tags(name, tags, build)
    return html.replace(CSRF_MARK, get_token(request))


def day_for_everyone(request, page_id, kind_id, language, day):
    """The day's part as every visitor sees it, with CSRF_MARK for the token
    (the request only gives the templates the site's settings, as for any
    visitor: nothing in this part depends on who asks)."""
    from .models import AppointmentType, BookingPage

    page = BookingPage.objects.live().filter(pk=page_id).first()
    kind = (
        AppointmentType.objects.filter(pk=kind_id, active=True, clinic__live=True)
        .select_related("clinic")
        .first()
    )
    if page is None or kind is None:
        return ""  # unpublished or withdrawn a moment ago: the copy is being purged
    chosen = {
        "pk": kind.pk,
        "clinic_phone": kind.clinic.phone,
        "clinic_phone_href": kind.clinic.phone_href,
    }
    context = {
        "chosen": chosen,
        "page_language": language,
        "time_zone": kind.clinic.time_zone,
        "honeypot_name": HONEYPOT_FIELD,
        "csrf_token": CSRF_MARK,
    }
    with translation.override(language):
        return str(day_fragment(page, request, context, free_days(kind), parse_day(day)))


def day_context(days, day, time_zone, checked=""):
    """One day's free times and the links to the other days (``day`` or
    the first day with free times); {} when there is none."""
    ordered = sorted(days)
    if day not in days:
        day = ordered[0] if ordered else None
    if day is None:
        return {}
    index = ordered.index(day)
    first = max(0, min(index - DAY_LINKS // 2, len(ordered) - DAY_LINKS))
    return {
        "day": day,
        "day_text": day_text(day),
        "previous_day": ordered[index - 1] if index > 0 else None,
        "next_day": ordered[index + 1] if index + 1 < len(ordered) else None,
        "day_links": [
            {"day": other, "text": day_text(other), "current": other == day}
            for other in ordered[first : first + DAY_LINKS]
        ],
        "slots": slot_items(days[day], time_zone, checked),
    }


def render_day(page, request, context, form, days, day, status=400, checked=""):
    """The form sent back, with one day's free times and links to the other
    days (never cached: it holds what the visitor typed)."""
    context.update(day_context(days, day, context["time_zone"], checked))
    context["form"] = form
    context["consent_links"] = consent_links(page, request)
    return page.render(request, TEMPLATE, context, status=status)


def post_booking(page, request, context, availability, days):
    kind = context["chosen"]["kind"]
    posted = parse_slot_value(request.POST.get("time"))
    form = BookingForm(request.POST, consent_text=page.consent_text)
    valid = form.is_valid()
    day = parse_day(request.POST.get("day"))
    if posted is not None:
        day = posted.astimezone(availability.tz).date()
    if not valid:
        context["form_has_errors"] = True
        return render_day(
            page, request, context, form, days, day, status=400, checked=request.POST.get("time")
        )
    # A filled honeypot, or a client over BOOKING_RATE_LIMIT (counted
    # atomically, core.rate_limit): nothing is booked; the page says so with
    # the clinic's phone number and keeps what they typed.
    refused = "honeypot" if form.honeypot_filled() else ""
    hit = None
    if not refused:
        hit = rate_limit.take(
            request, RATE_SCOPE, rate_limit.rate_setting("BOOKING_RATE_LIMIT", "5/h")
        )
        refused = "" if hit is not None else "rate_limited"
    if refused:
        context["refused"] = refused
        status = 429 if refused == "rate_limited" else 400
        return render_day(
            page, request, context, form, days, day, status=status, checked=request.POST.get("time")
        )
    # Where the visit started (the visit figures' landing page), read before
    # storing; counted as a conversion once the booking is committed.
    visit = conversions.visit_attribution(request)
    try:
        booking = book(
            kind,
            form.cleaned_data["time"],
            details=form.details(),
            language=page_language(page, request),
            consent_text=consent_wording(page, request),
            page=page,
        )
    except SlotUnavailable as unavailable:
        hit.give_back()  # nothing was booked: the post does not count
        context.update(
            {
                "unavailable": True,
                "taken": unavailable.taken,
                "slots": slot_items(unavailable.nearest, context["time_zone"]),
                "form": form,
                "consent_links": consent_links(page, request),
                "nearest": True,
            }
        )
        return page.render(request, TEMPLATE, context, status=409)
    conversions.record_conversion("booking", visit, booking.language)
    return page.redirect_to(page.confirmation_path(booking))


def confirmation(page, request, booking):
    from django.utils import translation

    with translation.override(booking.language):
        values = summary(booking)
    context = {
        "booking": values,
        "calendar_url": page.calendar_path(booking),
        "change_url": page.change_path(booking) if booking.is_confirmed else "",
    }
    return page.render(request, CONFIRMATION_TEMPLATE, context)


def consent_links(page, request=None):
    """The privacy page linked under the consent box, in the page's language."""
    from core.i18n import localized

    if not page.privacy_page_id:
        return []
    privacy = localized(page.privacy_page, request)
    if privacy is None or not privacy.live:
        return []
    return [{"url": privacy.get_url(request), "text": privacy.title}]


def consent_wording(page, request=None):
    """The consent wording as the visitor saw it, with the pages it links."""
    wording = page.consent_text
    site = page.get_site()
    root = site.root_url if site is not None else ""
    for link in consent_links(page, request):
        url = link["url"]
        if url.startswith("/"):
            url = f"{root}{url}"
        wording = f"{wording} [{link['text']}: {url}]"
    return wording
