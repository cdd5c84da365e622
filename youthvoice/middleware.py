"""Platform-wide middleware."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import is_valid_path
from django.utils import translation

from youthvoice.languages import supported_language


class AdminContentSecurityPolicyMiddleware:
    """Wagtail's admin still runs inline scripts and styles, so its pages get ``WAGTAIL_ADMIN_CSP``.

    The public site keeps the strict ``SECURE_CSP`` (no inline script). Must sit *after* Django's
    ``ContentSecurityPolicyMiddleware`` in ``MIDDLEWARE`` so it marks the response before the policy
    header is built.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.prefix = settings.WAGTAIL_ADMIN_PATH_PREFIX

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(self.prefix):
            response._csp_config = settings.WAGTAIL_ADMIN_CSP  # read by Django's CSP middleware
        return response


class PreferredLanguageMiddleware:
    """A URL without a language prefix (``/``, an old link) takes a signed-in person to their saved
    language rather than the one of their browser.

    Django's ``LocaleMiddleware`` answers such a URL with a redirect to ``/<active language>/...``,
    the language coming from the cookie or Accept-Language. This sits inside it, after
    ``AuthenticationMiddleware``, and on the way out activates the person's preference just before
    ``LocaleMiddleware`` builds that redirect. Only a 404 that it will redirect is touched (not
    ``/favicon.ico``, say), so other requests never load the user for this, and a URL prefix always
    wins.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 404 and self._redirected_by_locale_middleware(request):
            user = getattr(request, "user", None)
            preferred = supported_language(user.language) if user is not None and user.is_authenticated else None
            if preferred:
                translation.activate(preferred)
        return response

    @staticmethod
    def _redirected_by_locale_middleware(request: HttpRequest) -> bool:
        # The same test as LocaleMiddleware.process_response: no prefix, and a page under one.
        path = request.path_info
        if translation.get_language_from_path(path) is not None:
            return False
        urlconf = getattr(request, "urlconf", None)
        prefixed = f"/{translation.get_language()}{path}"  # resolvable only under the active language
        return is_valid_path(prefixed, urlconf) or (settings.APPEND_SLASH and is_valid_path(f"{prefixed}/", urlconf))
