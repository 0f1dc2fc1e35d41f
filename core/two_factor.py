"""Two-factor sign-in for the Wagtail admin: the code form and recovery codes.

wagtail-2fa provides enrolment (QR code, confirming the first code), device
management and the middleware that sends a signed-in user without a verified
device here. Its own code form stopped working with django-otp 1.7.1, which
no longer tries every device of a user when the form names none
(labd/wagtail-2fa#284, open): every correct code was refused. This form names
the device itself, through django-otp's documented form contract
(``OTPAuthenticationFormMixin`` with an ``otp_device`` value):

- a code of digits goes to the user's authenticator app (TOTPDevice); with
  more than one app confirmed, the person picks which one;
- anything else goes to the user's recovery codes (django-otp's StaticDevice);
  each code is deleted as it is used, so it works once.

django-otp throttles wrong codes per device (a growing delay), and a TOTP
code is refused a second time within its step, so a code seen over a
shoulder cannot be replayed.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import RedirectURLMixin, redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView
from django_otp import login as otp_login
from django_otp.forms import OTPAuthenticationFormMixin
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "Recovery codes"


def normalise_code(value: str) -> str:
    """What a person types, as django-otp stores it: no spaces or dashes
    (codes are shown in groups), recovery codes in lower case."""
    return "".join(value.split()).replace("-", "").lower()


def authenticator_apps(user):
    return list(TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk"))


def recovery_device(user):
    return StaticDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


class TokenForm(OTPAuthenticationFormMixin, forms.Form):
    otp_token = forms.CharField(
        label="Code",
        max_length=40,
        help_text="The 6-digit code your authenticator app shows now, or a recovery code.",
        widget=forms.TextInput(
            attrs={
                "autofocus": "autofocus",
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
            }
        ),
    )
    otp_device = forms.ChoiceField(label="Authenticator app", required=False)

    otp_error_messages = {
        **OTPAuthenticationFormMixin.otp_error_messages,
        "token_required": "Enter the code from your authenticator app.",
        "invalid_token": "That code is not right. Enter the code your app shows now "
        "(a code works once), or a recovery code you have not used.",
    }

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.apps = authenticator_apps(user)
        if len(self.apps) > 1:
            self.fields["otp_device"].choices = [(d.persistent_id, d.name) for d in self.apps]
        else:
            # One app (the usual case): nothing to choose.
            del self.fields["otp_device"]

    def chosen_device(self, token: str):
        if token.isdigit():
            if len(self.apps) == 1:
                return self.apps[0]
            chosen = self.cleaned_data.get("otp_device")
            return next((d for d in self.apps if d.persistent_id == chosen), None)
        return recovery_device(self.user)

    def clean(self):
        token = normalise_code(self.cleaned_data.get("otp_token") or "")
        if not token:
            return self.cleaned_data
        device = self.chosen_device(token)
        if device is None:
            raise forms.ValidationError(
                self.otp_error_messages["invalid_token"], code="invalid_token"
            )
        self.cleaned_data["otp_token"] = token
        self.cleaned_data["otp_device"] = device.persistent_id
        self.clean_otp(self.user)
        return self.cleaned_data


@method_decorator([sensitive_post_parameters(), never_cache], name="dispatch")
class SignInView(RedirectURLMixin, FormView):
    """The second step of signing in: /admin/2fa/auth (wagtail-2fa's URL name,
    so its middleware and templates send people here)."""

    form_class = TokenForm
    template_name = "two_factor/sign_in.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
        if not (authenticator_apps(request.user) or recovery_device(request.user)):
            return redirect("wagtail_2fa_device_new")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "next": self.get_redirect_url(),
        }

    def form_valid(self, form):
        device = self.request.user.otp_device
        otp_login(self.request, device)
        if isinstance(device, StaticDevice):
            left = device.token_set.count()
            messages.warning(
                self.request,
                f"You signed in with a recovery code; {left} left. "
                "If your phone is lost, set up a new authenticator app and new recovery codes.",
            )
        return super().form_valid(form)

    def get_success_url(self):
        return self.get_redirect_url() or resolve_url(
            settings.LOGIN_REDIRECT_URL or "wagtailadmin_home"
        )


@method_decorator(never_cache, name="dispatch")
class RecoveryCodesView(View):
    """A set of single-use recovery codes for the signed-in person, shown once
    when made; making a new set replaces the old one."""

    template_name = "two_factor/recovery_codes.html"

    def dispatch(self, request, *args, **kwargs):
        # Only with an authenticator app, and only once signed in with a code:
        # recovery codes replace the second factor, so they need it.
        if not request.user.is_authenticated:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def context(self, request, codes=None):
        device = recovery_device(request.user)
        return {
            "has_app": bool(authenticator_apps(request.user)),
            "verified": request.user.is_verified(),
            "left": device.token_set.count() if device else 0,
            "codes": codes,
        }

    def get(self, request):
        return render(request, self.template_name, self.context(request))

    def post(self, request):
        if not (authenticator_apps(request.user) and request.user.is_verified()):
            raise PermissionDenied
        codes = []
        with transaction.atomic():
            StaticDevice.objects.filter(user=request.user).delete()
            device = StaticDevice.objects.create(
                user=request.user, name=RECOVERY_DEVICE_NAME, confirmed=True
            )
            for _ in range(RECOVERY_CODE_COUNT):
                token = StaticToken.random_token()
                device.token_set.create(token=token)
                codes.append("-".join(token[i : i + 4] for i in range(0, len(token), 4)))
        return render(request, self.template_name, self.context(request, codes=codes))
