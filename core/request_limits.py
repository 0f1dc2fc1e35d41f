"""Bounded public POSTs: a visitor cannot make the app parse megabytes.

Public (non-admin) POSTs above ``PUBLIC_REQUEST_MAX_BYTES`` or with more
than ``PUBLIC_REQUEST_MAX_FIELDS`` fields get the 400 page in the site's
chrome; the admin keeps Django's larger limits for long pages.
"""

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http.multipartparser import MultiPartParserError

from .headers import is_admin_path

logger = logging.getLogger(__name__)


class PublicRequestLimitMiddleware:
    """Bound public POST bodies (bytes and fields): a clear 400, never a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD", "OPTIONS") and not is_admin_path(
            request.path_info
        ):
            problem = self.check(request)
            if problem:
                logger.warning("Refused a public request: %s", problem)
                return bad_request_response(request)
        return self.get_response(request)

    def check(self, request):
        max_bytes = settings.PUBLIC_REQUEST_MAX_BYTES
        max_fields = settings.PUBLIC_REQUEST_MAX_FIELDS
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return "invalid Content-Length"
        if length > max_bytes:
            return f"body of {length} bytes (limit {max_bytes})"
        body = request.body  # bounded above; read once, parsed below from memory
        if len(body) > max_bytes:  # sent without a Content-Length (chunked)
            return f"body of {len(body)} bytes (limit {max_bytes})"
        # Counted by Django's own parsers, exactly as the view will see the
        # data (header names in any case, every value of a repeated name);
        # beyond DATA_UPLOAD_MAX_NUMBER_FIELDS they refuse to parse at all.
        try:
            fields = sum(len(values) for _name, values in request.POST.lists())
            fields += sum(len(files) for _name, files in request.FILES.lists())
        except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent) as exc:
            return f"{exc.__class__.__name__} from Django's parser"
        except MultiPartParserError:
            return "malformed multipart body"
        if fields > max_fields:
            return f"{fields} fields (limit {max_fields})"
        return ""


def bad_request_response(request):
    from core.views import bad_request

    return bad_request(request)
