"""Admin customisations of the core app: two-factor sign-in, language
routing, the site text snippet."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import two_factor
from .site_text import SiteText


class SiteTextViewSet(SnippetViewSet):
    """The words of the notices, the footer, the buttons and the labels, one
    copy per language (Snippets › Site text)."""

    model = SiteText
    icon = "doc-full"
    menu_label = "Site text"
    list_display = ["name", "locale"]


register_snippet(SiteTextViewSet)


# order=-1: before wagtail-2fa's own patterns, so its URL name
# "wagtail_2fa_auth" (where its middleware sends people) reaches the code form
# that works with django-otp 1.7 (core.two_factor).
@hooks.register("register_admin_urls", order=-1)
def two_factor_urls():
    return [
        path("2fa/auth", two_factor.SignInView.as_view(), name="wagtail_2fa_auth"),
        path(
            "2fa/recovery-codes/",
            two_factor.RecoveryCodesView.as_view(),
            name="two_factor_recovery_codes",
        ),
    ]


@hooks.register("register_account_menu_item")
def recovery_codes_menu_item(request):
    return {
        "url": reverse("two_factor_recovery_codes"),
        "label": "Recovery codes",
        "help_text": "Single-use codes to sign in with if your phone is lost.",
    }


@hooks.register("before_serve_page", order=-1)
def serve_pages_in_their_language(page, request, serve_args, serve_kwargs):
    """/es/... reaching an untranslated English page redirects to it (core.i18n)."""
    from .i18n import wrong_language_redirect

    return wrong_language_redirect(page, request)
