"""Platform-level views that belong to no app."""

import hashlib
import sys
from pathlib import Path

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils import translation
from django.views.decorators.cache import cache_page, never_cache
from django.views.decorators.http import require_GET
from django.views.i18n import JavaScriptCatalog


@require_GET
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and start-up scripts: 200 once the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


# What the database raises when it cannot be reached or drops the connection mid-request.
_UNAVAILABLE = (OperationalError, InterfaceError)


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: a clear page, rendered without the database or the request's context
    processors (either may be what failed). When the database is unreachable it says so with a 503,
    and that nothing half-saved stays behind: each write is a single transaction."""
    error = sys.exc_info()[1]
    unavailable = isinstance(error, _UNAVAILABLE)
    template = "503.html" if unavailable else "500.html"
    body = loader.get_template(template).render({"LANGUAGE_CODE": translation.get_language() or "en"})
    response = HttpResponse(body, status=503 if unavailable else 500)
    if unavailable:
        response["Retry-After"] = "30"
    return response


def _javascript_catalogues_version() -> str:
    """A digest of the compiled JavaScript catalogues: cached catalogues are never served across a
    deploy that changed them, because the cache key names this version."""
    digest = hashlib.sha256()
    for locale_path in settings.LOCALE_PATHS:
        for compiled in sorted(Path(locale_path).glob("*/LC_MESSAGES/djangojs.mo")):
            digest.update(compiled.read_bytes())
    return digest.hexdigest()[:12]


# The strings of static/js in the language of the URL prefix: the same for everyone who reads that
# language, so one rendering per language is cached (and browsers keep it for the same hour).
# Naming one of our apps limits the catalogue to ours (LOCALE_PATHS are always read): by default
# Django merges in every installed app's JavaScript strings, Wagtail's admin included.
javascript_catalogue = cache_page(3600, key_prefix=f"jsi18n-{_javascript_catalogues_version()}")(
    JavaScriptCatalog.as_view(packages=["consultations"])
)
