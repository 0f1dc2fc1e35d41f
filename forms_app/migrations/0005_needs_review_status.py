"""The "needs review" status: too fast or no valid form token, maybe a person.

Requests stored as spam for those reasons before this change are moved to
"needs review", so that the intake team sees them (the dashboard counts
them); their emails stay unsent (a confirmation weeks late would confuse).
Honeypot hits stay spam.
"""

from django.db import migrations, models

FLAGGED_NOT_SPAM = ["too_fast", "bad_token"]


def move_to_review(apps, schema_editor):
    Submission = apps.get_model("forms_app", "ConsultationSubmission")
    Submission.objects.filter(status="spam", spam_reason__in=FLAGGED_NOT_SPAM).update(
        status="review"
    )


def move_back_to_spam(apps, schema_editor):
    Submission = apps.get_model("forms_app", "ConsultationSubmission")
    Submission.objects.filter(status="review").update(status="spam")


class Migration(migrations.Migration):
    dependencies = [
        ("forms_app", "0004_alert_routing"),
    ]

    operations = [
        migrations.AlterField(
            model_name="consultationsubmission",
            name="status",
            field=models.CharField(
                choices=[
                    ("new", "New"),
                    ("review", "Needs review"),
                    ("contacted", "Contacted"),
                    ("scheduled", "Scheduled"),
                    ("closed", "Closed"),
                    ("spam", "Spam"),
                ],
                db_index=True,
                default="new",
                max_length=16,
            ),
        ),
        migrations.RunPython(move_to_review, move_back_to_spam),
    ]
