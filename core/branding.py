"""The admin speaks in the clinic's name: the browser tab, the sign-in page
and the authenticator app's entry (the TOTP issuer) say the clinic name
from Settings › Clinic settings, not "Wagtail" or a placeholder.
``WAGTAIL_SITE_NAME`` is the fallback while no clinic name is saved.

Imported by the settings (``OTP_TOTP_ISSUER``): models are imported inside
the functions."""

from django.conf import settings
from django.db import DatabaseError


def clinic_name(request=None):
    from wagtail.models import Site

    from .models import SiteSettings

    name = ""
    try:
        site = Site.find_for_request(request) if request is not None else None
        site = site or Site.objects.filter(is_default_site=True).first()
        if site is not None:
            name = SiteSettings.for_site(site).clinic_name
    except DatabaseError:  # before the first migrate, or the database is away
        name = ""
    return name or settings.WAGTAIL_SITE_NAME


def totp_issuer(device):
    """django-otp's ``OTP_TOTP_ISSUER`` callable: the name the authenticator
    app shows next to the code (an explicit WAGTAIL_2FA_OTP_TOTP_NAME wins)."""
    return getattr(settings, "WAGTAIL_2FA_OTP_TOTP_NAME", "") or clinic_name()
