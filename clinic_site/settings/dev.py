"""Local development: `make run` (SQLite file, console email)."""

from .base import *  # noqa: F403
from .env import env_bool, env_list, env_str

DEBUG = env_bool("DEBUG", True)
# A fixed key is fine for local development only; production requires one.
SECRET_KEY = env_str("SECRET_KEY", "") or "django-insecure-local-development-only-key"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# The demo content (`make run` loads it): never installed in production.
INSTALLED_APPS = ["whitenoise.runserver_nostatic", *INSTALLED_APPS, "demo"]  # noqa: F405
# runserver logs every request itself: the app's access log only on demand.
LOGGING["loggers"]["core.access"]["level"] = (  # noqa: F405
    "INFO" if env_bool("ACCESS_LOG", False) else "CRITICAL"
)
