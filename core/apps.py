from django.apps import AppConfig


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "Site core"

    def ready(self):
        import logging

        from django.conf import settings
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_save

        from . import checks
        from .models import SiteSettings, SiteText
        from .outage import refresh_snapshot, remember_snapshot
        from .restricted_fields import connect_signals
        from .sessions import mark_session_start

        if getattr(settings, "INSECURE_COOKIES_OVER_HTTP", False):
            # Loud in every process's log, not only in `check --deploy`.
            logging.getLogger("core.checks").warning(checks.INSECURE_COOKIES_MESSAGE)

        def keep_outage_snapshot(sender, instance, **kwargs):
            remember_snapshot(instance)

        # The 503 page (database down) shows the clinic's name, phone and
        # crisis notice as they were last saved.
        post_save.connect(keep_outage_snapshot, sender=SiteSettings, weak=False)
        # ... and the notices of each language, which the site text holds.
        post_save.connect(lambda **kwargs: refresh_snapshot(), sender=SiteText, weak=False)
        user_logged_in.connect(mark_session_start, dispatch_uid="core.session_start")
        # Every change of a restricted field (where consultation alerts go)
        # is in the audit log.
        connect_signals()
