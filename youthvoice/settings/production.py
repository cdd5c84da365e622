"""Production: refuses to start half-configured; ``manage.py check --deploy`` reports nothing."""

import os

from django.core.exceptions import ImproperlyConfigured

from youthvoice.settings.base import *  # noqa: F403
from youthvoice.settings.env import env_bool, env_int, env_list

DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("dev-only"):
    raise ImproperlyConfigured("Production needs SECRET_KEY: at least 50 random characters.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
    # A wildcard would also defeat the WebSocket origin check, which is derived from this list.
    raise ImproperlyConfigured("Production needs ALLOWED_HOSTS naming the site's hosts, never '*'.")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", default=14 * 24 * 3600)

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Mail really leaves in production: SMTP unless another real backend is named.
MAILERS = {"default": mailer(os.environ.get("EMAIL_BACKEND", SMTP_BACKEND))}  # noqa: F405

# Background work runs in `manage.py db_worker`, never inside a request.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
