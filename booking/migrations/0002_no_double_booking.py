"""The database's guarantee that one staff member is never booked twice:
an exclusion constraint (PostgreSQL's EXCLUDE USING gist, through
django.contrib.postgres) on the confirmed bookings' busy time (the
appointment with its buffers) per staff member.

PostgreSQL only: SQLite (the one-command local run) has no exclusion
constraints, so this migration does nothing there, and the constraint is
not in the model's Meta.constraints (Django would put it in SQLite's CREATE
TABLE and in model-form validation). booking.service says what SQLite gets
instead.
"""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeBoundary, RangeOperators
from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations
from django.db.models import Func, Q

NAME = "booking_no_overlap_per_staff"


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


def constraint():
    return ExclusionConstraint(
        name=NAME,
        expressions=[
            ("staff", RangeOperators.EQUAL),
            (TsTzRange("busy_start", "busy_end", RangeBoundary()), RangeOperators.OVERLAPS),
        ],
        condition=Q(status="confirmed"),
    )


def add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_constraint(apps.get_model("booking", "Booking"), constraint())


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_constraint(apps.get_model("booking", "Booking"), constraint())


class Migration(migrations.Migration):
    dependencies = [("booking", "0001_initial")]

    operations = [
        # btree_gist: "=" on the staff member's id inside a GiST index.
        BtreeGistExtension(),
        migrations.RunPython(add, remove),
    ]
