"""Staff sessions end 8 hours after sign-in and after 30 minutes idle, so a
forgotten signed-in browser does not stay open to patient requests."""

import time

from django.conf import settings


def _now():
    return int(time.time())


SESSION_STARTED_KEY = "_session_started_at"
SESSION_SEEN_KEY = "_session_seen_at"


def mark_session_start(sender, request, user, **kwargs):
    """user_logged_in: remember when this session began (absolute limit)."""
    now = _now()
    request.session[SESSION_STARTED_KEY] = now
    request.session[SESSION_SEEN_KEY] = now


class SessionTimeoutMiddleware:
    """Log out after SESSION_COOKIE_AGE since login or SESSION_IDLE_TIMEOUT idle.

    Only sessions of logged-in users are looked at; anonymous visitors get
    no session (and no cookie). The "last seen" time is written at most once
    a minute, not on every admin request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = _now()
            session = request.session
            started = session.get(SESSION_STARTED_KEY) or now
            seen = session.get(SESSION_SEEN_KEY) or now
            if (
                now - started > settings.SESSION_COOKIE_AGE
                or now - seen > settings.SESSION_IDLE_TIMEOUT
            ):
                from django.contrib.auth import logout

                logout(request)
            else:
                if SESSION_STARTED_KEY not in session:
                    session[SESSION_STARTED_KEY] = started
                if now - seen >= 60 or SESSION_SEEN_KEY not in session:
                    session[SESSION_SEEN_KEY] = now
        return self.get_response(request)
