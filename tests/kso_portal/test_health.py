import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_health_is_ok_with_database_redis_and_a_worker(client, celery_worker_process):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "redis": "ok", "worker": "ok"}


@pytest.mark.django_db
def test_health_reports_a_missing_worker_with_503(client):
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "redis": "ok", "worker": "down"}


@pytest.mark.django_db
def test_health_reports_redis_down_and_therefore_the_worker(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "redis": "down", "worker": "down"}


@pytest.mark.django_db
def test_health_needs_no_sign_in_and_reveals_no_versions(client):
    response = client.get(reverse("health"))
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"database", "redis", "worker"}
    assert "no-cache" in response["Cache-Control"]
    assert "Server" not in response.headers


@pytest.mark.django_db
def test_health_reports_an_unusable_redis_url_as_down_not_as_an_error(client, settings):
    settings.REDIS_URL = "unix:/no-slashes.sock"
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["redis"] == "down"
