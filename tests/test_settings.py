"""Settings are read from the environment at start-up, so each mode is checked in a fresh interpreter."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
# Variables the probes control; anything else is inherited from the test run.
CONTROLLED_VARIABLES = (
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DJANGO_DEBUG",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "EMAIL_BACKEND",
)

PROBE = """
import json
from django.conf import settings
import django
django.setup()
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "layer": settings.CHANNEL_LAYERS["default"]["BACKEND"],
    "layer_hosts": settings.CHANNEL_LAYERS["default"].get("CONFIG", {}).get("hosts"),
    "cache": settings.CACHES["default"]["BACKEND"],
    "email": settings.MAILERS["default"]["BACKEND"],
    "debug": settings.DEBUG,
    "tasks": settings.TASKS["default"]["BACKEND"],
}))
"""


def _run(module: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in CONTROLLED_VARIABLES}
    clean.update(env, DJANGO_SETTINGS_MODULE=module)
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def _probe(module: str, **env: str) -> dict:
    result = _run(module, env, "-c", PROBE)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _production_env(**extra: str) -> dict[str, str]:
    return {"SECRET_KEY": secrets.token_urlsafe(60), "ALLOWED_HOSTS": "youthvoice.example.org", **extra}


def test_embedded_default_needs_no_services():
    probe = _probe("youthvoice.settings.base")
    assert probe["engine"] == "django.db.backends.sqlite3"
    assert probe["layer"] == "channels.layers.InMemoryChannelLayer"
    assert probe["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert probe["email"] == "django.core.mail.backends.console.EmailBackend"
    assert probe["tasks"] == "django.tasks.backends.immediate.ImmediateBackend"
    assert probe["debug"] is False


def test_dev_mode_turns_debug_on():
    assert _probe("youthvoice.settings.dev")["debug"] is True


def test_urls_switch_to_postgres_and_redis_with_an_explicit_pool_cap():
    probe = _probe(
        "youthvoice.settings.base",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/youthvoice",
        REDIS_URL="redis://127.0.0.1:6379/3",
        REDIS_MAX_CONNECTIONS="321",
    )
    assert probe["engine"] == "django.db.backends.postgresql"
    assert probe["layer"] == "channels_redis.core.RedisChannelLayer"
    assert probe["layer_hosts"] == [
        {"address": "redis://127.0.0.1:6379/3", "max_connections": 321, "socket_timeout": 15}
    ]
    assert probe["cache"] == "youthvoice.cache.SharedClientRedisCache"


def test_a_malformed_variable_fails_loudly():
    result = _run("youthvoice.settings.base", {"DJANGO_DEBUG": "perhaps"}, "-c", PROBE)
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be a boolean" in result.stderr


def test_production_passes_the_deployment_checklist():
    result = _run(
        "youthvoice.settings.production",
        _production_env(),
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    assert _probe("youthvoice.settings.production", **_production_env())["tasks"] == "django_tasks_db.DatabaseBackend"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "youthvoice.example.org"}, "SECRET_KEY"),
        ({"SECRET_KEY": secrets.token_urlsafe(60), "ALLOWED_HOSTS": "*"}, "never '*'"),
        ({"SECRET_KEY": secrets.token_urlsafe(60)}, "ALLOWED_HOSTS"),
    ],
    ids=["no-secret", "wildcard-host", "no-hosts"],
)
def test_production_refuses_to_start_half_configured(env, message):
    result = _run("youthvoice.settings.production", env, "-c", PROBE)
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.django_db
def test_migrations_are_committed():
    # Raises SystemExit(1) when a model change has no migration.
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)
