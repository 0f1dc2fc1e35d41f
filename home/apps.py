from django.apps import AppConfig


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = "Site core"

    def ready(self):
        import logging

        from django.conf import settings
        from django.db.models.signals import post_save

        from home import checks

        if getattr(settings, "INSECURE_COOKIES_OVER_HTTP", False):
            # Loud in every process's log, not only in `check --deploy`.
            logging.getLogger("home.security").warning(checks.INSECURE_COOKIES_MESSAGE)

        from home.models import SiteSettings
        from home.security import remember_chrome

        def keep_chrome_snapshot(sender, instance, **kwargs):
            remember_chrome(instance)

        # The 503 page (database down) shows the clinic's name, phone and
        # crisis notice as they were last saved.
        post_save.connect(keep_chrome_snapshot, sender=SiteSettings, weak=False)

        from django.contrib.auth.signals import user_logged_in

        from home.security import mark_session_start

        user_logged_in.connect(mark_session_start, dispatch_uid="home.session_start")

        from home.routing import connect_signals

        # Every change of where consultation alerts go is in the audit log.
        connect_signals()
