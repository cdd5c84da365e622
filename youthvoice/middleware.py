"""Platform-wide middleware."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


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
