"""Migration 0004 carries the COA/TVS counts imported before issue 18 over to their new kind, and
its reverse gives them their old kind back: nothing imported is lost either way."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from organisations.constants import OrganisationKind, Role
from taakstelling import services
from taakstelling.constants import FigureKind
from taakstelling.models import Quota, QuotaImport
from tests.support import actor_of, letter

pytestmark = pytest.mark.django_db

BEFORE = ("taakstelling", "0003_gehuisvest_kind")
AFTER = ("taakstelling", "0004_tvs_counts_as_gehuisvest")


def _migrate(target) -> None:
    # Inside the test's transaction: the foreign keys are checked at once, or a later
    # migration's ALTER TABLE meets the checks still pending from an earlier one's updates.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    executor = MigrationExecutor(connection)
    executor.migrate([target])


def _latest():
    [leaf] = MigrationExecutor(connection).loader.graph.leaf_nodes("taakstelling")
    return leaf


def _figures() -> list[tuple]:
    return sorted(Quota.objects.values_list("period__code", "gemeente__code", "kind", "number"))


def test_tvs_counts_become_gehuisvest_and_back_without_loss(make_member):
    beheerder = actor_of(make_member(OrganisationKind.BEHEER, role=Role.COORDINATOR))
    for kind, number in ((FigureKind.GEHUISVEST, 7), (FigureKind.VERGUNNINGHOUDERS, 9)):
        draft = services.quota_import_preview(
            actor=beheerder, period="2026-I", kind=kind, upload=letter(lambda code, n=number: n)
        )
        services.quota_import_apply(actor=beheerder, quota_import=draft)
    after = _figures()

    _migrate(BEFORE)
    before = _figures()
    assert {kind for _, _, kind, _ in before} == {"tvs", "vergunninghouders"}
    assert [(p, g, n) for p, g, _, n in before] == [(p, g, n) for p, g, _, n in after]
    assert set(QuotaImport.objects.values_list("kind", flat=True)) == {"tvs", "vergunninghouders"}

    _migrate(AFTER)
    assert _figures() == after
    _migrate(_latest())  # as the other tests expect it
    assert Quota.objects.filter(kind=FigureKind.GEHUISVEST).count() == 342
    assert set(QuotaImport.objects.values_list("kind", flat=True)) == {
        "gehuisvest",
        "vergunninghouders",
    }


def test_an_import_keeps_its_period_as_a_code_and_back(make_member):
    beheerder = actor_of(make_member(OrganisationKind.BEHEER, role=Role.COORDINATOR))
    applied = services.quota_import_preview(
        actor=beheerder, period="2026-I", kind=FigureKind.KSO_PLAATSEN, upload=letter(lambda c: 2)
    )
    services.quota_import_apply(actor=beheerder, quota_import=applied)
    waiting = services.quota_estimate_preview(
        actor=beheerder, period="2027-II", kind=FigureKind.KSO_PLAATSEN, national_total=40
    )
    _migrate(("taakstelling", "0004_tvs_counts_as_gehuisvest"))
    # Back: every import has its period again, also the preview made without one.
    old = dict(QuotaImport.objects.values_list("pk", "period__code"))
    assert old == {applied.pk: "2026-I", waiting.pk: "2027-II"}
    _migrate(_latest())
    codes = dict(QuotaImport.objects.values_list("pk", "period_code"))
    assert codes == {applied.pk: "2026-I", waiting.pk: "2027-II"}
