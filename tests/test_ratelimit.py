"""The fixed-window counters behind the write limits (youthvoice/ratelimit.py) on Redis: atomic, always
expiring, and failing open when Redis is unreachable."""

import time

import pytest
from django.core.cache import cache
from django.test import override_settings

from youthvoice import ratelimit
from youthvoice.cache import SharedClientRedisCache

pytestmark = pytest.mark.needs_redis

LIMITS = {"probe": "3/1"}  # three a second


def _raw(action: str, key: str) -> tuple[object, str]:
    name = cache.make_and_validate_key(ratelimit._cache_key(action, key))
    return cache._cache.get_client(name, write=True), name


@override_settings(YOUTHVOICE_RATE_LIMITS=LIMITS)
def test_the_limit_holds_within_a_window_and_the_counter_always_expires():
    assert [ratelimit.hit("probe", "person:1") for _ in range(4)] == [True, True, True, False]
    client, name = _raw("probe", "person:1")
    assert 0 < client.pttl(name) <= 1000
    assert ratelimit.hit("probe", "person:2")  # someone else has their own window


@override_settings(YOUTHVOICE_RATE_LIMITS=LIMITS)
def test_a_new_window_starts_once_the_last_one_has_passed():
    assert [ratelimit.hit("probe", "person:3") for _ in range(4)] == [True, True, True, False]
    time.sleep(1.1)
    assert ratelimit.hit("probe", "person:3")


@override_settings(YOUTHVOICE_RATE_LIMITS=LIMITS)
def test_a_counter_left_without_an_expiry_is_given_one():
    """Django's add-then-incr could recreate an expired counter without an expiry (its incr checks the
    key exists, then sends INCR): that person stayed rate-limited for good."""
    client, name = _raw("probe", "person:4")
    client.set(name, 100)  # as that race left it: over the limit, never expiring
    assert not ratelimit.hit("probe", "person:4")
    assert 0 < client.pttl(name) <= 1000
    time.sleep(1.1)
    assert ratelimit.hit("probe", "person:4")


@override_settings(YOUTHVOICE_RATE_LIMITS=LIMITS)
def test_an_unreachable_redis_lets_writes_through():
    down = SharedClientRedisCache("redis://127.0.0.1:1/0", {})
    assert down.count_in_window("anything", 1) == 1
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ratelimit, "cache", down)
        assert all(ratelimit.hit("probe", "person:5") for _ in range(10))
