from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "analytics"
    verbose_name = "Visit figures"

    def ready(self):
        from core.conversions import register_visit_counter

        from .counting import counter

        # Consultation requests (and bookings) are counted as conversions,
        # attributed to the page their visit started on (core.conversions).
        register_visit_counter(counter)
