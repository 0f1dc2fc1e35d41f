"""Fenced mail claims: each email a worker sends is claimed on its row
first, so two workers (or a retry and the scheduled sweep) never send it
both, and a worker that stopped mid-send does not keep it from going.

An email is a pair of fields on a row: when it was sent and when a worker
claimed it. ``MailClaim.take`` claims it with one conditional UPDATE,
committed at once, that only one worker can win (not sent yet, and no claim
or a stale one). The claim's value, the time it was taken to the
microsecond, is the worker's token. While the mail server is being talked
to, a thread renews the claim every quarter of ``MAIL_CLAIM_SECONDS``
(60 s), each renewal a compare-and-set on the token, and the worker renews
it once more right before sending: a slow mail server never lets a second
worker take the email, and a worker whose claim was taken (its database
connection stalled past the timeout, or the row changed so that the email
is no longer owed) does not send. A claim is taken over only once its owner
has been silent for ``MAIL_CLAIM_SECONDS``: a worker killed while sending
has its email sent by the next retry, once.

What is left: a worker killed (or a database away for all of
``MARK_RETRY_PAUSES``, about 30 s) in the moment between the mail server's
acceptance and the mark, a few milliseconds, has that email sent again
``MAIL_CLAIM_SECONDS`` later. Callers give each email a Message-ID of its
own (an idempotency key), so mail systems that drop duplicates by
Message-ID show such a copy once.

Knows no app: each caller names its model, row and fields."""

import datetime
import logging
import threading
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.db.models import Q
from django.utils import timezone

logger = logging.getLogger(__name__)

# Marking an email as sent survives a database blip of about this long.
MARK_RETRY_PAUSES = (0.5, 1, 2, 4, 8, 15)


def claim_timeout():
    """A claim not renewed for this long is from a worker that stopped
    mid-send (killed, or its database went away): the email is sent again."""
    return datetime.timedelta(seconds=getattr(settings, "MAIL_CLAIM_SECONDS", 60))


def through_blips(function, *args):
    """``function(*args)``, repeated on a new connection while the database
    blips (about 30 s in all), then the error. For steps that must not be
    lost halfway: marking an email sent, giving a claim back."""
    for pause in (*MARK_RETRY_PAUSES, None):
        try:
            return function(*args)
        except (OperationalError, InterfaceError):
            if pause is None:
                raise
            connections["default"].close()
            time.sleep(pause)
    return None


class MailClaim:
    """One worker's claim on one email, held while it is sent.

    ``owed`` narrows what the email is owed for, on the row's own columns
    (for example the booking's version it describes): the claim is taken,
    renewed and marked only while the row still matches, so an email about
    a state that has since changed is neither sent nor marked as sent.
    Used as a context manager, it is renewed by a thread meanwhile."""

    def __init__(self, model, pk, *, sent_field, claim_field, label, token, owed=None):
        self.model = model
        self.pk = pk
        self.sent_field = sent_field
        self.claim_field = claim_field
        self.label = label
        self.token = token
        self.owed = owed or {}
        self.lost = False
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.thread = None

    @classmethod
    def take(cls, model, pk, *, sent_field, claim_field, label, owed=None):
        """The claim on the row's email for this worker, or None when it is
        sent, no longer owed, or another worker holds it."""
        now = timezone.now()
        unclaimed = Q(**{f"{claim_field}__isnull": True}) | Q(
            **{f"{claim_field}__lt": now - claim_timeout()}
        )
        taken = (
            model.objects.filter(pk=pk, **{f"{sent_field}__isnull": True}, **(owed or {}))
            .filter(unclaimed)
            .update(**{claim_field: now})
        )
        if taken != 1:
            return None
        return cls(
            model,
            pk,
            sent_field=sent_field,
            claim_field=claim_field,
            label=label,
            token=now,
            owed=owed,
        )

    def _mine(self):
        return self.model.objects.filter(
            pk=self.pk,
            **{f"{self.sent_field}__isnull": True, self.claim_field: self.token},
            **self.owed,
        )

    def renew(self):
        """Still ours? Moves the claim's time (and the token) to now."""
        with self.lock:
            if self.lost:
                return False
            now = timezone.now()
            if self._mine().update(**{self.claim_field: now}) == 1:
                self.token = now
            else:
                self.lost = True
                logger.warning("%s: its claim was taken by another worker; not sent", self.label)
            return not self.lost

    def _keep(self):
        every = claim_timeout().total_seconds() / 4
        try:
            while not self.stopped.wait(every):
                try:
                    if not self.renew():
                        return
                except (OperationalError, InterfaceError):
                    connections["default"].close()  # try again at the next beat
        finally:
            connections["default"].close()  # this thread's own connection

    def __enter__(self):
        self.stopped.clear()
        self.thread = threading.Thread(target=self._keep, name="mail-claim", daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.thread.join()

    def send(self, message):
        """Send ``message`` while the claim is renewed; fenced: only while
        the claim is still this worker's. Whether it went. A failure is
        raised: the caller gives the claim back (``release``), recording it."""
        with self:
            if not self.renew():
                return False
            message.send(fail_silently=False)
        return True

    def release(self, **also):
        """Give the claim back after a failed send (if it is still ours),
        recording ``also`` on the row with it."""
        try:
            through_blips(
                lambda: self.model.objects.filter(
                    pk=self.pk, **{self.claim_field: self.token}
                ).update(**{self.claim_field: None}, **also)
            )
        except (OperationalError, InterfaceError):
            connections["default"].close()  # the claim expires by itself

    def mark_sent(self, **also):
        """Record that the email went out (through database blips: an email
        sent but not marked would be sent again once its claim is old), with
        ``also``. Only while the row still owes this email (``owed``).
        Whether it was marked."""
        return bool(
            through_blips(
                lambda: self.model.objects.filter(pk=self.pk, **self.owed).update(
                    **{self.sent_field: timezone.now(), self.claim_field: None}, **also
                )
            )
        )
