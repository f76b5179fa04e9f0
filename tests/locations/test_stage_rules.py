"""The rules of a location's stages: a stalled stage (DESIGN.md §7), one rule in Python and in
SQL."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from locations.constants import Stage
from locations.models import StagePlan
from locations.rules import STALLED_AFTER, is_stalled, stalled_from
from locations.selectors import stalled_condition
from locations.workflow import is_ahead

DAY = date(2026, 6, 1)
days = st.integers(min_value=-60, max_value=60).map(lambda n: DAY + timedelta(days=n))
# Days from the planned date to today, often around the edge where a stage becomes stalled.
edge = STALLED_AFTER.days
elapsed = st.one_of(st.integers(min_value=-30, max_value=60), st.sampled_from([edge - 1, edge]))


def test_a_stage_is_stalled_from_the_day_its_planned_date_passed_by_14_days():
    planned = DAY - timedelta(days=14)
    assert stalled_from(planned) == DAY
    ahead = {"actual_on": None, "is_ahead": True}
    assert is_stalled(planned_on=planned, today=DAY, **ahead)
    assert not is_stalled(planned_on=planned, today=DAY - timedelta(days=1), **ahead)
    reached = {**ahead, "actual_on": DAY - timedelta(days=1)}
    assert not is_stalled(planned_on=planned, today=DAY, **reached)
    assert not is_stalled(planned_on=planned, today=DAY, **{**ahead, "is_ahead": False})
    assert not is_stalled(planned_on=None, today=DAY, **ahead)


def test_only_a_stage_further_on_the_way_to_use_lies_ahead_of_an_open_location():
    assert is_ahead(Stage.SCHOUW, location_stage=Stage.IN_BEOORDELING)
    assert is_ahead(Stage.IN_GEBRUIK, location_stage=Stage.AANGEBODEN)
    assert not is_ahead(Stage.SCHOUW, location_stage=Stage.SCHOUW)
    assert not is_ahead(Stage.SCHOUW, location_stage=Stage.VOORBEREIDING)
    for closed in (Stage.AFGEWEZEN, Stage.INGETROKKEN, Stage.BEEINDIGD):
        assert not is_ahead(Stage.IN_GEBRUIK, location_stage=closed)
        assert not is_ahead(closed, location_stage=Stage.AANGEBODEN)


@pytest.mark.django_db
def test_the_sql_and_python_forms_of_stalled_agree_over_generated_dates(make_location):
    location = make_location(stage=Stage.IN_BEOORDELING)
    plan = StagePlan.objects.create(location=location, stage=Stage.SCHOUW)
    stages = st.sampled_from(Stage.values)

    @settings(max_examples=400, deadline=None)
    @given(
        planned_on=st.one_of(st.none(), days),
        actual_on=st.one_of(st.none(), days),
        plan_stage=stages,
        location_stage=stages,
        since_planned=elapsed,
    )
    def agree(planned_on, actual_on, plan_stage, location_stage, since_planned):
        today = (planned_on or DAY) + timedelta(days=since_planned)
        StagePlan.objects.filter(pk=plan.pk).update(
            stage=plan_stage, planned_on=planned_on, actual_on=actual_on
        )
        type(location).objects.filter(pk=location.pk).update(stage=location_stage)
        in_sql = StagePlan.objects.filter(stalled_condition(today), pk=plan.pk).exists()
        in_python = is_stalled(
            planned_on=planned_on,
            actual_on=actual_on,
            is_ahead=is_ahead(plan_stage, location_stage=location_stage),
            today=today,
        )
        assert in_sql == in_python

    agree()
