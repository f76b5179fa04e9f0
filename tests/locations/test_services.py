"""Offering a property and moving it through the stages, as each party does it."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from locations import services
from locations.constants import KsoForm, Stage
from locations.models import Location, StagePlan, StageTransition
from notifications.models import Notification
from organisations.models import Gemeente, Organisation
from tests.support import PROPERTY, actor_of
from vervolghuisvesting.selectors import placed_from

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def offer(user, **changes):
    data = {**PROPERTY, "gemeente": Gemeente.objects.get(code="GM0344"), **changes}
    return services.location_offer(actor=actor_of(user), **data)


def move(user, location, target, comment="", **fields):
    location.refresh_from_db()
    return services.location_transition(
        actor=actor_of(user),
        location=location,
        target=target,
        expected_stage=location.stage,
        comment=comment,
        fields=fields,
    )


def test_the_whole_way_from_offer_to_opening(parties):
    # Offered today: every later step happens today too (none before the one it follows).
    today = timezone.localdate()
    location = offer(parties.gemeente)
    assert location.stage == Stage.AANGEBODEN
    move(parties.nidos, location, Stage.IN_BEOORDELING)
    contractpartner = parties.contractpartner.memberships.get().organisation
    move(
        parties.nidos,
        location,
        Stage.SCHOUW,
        visit_on=date(2026, 2, 1),
        contractpartner=contractpartner,
    )
    move(
        parties.nidos,
        location,
        Stage.BESLUITVORMING,
        visit_result="Positief",
        agreed_form=KsoForm.KWE,
        agreed_capacity=4,
    )
    move(parties.gemeente, location, Stage.VOORBEREIDING, college_decision_on=today)
    services.location_preparation_update(
        actor=actor_of(parties.gemeente),
        location=location,
        gebruiksmelding_filed_on=None,
        neighbourhood_informed_on=date(2026, 3, 5),
    )
    services.location_furnishing_report(
        actor=actor_of(parties.contractpartner),
        location=location,
        furnishing_ready_on=date(2026, 3, 10),
    )
    move(parties.nidos, location, Stage.IN_GEBRUIK, opening_on=today)
    location.refresh_from_db()
    assert location.stage == Stage.IN_GEBRUIK
    assert location.accountmanager == parties.nidos
    assert list(location.transitions.values_list("to_stage", flat=True)) == [
        Stage.AANGEBODEN,
        Stage.IN_BEOORDELING,
        Stage.SCHOUW,
        Stage.BESLUITVORMING,
        Stage.VOORBEREIDING,
        Stage.IN_GEBRUIK,
    ]
    assert location.stage_plans.get(stage=Stage.IN_GEBRUIK).actual_on == location.opening_on


def reached(location, stage, days_ago: int, user) -> None:
    """The location reached `stage` `days_ago` days ago (recorded then too)."""
    on = timezone.localdate() - timedelta(days=days_ago)
    StageTransition.objects.create(
        location=location,
        from_stage="",
        to_stage=stage,
        by=user,
        organisation=user.memberships.get().organisation,
        happened_on=on,
    )
    StagePlan.objects.update_or_create(location=location, stage=stage, defaults={"actual_on": on})


def test_a_stage_is_reached_on_the_day_it_happened_not_the_day_it_was_recorded(
    parties, make_location
):
    today = timezone.localdate()
    contractpartner = parties.contractpartner.memberships.get().organisation
    location = make_location(
        stage=Stage.VOORBEREIDING,
        contractpartner=contractpartner,
        neighbourhood_informed_on=today - timedelta(days=20),
        furnishing_ready_on=today - timedelta(days=12),
    )
    reached(location, Stage.VOORBEREIDING, 40, parties.gemeente)
    # Opened on 4 November, recorded today: in gebruik was reached on 4 November.
    move(parties.nidos, location, Stage.IN_GEBRUIK, opening_on=today - timedelta(days=10))
    location.refresh_from_db()
    opening = location.transitions.get(to_stage=Stage.IN_GEBRUIK)
    assert location.opening_on == today - timedelta(days=10)
    assert location.stage_plans.get(stage=Stage.IN_GEBRUIK).actual_on == location.opening_on
    assert opening.happened_on == location.opening_on
    assert timezone.localtime(opening.at).date() == today
    # A move without a date of its own asks for the day it happened, today when not given.
    location.refresh_from_db()
    services.location_transition(
        actor=actor_of(parties.gemeente),
        location=location,
        target=Stage.BEEINDIGD,
        expected_stage=location.stage,
        fields={"ended_on": today - timedelta(days=2), "end_reason": "Pand verkocht"},
        still_placed=placed_from,
    )
    assert location.stage_plans.get(stage=Stage.BEEINDIGD).actual_on == today - timedelta(days=2)


def test_an_actual_date_after_today_or_before_the_stage_it_leaves_is_refused(
    parties, make_location
):
    today = timezone.localdate()
    location = make_location(stage=Stage.BESLUITVORMING)
    reached(location, Stage.BESLUITVORMING, 30, parties.nidos)
    for day, words in (
        (today + timedelta(days=1), "in de toekomst"),
        (today - timedelta(days=31), "ligt voor"),
    ):
        with pytest.raises(ValidationError) as refused:
            move(parties.gemeente, location, Stage.VOORBEREIDING, college_decision_on=day)
        assert words in refused.value.message_dict["college_decision_on"][0]
    location.refresh_from_db()
    assert (location.stage, location.college_decision_on) == (Stage.BESLUITVORMING, None)
    assert not location.stage_plans.filter(stage=Stage.VOORBEREIDING).exists()
    move(
        parties.gemeente,
        location,
        Stage.VOORBEREIDING,
        college_decision_on=today - timedelta(days=30),
    )
    assert location.stage_plans.get(stage=Stage.VOORBEREIDING).actual_on == today - timedelta(
        days=30
    )
    offered = make_location(stage=Stage.AANGEBODEN)
    reached(offered, Stage.AANGEBODEN, 5, parties.gemeente)
    with pytest.raises(ValidationError) as early:
        move(parties.nidos, offered, Stage.IN_BEOORDELING, happened_on=today - timedelta(days=6))
    assert "happened_on" in early.value.message_dict
    move(parties.nidos, offered, Stage.IN_BEOORDELING, happened_on=today - timedelta(days=5))
    move(parties.nidos, offered, Stage.AFGEWEZEN, rejection_reason="Te ver van de ISK")
    days = dict(offered.stage_plans.values_list("stage", "actual_on"))
    assert days[Stage.IN_BEOORDELING] == today - timedelta(days=5)
    assert days[Stage.AFGEWEZEN] == today


def test_each_move_notifies_the_other_parties_not_the_mover(
    parties, django_capture_on_commit_callbacks
):
    location = offer(parties.gemeente)
    assert Notification.objects.filter(recipient=parties.nidos).count() == 1
    assert not Notification.objects.filter(recipient=parties.gemeente).exists()
    move(parties.nidos, location, Stage.IN_BEOORDELING)
    assert Notification.objects.filter(recipient=parties.gemeente).count() == 1
    assert Notification.objects.filter(recipient=parties.nidos).count() == 1
    # The contractpartner is not involved until it is assigned.
    assert not Notification.objects.filter(recipient=parties.contractpartner).exists()


def test_a_gemeente_offers_in_its_own_gemeente_only(parties):
    with pytest.raises(ValidationError) as refused:
        offer(parties.gemeente, gemeente=Gemeente.objects.get(code="GM0307"))
    assert "eigen gemeente" in refused.value.message_dict["gemeente"][0]
    assert not Location.objects.exists()


def test_a_capacity_of_zero_is_refused(parties):
    with pytest.raises(ValidationError) as refused:
        offer(parties.gemeente, proposed_capacity=0)
    assert "proposed_capacity" in refused.value.message_dict
    assert not Location.objects.exists()


def test_a_move_the_party_may_not_make_is_refused_and_changes_nothing(parties):
    location = offer(parties.gemeente)
    with pytest.raises(ValidationError) as refused:
        move(parties.gemeente, location, Stage.IN_BEOORDELING)
    assert "niet van Aangeboden naar In beoordeling" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        move(parties.nidos, location, Stage.IN_GEBRUIK, opening_on=date(2026, 1, 1))
    location.refresh_from_db()
    assert location.stage == Stage.AANGEBODEN
    assert location.transitions.count() == 1


def test_two_people_moving_at_once_one_wins_and_nothing_is_written_twice(parties, make_member):
    location = offer(parties.gemeente)
    colleague = make_member("nidos", regions=("noord-west",))
    move(parties.nidos, location, Stage.IN_BEOORDELING)
    with pytest.raises(services.StageChanged) as late:
        services.location_transition(
            actor=actor_of(colleague),
            location=location,
            target=Stage.IN_BEOORDELING,
            expected_stage=Stage.AANGEBODEN,
        )
    assert late.value.stage == Stage.IN_BEOORDELING
    assert StageTransition.objects.filter(to_stage=Stage.IN_BEOORDELING).count() == 1


def test_rejection_needs_a_reason_and_reoffer_says_what_changed(parties):
    location = offer(parties.gemeente)
    move(parties.nidos, location, Stage.IN_BEOORDELING)
    with pytest.raises(ValidationError) as no_reason:
        move(parties.nidos, location, Stage.AFGEWEZEN, rejection_reason="")
    assert "rejection_reason" in no_reason.value.message_dict
    move(parties.nidos, location, Stage.AFGEWEZEN, rejection_reason="Geen ISK binnen bereik")
    with pytest.raises(ValidationError):
        move(parties.gemeente, location, Stage.AANGEBODEN)
    move(parties.gemeente, location, Stage.AANGEBODEN, comment="ISK in de buurt geopend")
    location.refresh_from_db()
    assert location.stage == Stage.AANGEBODEN


def test_capacity_outside_the_forms_range_needs_a_reason(parties):
    location = offer(parties.gemeente)
    move(parties.nidos, location, Stage.IN_BEOORDELING)
    contractpartner = parties.contractpartner.memberships.get().organisation
    move(
        parties.nidos,
        location,
        Stage.SCHOUW,
        visit_on=date(2026, 2, 1),
        contractpartner=contractpartner,
    )
    with pytest.raises(ValidationError) as refused:
        move(
            parties.nidos,
            location,
            Stage.BESLUITVORMING,
            visit_result="Ok",
            agreed_form=KsoForm.KWE,
            agreed_capacity=6,
        )
    assert "buiten 3-5" in refused.value.message_dict["capacity_deviation_reason"][0]
    move(
        parties.nidos,
        location,
        Stage.BESLUITVORMING,
        visit_result="Ok",
        agreed_form=KsoForm.KWE,
        agreed_capacity=6,
        capacity_deviation_reason="Zes kamers, afgesproken met de gemeente",
    )


def test_opening_lists_what_is_still_missing(parties, make_location):
    contractpartner = parties.contractpartner.memberships.get().organisation
    location = make_location(stage=Stage.VOORBEREIDING, contractpartner=contractpartner)
    with pytest.raises(ValidationError) as blocked:
        move(parties.nidos, location, Stage.IN_GEBRUIK, opening_on=timezone.localdate())
    assert len(blocked.value.messages) == 2  # neighbourhood and furnishing
    location.refresh_from_db()
    assert location.stage == Stage.VOORBEREIDING


def test_only_the_assigned_contractpartner_reports_furnishing(parties, make_location, make_member):
    other = Organisation.objects.create(name="Andere partner", kind="contractpartner")
    location = make_location(stage=Stage.VOORBEREIDING, contractpartner=other)
    with pytest.raises(ValidationError):
        services.location_furnishing_report(
            actor=actor_of(parties.contractpartner),
            location=location,
            furnishing_ready_on=date(2026, 3, 1),
        )


def test_documents_are_checked_by_content_and_size(parties, make_location, settings):
    location = make_location()
    actor = actor_of(parties.gemeente)
    renamed = SimpleUploadedFile("plattegrond.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    with pytest.raises(ValidationError) as wrong_type:
        services.location_document_add(
            actor=actor, location=location, kind="plattegrond", upload=renamed
        )
    assert "Alleen PDF, PNG of JPEG" in wrong_type.value.message_dict["upload"][0]
    big = SimpleUploadedFile("groot.pdf", PDF + b"0" * (20 * 1024 * 1024), "application/pdf")
    with pytest.raises(ValidationError) as too_big:
        services.location_document_add(
            actor=actor, location=location, kind="plattegrond", upload=big
        )
    assert "groter dan 20 MB" in too_big.value.message_dict["upload"][0]
    photo = SimpleUploadedFile("../../etc/Voorgevel foto.PNG.exe", PNG, "application/octet-stream")
    document = services.location_document_add(
        actor=actor, location=location, kind="foto", upload=photo
    )
    assert document.content_type == "image/png"
    assert document.original_name == "Voorgevel-foto.PNG.png"
    assert document.file.name.startswith(f"{location.pk}/")
    assert location.documents.count() == 1


def test_stage_plans_feed_the_stalled_list(parties, make_location):
    from locations.selectors import stalled_stages

    location = make_location(stage=Stage.IN_BEOORDELING)
    services.location_stage_plan(
        actor=actor_of(parties.nidos),
        location=location,
        planned={Stage.SCHOUW: timezone.localdate() - timedelta(days=15)},
    )
    assert [p.location for p in stalled_stages(actor=actor_of(parties.nidos))] == [location]
    assert not stalled_stages(actor=actor_of(parties.contractpartner)).exists()


def test_a_stage_planned_14_days_ago_is_stalled_on_the_dashboard_as_in_the_reminder(
    parties, make_location
):
    # DESIGN.md §7: "a stage's planned date passed by 14 days". On day 14 the daily job
    # reminds; the dashboard must show the same plan that day, and not the day before.
    from locations.selectors import stalled_stages

    location = make_location(stage=Stage.IN_BEOORDELING)
    nidos = actor_of(parties.nidos)
    for days, stalled in ((13, False), (14, True)):
        services.location_stage_plan(
            actor=nidos,
            location=location,
            planned={Stage.SCHOUW: timezone.localdate() - timedelta(days=days)},
        )
        assert stalled_stages(actor=nidos).exists() is stalled, days


def test_lead_times_count_the_days_between_the_days_stages_were_reached(parties, make_location):
    from locations.selectors import lead_times

    today = timezone.localdate()
    location = make_location(stage=Stage.AANGEBODEN)
    reached(location, Stage.AANGEBODEN, 30, parties.gemeente)
    # Both recorded today: the review started 30 days after the offer, the visit was planned
    # 10 days after that.
    move(parties.nidos, location, Stage.IN_BEOORDELING, happened_on=today - timedelta(days=12))
    move(
        parties.nidos,
        location,
        Stage.SCHOUW,
        happened_on=today - timedelta(days=2),
        visit_on=today + timedelta(days=7),
        contractpartner=parties.contractpartner.memberships.get().organisation,
    )
    days = {lead.stage: lead.median_days for lead in lead_times(actor=actor_of(parties.nidos))}
    assert (days[Stage.AANGEBODEN], days[Stage.IN_BEOORDELING]) == (18, 10)
