"""Security headers the settings do not cover: Permissions-Policy on every
response, and the admin's own, looser Content-Security-Policy (the strict
public policy from django-csp excludes only the admin prefixes)."""

from django.conf import settings

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
