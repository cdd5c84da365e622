"""The real services, when configured: these fail (never skip) under CI if a service is missing."""

import pytest
from channels.layers import get_channel_layer
from django.core.cache import cache, caches
from django.db import connection


@pytest.mark.needs_postgres
@pytest.mark.django_db
def test_database_is_postgresql_and_search_works():
    from tests.factories import ConsultationPageFactory

    assert connection.vendor == "postgresql"
    page = ConsultationPageFactory(summary="Youth centres should open on Sundays")
    from consultations.pages import ConsultationPage

    assert list(ConsultationPage.objects.live().search("Sundays")) == [page]


@pytest.mark.needs_redis
def test_cache_is_redis():
    from django.core.cache.backends.redis import RedisCache

    assert isinstance(caches["default"], RedisCache)
    cache.set("youthvoice-probe", "ok", 5)
    assert cache.get("youthvoice-probe") == "ok"


@pytest.mark.needs_redis
@pytest.mark.asyncio
async def test_channel_layer_is_redis_and_delivers_between_channels():
    from channels_redis.core import RedisChannelLayer

    layer = get_channel_layer()
    assert isinstance(layer, RedisChannelLayer)
    channel = await layer.new_channel()
    await layer.group_add("youthvoice-probe", channel)
    await layer.group_send("youthvoice-probe", {"type": "probe.message", "n": 1})
    assert (await layer.receive(channel))["n"] == 1
    await layer.group_discard("youthvoice-probe", channel)
