from django.apps import AppConfig


class FormsAppConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "forms_app"

    def ready(self):
        from django.db import transaction
        from wagtail.rich_text import expand_db_html
        from wagtail.signals import page_published, page_unpublished

        from core.outage import refresh_snapshot, register_snapshot_part

        from .models import ConsultationPage

        def thank_you_pages():
            """Path of each live form's thank-you page -> its text: served
            without the database when it blips right after a request was
            stored (core.outage.thank_you_without_database)."""
            pages = {}
            for page in ConsultationPage.objects.live():
                parts = page.get_url_parts()
                if parts is not None:
                    path = parts[2] + page.reverse_subpage("thank_you")
                    pages[path] = {"text": expand_db_html(page.thank_you_text or "")}
            return pages

        register_snapshot_part("thank_you_pages", thank_you_pages)

        def consultation_paths():
            """Path of each live form (its thank-you page lies below it)."""
            paths = []
            for page in ConsultationPage.objects.live():
                parts = page.get_url_parts()
                if parts is not None:
                    paths.append(parts[2])
            return paths

        register_snapshot_part("consultation_paths", consultation_paths)

        from core.logging import register_private_paths
        from core.outage import current_snapshot

        # An address next to a consultation request identifies a patient:
        # the access log leaves it out on these pages, whatever they are
        # called (None until the snapshot is known: then it leaves it out
        # everywhere).
        register_private_paths(lambda: current_snapshot().get("consultation_paths"))

        def changed(sender, **kwargs):
            transaction.on_commit(refresh_snapshot)

        page_published.connect(
            changed, sender=ConsultationPage, dispatch_uid="forms.snapshot", weak=False
        )
        page_unpublished.connect(
            changed, sender=ConsultationPage, dispatch_uid="forms.snapshot-u", weak=False
        )

        from django.db.models.signals import post_save

        from locations.models import LocationIndexPage

        from .groups import grant_routing_page_permissions

        def let_intake_route(sender, instance, created, raw=False, **kwargs):
            """A new page holding request-routing fields: the intake coordinators
            may edit it (where its requests go) from the start."""
            if created and not raw:
                grant_routing_page_permissions(instance)

        for model in (LocationIndexPage, ConsultationPage):
            post_save.connect(
                let_intake_route,
                sender=model,
                weak=False,
                dispatch_uid=f"forms.routing-{model.__name__}",
            )
