"""The consultation request page (Wagtail form builder) and its submissions.

A visitor's request is the most important thing this site stores. The page
validates it (builder fields, lengths, formats, consent); the submissions
service (forms_app.submissions) stores it in one transaction, and only after
the commit two emails go out that contain none of the visitor's answers: an
alert to the clinic's intake address (location, time, admin link) and a
confirmation to the visitor. A failed email never loses a request: the
submission records the failure and ``manage.py retry_consultation_notifications``
sends it later.

- ``form_fields``: the form's questions, as editors define them.
- ``page``: the consultation page: building, serving and rendering the form,
  and keeping the page cache right about it.
- ``submission``: a stored request and its follow-up state.
- ``digest_subscription``: who asked for the intake team's morning digest.
"""

from .digest_subscription import IntakeDigestSubscription
from .form_fields import ConsultationFormField
from .page import ConsultationPage
from .submission import ConsultationSubmission

__all__ = [
    "ConsultationFormField",
    "ConsultationPage",
    "ConsultationSubmission",
    "IntakeDigestSubscription",
]
