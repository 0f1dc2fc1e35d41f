"""Two-factor sign-in where it is not required for everyone (``make run``,
``WAGTAIL_2FA_REQUIRED`` off): whoever enrolled an authenticator app is
still asked for its code at sign-in, as in production, so trying 2FA
locally behaves as it will for real; nobody is made to enrol.

wagtail-2fa's middleware does nothing at all while 2FA is not required
(it would let an enrolled person in on their password alone). With it
required (production) this middleware stands aside and wagtail-2fa asks
everyone. It sits after wagtail-2fa's, which gives ``request.user`` its
``is_verified()`` (django-otp)."""

import django_otp
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import Resolver404, resolve, reverse

# Where a person who has not yet typed their code may go.
OPEN_URL_NAMES = {
    "wagtail_2fa_auth",
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
}


class EnrolledUserVerificationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.asks_for_code(request):
            return redirect_to_login(request.get_full_path(), login_url=reverse("wagtail_2fa_auth"))
        return self.get_response(request)

    def asks_for_code(self, request):
        if settings.WAGTAIL_2FA_REQUIRED:
            return False  # wagtail-2fa's own middleware asks everyone
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return False
        if not user.has_perm("wagtailadmin.access_admin"):
            return False
        try:
            if resolve(request.path_info).url_name in OPEN_URL_NAMES:
                return False
        except Resolver404:
            pass
        return django_otp.user_has_device(user, confirmed=True)
