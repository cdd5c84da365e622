"""The rule in tests/conftest.py: a configured but unreachable service fails a test, never skips it."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _pytest(test_id: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "CI", "DATABASE_URL"}}
    clean.update(env)
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", test_id],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_unreachable_service_fails_the_test():
    result = _pytest("tests/test_services.py::test_cache_is_redis", REDIS_URL="redis://127.0.0.1:1/0")
    assert result.returncode == 1, result.stdout
    assert "does not answer" in result.stdout


def test_missing_service_fails_under_ci():
    result = _pytest("tests/test_services.py::test_cache_is_redis", CI="true")
    assert result.returncode == 1, result.stdout
    assert "REDIS_URL must be set under CI" in result.stdout


def test_missing_service_skips_outside_ci():
    result = _pytest("tests/test_services.py::test_cache_is_redis")
    assert result.returncode == 0, result.stdout
    assert "1 skipped" in result.stdout
