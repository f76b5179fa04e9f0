"""Fixtures shared by every test: reference data and users with a membership."""

import pytest
import redis
from django.conf import settings
from django.contrib.auth import get_user_model

from organisations.constants import OrganisationKind, Role
from organisations.models import Gemeente, Membership, NidosRegion, Organisation
from organisations.services import reference_data_load

TEST_PASSWORD = "test-wachtwoord-123"


@pytest.fixture
def reference_data(db):
    reference_data_load()


@pytest.fixture
def make_member(reference_data):
    """Create a user with one membership: make_member(kind, role=..., gemeente_code=...)."""
    counter = iter(range(1, 10_000))

    def make(
        kind: str = OrganisationKind.GEMEENTE,
        *,
        role: str = Role.MEDEWERKER,
        gemeente_code: str = "GM0344",
        regions: tuple[str, ...] = (),
        is_national: bool = False,
        is_staff: bool = False,
    ):
        number = next(counter)
        if kind == OrganisationKind.GEMEENTE:
            gemeente = Gemeente.objects.get(code=gemeente_code)
            organisation, _ = Organisation.objects.get_or_create(
                gemeente=gemeente, defaults={"name": f"Gemeente {gemeente.name}", "kind": kind}
            )
        else:
            organisation, _ = Organisation.objects.get_or_create(
                name=f"Testorganisatie {kind}", kind=kind
            )
        email = f"{kind}.{role}.{number}@test.example"
        user = get_user_model().objects.create_user(
            username=email, email=email, password=TEST_PASSWORD, is_staff=is_staff
        )
        membership = Membership.objects.create(
            user=user, organisation=organisation, role=role, is_national=is_national
        )
        membership.nidos_regions.set(NidosRegion.objects.filter(code__in=regions))
        return user

    return make


@pytest.fixture
def gemeente_user(make_member):
    return make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344")


def _delete_this_runs_cache_keys() -> None:
    # Only this run's keys (KEY_PREFIX in kso_portal/settings/test.py): cache.clear() would
    # flush the whole Redis database, Celery's queue and other runs' keys included.
    client = redis.Redis.from_url(settings.REDIS_URL)
    try:
        keys = list(client.scan_iter(match=f"{settings.CACHES['default']['KEY_PREFIX']}:*"))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


@pytest.fixture(autouse=True)
def forget_rate_limits():
    """allauth's rate-limit counters live in the Redis cache; each test starts without the
    counters of the tests before it (and leaves none for the tests after it)."""
    _delete_this_runs_cache_keys()
    yield
    _delete_this_runs_cache_keys()
