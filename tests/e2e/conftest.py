"""Browser tests: the real ASGI application served by uvicorn in a thread of this process, driven by
Playwright on Debian's Chromium. Run with ``make test-browser`` (a pytest process of its own)."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Keep the browser off the network: this machine has none, and background fetches only add noise.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.fixture(scope="session")
def e2e_database(django_db_blocker, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A test database for the whole browser session, created here rather than by pytest-django
    (which creates one only for tests marked ``django_db``, whose per-test flush would also wipe the
    rows Wagtail's migrations create while the server is connected).

    An in-memory SQLite database cannot be shared by the server thread and the test, so SQLite gets a
    file name.
    """
    from django.conf import settings
    from django.test.utils import setup_databases, teardown_databases

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("e2e-db") / "e2e.sqlite3")
    with django_db_blocker.unblock():
        config = setup_databases(verbosity=0, interactive=False, aliases={"default"}, serialized_aliases=set())
        try:
            yield
        finally:
            _disconnect_server_threads()
            teardown_databases(config, verbosity=0)


def _disconnect_server_threads() -> None:
    """The server's worker threads may still hold connections, which would block DROP DATABASE."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
    connection.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def live_url(e2e_database: None, django_db_blocker) -> Iterator[str]:
    """The site, served for the whole browser session.

    The database is unblocked for the session and never flushed between tests: data commits as in
    production, so the server thread sees it. Tests therefore create what they need with unique
    values (factories' sequences) or idempotently (``seed_demo``).
    """
    # Playwright's sync API keeps an event loop in the main thread; Django would otherwise refuse ORM
    # calls made by the test body as if they came from async code. Set here, not at import, so the
    # unit-test process (which imports this conftest while collecting) is unaffected.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with django_db_blocker.unblock():
            yield from _serve()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def _serve() -> Iterator[str]:
    from youthvoice.asgi import application

    port = _free_port()
    config = uvicorn.Config(
        application, host="127.0.0.1", port=port, ws="websockets-sansio", lifespan="off", log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn-e2e", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start for the browser tests")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import expect, sync_playwright

    # CI machines have two cores shared with the server thread: allow more than the 5 s default.
    expect.set_options(timeout=15_000)

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run 'make chromium' or set CHROMIUM.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, request: pytest.FixtureRequest):
    """A factory of pages, each in a context of its own (separate cookies: separate people)."""
    contexts = []

    def make(*, width: int = 1280, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height})
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """Saved under screenshots/ (ignored by git) for people to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def sign_in(page, live_url: str, user) -> None:
    """Give a browser context the session of ``user`` (no login form needed)."""
    from tests.ws import session_cookie

    key = session_cookie(user).decode().split("=", 1)[1]
    page.context.add_cookies([{"name": "sessionid", "value": key, "url": live_url}])


def admin_sign_in(page, live_url: str, email: str, password: str = "youthvoice-demo") -> list[str]:  # noqa: S107
    """Sign in to the Wagtail admin through its form; returns the list that collects the page's
    console errors from then on (editor pages must run without script errors)."""
    from playwright.sync_api import expect

    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(live_url + "/admin/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Pages")).to_be_visible()
    return errors
