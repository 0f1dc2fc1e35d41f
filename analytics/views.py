"""The beacon's endpoint: ``POST /visit/`` (analytics.counting says what it counts)."""

import logging

from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from . import counting

logger = logging.getLogger(__name__)

MAX_BODY = 4096


def _empty(status=204):
    return HttpResponse(status=status)


@never_cache
@csrf_exempt  # no cookie, no session, nothing to forge: it only adds one to a count
def visit(request):
    """One view, from visit.js. 204 whether it was counted or left out on
    purpose (robots, Do Not Track, another site's page); 400 for what visit.js
    never sends; never an error page, and never slower for an outage: with the
    database away the view is simply not counted."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if len(request.body) > MAX_BODY:
        return HttpResponseBadRequest()
    if counting.is_robot(request) or counting.does_not_want_counting(request):
        return _empty()
    if counting.is_cross_site(request):
        return _empty()
    try:
        hit = counting.read_beacon(request.POST, request)
    except (counting.BadBeacon, ValueError):
        return HttpResponseBadRequest()
    try:
        if counting.over_address_limit(request, hit.day):
            return _empty(429)
        hit.visitor = counting.visitor_hash(request, hit.day)
        hit.save(force_insert=True)
    except DatabaseError:
        logger.warning("A view was not counted: the database is unavailable")
    return _empty()
