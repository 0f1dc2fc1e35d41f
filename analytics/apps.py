from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "analytics"
    verbose_name = "Visit figures"

    def ready(self):
        from django.urls import reverse

        from core.conversions import register_visit_counter
        from core.logging import register_private_paths

        from .counting import counter

        # Consultation requests (and bookings) are counted as conversions,
        # attributed to the page their visit started on (core.conversions).
        register_visit_counter(counter)
        # The beacon of a consultation page leaves at the moment that page is
        # seen: its log line, next to the form's, must not name the client.
        register_private_paths(lambda: [reverse("analytics_visit")])
