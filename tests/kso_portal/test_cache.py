"""With Redis down the portal keeps working: the cache misses instead of failing."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.conftest import TEST_PASSWORD

UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "kso_portal.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@pytest.mark.django_db
def test_with_redis_down_people_still_sign_in_and_see_their_pages(client, gemeente_user, settings):
    settings.CACHES = UNREACHABLE_REDIS
    assert cache.get("anything", "missing") == "missing"
    assert cache.add("key", 1) is True  # as if added, so that locks do not block
    response = client.post(
        reverse("account_login"), {"login": gemeente_user.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200
    assert client.get(reverse("health")).status_code == 503


def test_with_redis_up_the_cache_keeps_values():
    cache.set("kso-test-cache-key", "waarde", 5)
    assert cache.get("kso-test-cache-key") == "waarde"
    assert cache.add("kso-test-cache-key", "ander") is False
    cache.delete("kso-test-cache-key")
    assert cache.get("kso-test-cache-key") is None
