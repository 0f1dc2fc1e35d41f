from django.apps import AppConfig


class BookingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "booking"
    verbose_name = "Booking"

    def ready(self):
        from django.db import transaction
        from wagtail.signals import page_published, page_unpublished

        from core.intake_sources import register_intake_source
        from core.logging import register_private_paths
        from core.outage import (
            current_snapshot,
            refresh_snapshot,
            register_outage_page,
            register_snapshot_part,
        )

        from .intake import BookingIntakeSource
        from .models import BookingPage

        # The bookings in the intake workspace, beside the requests.
        register_intake_source(BookingIntakeSource())

        def booking_paths():
            """Path of each live booking page (its confirmations lie below it)."""
            paths = []
            for page in BookingPage.objects.live():
                parts = page.get_url_parts()
                if parts is not None:
                    paths.append(parts[2])
            return paths

        register_snapshot_part("booking_paths", booking_paths)
        # An address next to "POST /book/" or a booking's confirmation
        # identifies a patient: the access log leaves it out on these pages
        # (None until the snapshot is known: then it leaves it out everywhere).
        register_private_paths(lambda: current_snapshot().get("booking_paths"))

        def without_database(request, snapshot):
            """With the database down, the booking page and its steps give
            the clinics' phone numbers instead of free times."""
            from django.http import HttpResponse

            from core.outage import snapshot_page

            paths = snapshot.get("booking_paths") or []
            if not any(request.path.startswith(path) for path in paths):
                return None
            clinics = sorted((snapshot.get("clinics") or {}).values(), key=lambda c: c["title"])
            html = snapshot_page(
                "booking/booking_unavailable.html", snapshot, request, clinics=clinics
            )
            response = HttpResponse(html, status=503, content_type="text/html; charset=utf-8")
            response["Retry-After"] = "30"
            response["Cache-Control"] = "no-store"
            return response

        register_outage_page(without_database)

        def changed(sender, **kwargs):
            transaction.on_commit(refresh_snapshot)

        page_published.connect(
            changed, sender=BookingPage, dispatch_uid="booking.snapshot", weak=False
        )

        # Free times are cached (booking.cached_times): a booking or a blocked
        # time saved or deleted anywhere (created, by the retention job, in
        # the admin) makes them stale; booking.service's moves and
        # cancellations, which update rows in place, say so themselves.
        from django.db.models.signals import post_delete, post_save

        from .cached_times import times_changed
        from .models import Booking

        def booking_saved(sender, **kwargs):
            times_changed()

        post_save.connect(booking_saved, sender=Booking, dispatch_uid="booking.times", weak=False)
        post_delete.connect(
            booking_saved, sender=Booking, dispatch_uid="booking.times-d", weak=False
        )
        page_unpublished.connect(
            changed, sender=BookingPage, dispatch_uid="booking.snapshot-u", weak=False
        )
