"""Shared fixtures, and the rule for tests that need a real service.

A test marked ``needs_postgres`` or ``needs_redis`` runs against the service named by
``DATABASE_URL`` / ``REDIS_URL``. When the variable is set but the service does not answer, the test
*fails*. When it is unset the test is skipped locally, but fails under CI (``CI`` set), where the
services are always configured.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests import services


def _require(service: str, variable: str, reachable: bool) -> None:
    if not os.environ.get(variable):
        if os.environ.get("CI"):
            pytest.fail(f"{variable} must be set under CI: this test needs {service}.")
        pytest.skip(f"needs {service}: set {variable} to run it")
    if not reachable:
        pytest.fail(f"{variable} is set but {service} does not answer at {os.environ[variable]!r}.")


@pytest.fixture(autouse=True)
def _service_markers(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("needs_postgres"):
        _require("PostgreSQL", "DATABASE_URL", services.postgres_answers())
    if request.node.get_closest_marker("needs_redis"):
        _require("Redis", "REDIS_URL", services.redis_answers())


@pytest.fixture
def home_page():
    from consultations.pages import HomePage

    return HomePage.objects.get(depth=2)


@pytest.fixture
def consultation_index(home_page):
    from tests.factories import ConsultationIndexPageFactory

    return ConsultationIndexPageFactory(parent=home_page)


@pytest.fixture(autouse=True)
def _isolated_cache(_service_markers: None) -> Iterator[None]:
    # Rate-limit counters and cached fragments must not leak from one test into the next.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
