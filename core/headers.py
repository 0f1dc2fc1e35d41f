"""Security headers the settings do not cover: Permissions-Policy on every
response, and the admin's own, looser Content-Security-Policy (the strict
public policy from django-csp excludes only the admin prefixes); django-csp's
middleware with its headers built once (ContentSecurityPolicyMiddleware)."""

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

ADMIN_PREFIXES = ("/admin/",)


def is_admin_path(path):
    return path.startswith(ADMIN_PREFIXES)


class SecurityHeadersMiddleware:
    """Permissions-Policy everywhere; the admin's own CSP on admin paths."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        admin_csp = getattr(settings, "ADMIN_CONTENT_SECURITY_POLICY", "")
        if admin_csp and is_admin_path(request.path_info):
            response["Content-Security-Policy"] = admin_csp
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with each header built once per process, not
    twice per response (the policy and the report-only policy, each from the
    settings): what every response, a cached hit included, paid for a value
    that only changes with the settings. A response or request that asks for
    its own policy (django-csp's decorators set ``_csp_*`` on the response,
    a template that used ``request.csp_nonce`` has a nonce) goes through
    django-csp's own code, unchanged."""

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            hasattr(response, attr) for attr in PER_RESPONSE_ATTRS
        ):
            return super().process_response(request, response)
        if response.status_code in (500, 404) and settings.DEBUG:
            return response  # as django-csp: Django's debug pages
        for header, value, exempt, excluded in built_policies():
            if (
                value
                and header not in response
                and not getattr(response, exempt, False)
                and not request.path_info.startswith(excluded)
            ):
                response[header] = value
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


PER_RESPONSE_ATTRS = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)
_built = []


def built_policies():
    """[(header, value, exempt attribute, excluded prefixes)] for the policy
    and the report-only policy, as django-csp builds them from the settings
    for a response without its own."""
    if not _built:
        built = []
        for header, setting, exempt, report_only in (
            (HEADER, "CONTENT_SECURITY_POLICY", "_csp_exempt", False),
            (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", "_csp_exempt_ro", True),
        ):
            policy = getattr(settings, setting, None) or {}
            excluded = tuple(policy.get("EXCLUDE_URL_PREFIXES", None) or ())
            built.append((header, build_policy(report_only=report_only), exempt, excluded))
        _built[:] = built
    return _built


@receiver(setting_changed)
def forget_built_policies(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _built.clear()
