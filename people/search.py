"""People in the site's search results: someone searching for a clinician's
name finds them, with their portrait and role, linked to their profile
(registered with core's ``search_result_extras`` hook)."""

from django.db.models import Q
from django.template.loader import render_to_string

from .models import Person
from .pages import profile_host
from .text import with_text

MAX_PEOPLE = 4


def people_matching(query):
    """People whose name holds every word of ``query``, with their photo and
    their words in the active language (one query)."""
    words = [word for word in query.split() if len(word) > 1][:5]
    if not words:
        return []
    match = Q()
    for word in words:
        match &= Q(name__icontains=word)
    return list(with_text(Person.objects.select_related("photo")).filter(match)[:MAX_PEOPLE])


def search_people_html(request, query):
    """The "People" list above the search results, or "" when nobody matches."""
    from core.i18n import active_locale_id

    people = people_matching(query)
    if not people:
        return ""
    return render_to_string(
        "people/includes/search_people.html",
        {"people": people, "profile_host": profile_host(active_locale_id(request))},
        request=request,
    )
