"""Who asked for the intake team's morning digest (sent by forms_app.digest)."""

from django.conf import settings
from django.db import models


class IntakeDigestSubscription(models.Model):
    """A coordinator who asked for the morning digest (Account → Intake
    digest): counts per clinic by email, never a name or an answer."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="intake_digest"
    )
    # The local date of the last digest sent (claimed before sending): one a day.
    last_sent_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "intake digest subscription"

    def __str__(self):
        return f"Intake digest for {self.user}"
