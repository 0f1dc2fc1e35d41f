from django.apps import AppConfig


class LocationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "locations"

    def ready(self):
        from django.db import transaction
        from wagtail.signals import page_published, page_unpublished

        from core.outage import refresh_snapshot, register_snapshot_part

        from .models import LocationPage

        def clinics():
            """Each live clinic's name and phone, for the thank-you page
            served without the database."""
            return {
                page.slug: {"title": page.title, "phone": page.phone, "phone_href": page.phone_href}
                for page in LocationPage.objects.live().only("id", "title", "slug", "phone")
            }

        register_snapshot_part("clinics", clinics)

        def changed(sender, **kwargs):
            transaction.on_commit(refresh_snapshot)

        page_published.connect(
            changed, sender=LocationPage, dispatch_uid="locations.snapshot", weak=False
        )
        page_unpublished.connect(
            changed, sender=LocationPage, dispatch_uid="locations.snapshot-u", weak=False
        )
