"""Spam protection for the consultation form, without third parties.

Three checks, none of which sends anything to another site:

- a honeypot field that people never see (hidden from sight, from assistive
  technology and from the tab order) and that simple bots fill in;
- a signed token issued when the form is shown, carrying the time it was
  shown: a form sent back sooner than ``CONSULTATION_MIN_SECONDS`` was not
  filled in by a person. The token also carries a random key that makes a
  double-click (the same filled-in form sent twice) one request, not two;
- a per-client rate limit on stored requests (``CONSULTATION_RATE_LIMIT``,
  e.g. "5/h"; "0" or "off" disables it, e.g. for load tests): core.rate_limit,
  counted atomically in Redis (shared by every app server) and in
  PostgreSQL while Redis is down.

What happens is decided in ``ConsultationPage``. Only a honeypot hit is
stored as "spam", with no email (a person whose password manager filled the
honeypot is not lost: intake staff can look at the spam filter). A post sent
sooner than the minimum time, or with a missing, expired or foreign token,
may well be a person's: a page kept open across a SECRET_KEY rotation or a
release, a fast autofill, a browser that restored the form. It is stored as
"needs review": the intake team is alerted (the alert says why it needs a
look), the visitor sees the usual thank-you page and gets the usual
confirmation. A rate-limited post is not stored: the visitor sees a clear
message with the clinic's phone number.
"""

import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing

from core import rate_limit

TOKEN_SALT = "forms_app.consultation.form-token"  # noqa: S105 - a namespace, not a secret

SPAM_HONEYPOT = "honeypot"
SPAM_TOO_FAST = "too_fast"
SPAM_BAD_TOKEN = "bad_token"  # noqa: S105 - missing, forged or for another form

# Why a request was flagged, in the intake team's words (admin and alert).
REASON_TEXT = {
    SPAM_HONEYPOT: "a hidden field that people do not see was filled in",
    SPAM_TOO_FAST: "it was sent sooner after the form was shown than a person usually takes",
    SPAM_BAD_TOKEN: "its form had no valid security token (a page kept open across a site "
    "update, or a form for another page)",
}


def is_spam(reason):
    """Only the honeypot says "automated" surely enough to send no alert."""
    return reason == SPAM_HONEYPOT


def describe_reason(reason):
    return REASON_TEXT.get(reason, reason)


@dataclass(frozen=True)
class FormToken:
    page_id: int
    issued_at: float
    key: str


def _signer():
    return signing.Signer(salt=TOKEN_SALT)


def issue_token(page_id, issued_at=None):
    """A signed token for the form of ``page_id``, shown now (or at ``issued_at``):
    "<page id>:<time shown>:<random key>:<signature>" (Django's Signer, HMAC-SHA256
    under SECRET_KEY). A plain string, not a signed JSON object: every cached
    consultation form gets a fresh one, and this is half the cost."""
    shown = time.time() if issued_at is None else issued_at
    return _signer().sign(f"{int(page_id)}:{shown:.3f}:{secrets.token_urlsafe(16)}")


def read_token(value, page_id):
    """The token's content if it is genuine and for this page, else None.

    Tokens in the signed-JSON form that earlier releases issued are still
    read, so a form opened before an update is not flagged for review."""
    if not value or not isinstance(value, str) or len(value) > 500:
        return None
    try:
        if value.count(":") == 3:
            page, shown, key = _signer().unsign(value).split(":")
        else:
            payload = signing.loads(value, salt=TOKEN_SALT)
            page, shown, key = payload["p"], payload["t"], payload["k"]
        token = FormToken(int(page), float(shown), str(key)[:64])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if token.page_id != page_id:
        return None
    return token


def min_seconds():
    return max(0, int(getattr(settings, "CONSULTATION_MIN_SECONDS", 3)))


def spam_reason(honeypot_value, token, now=None):
    """Why this post may be automated ("" when it does not look so)."""
    if honeypot_value:
        return SPAM_HONEYPOT
    if token is None:
        return SPAM_BAD_TOKEN
    now = time.time() if now is None else now
    if now - token.issued_at < min_seconds():
        return SPAM_TOO_FAST
    return ""


# --- Rate limit (core.rate_limit) ----------------------------------------------

RATE_SCOPE = "consultation"


def take_rate_limit(request):
    """Count this post against ``CONSULTATION_RATE_LIMIT`` (atomically, in
    Redis, or in PostgreSQL while Redis is down): a core.rate_limit.Hit when
    it may be stored, None when this client is over the limit."""
    rate = rate_limit.rate_setting("CONSULTATION_RATE_LIMIT", "5/h")
    return rate_limit.take(request, RATE_SCOPE, rate)
