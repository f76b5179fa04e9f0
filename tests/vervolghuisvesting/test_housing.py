"""Housing requests: the term rule, submitting, states, hand-over, escalation, the policy."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from organisations.constants import OrganisationKind
from organisations.models import Gemeente, RegionaleSamenwerking, RegionaleSamenwerkingMember
from tests.support import actor_of
from vervolghuisvesting import services
from vervolghuisvesting.constants import Bucket, HousingState, HousingType
from vervolghuisvesting.models import HousingRequest, TermPolicy
from vervolghuisvesting.rules import DEFAULT_TERM_POLICY, housing_bucket, housing_deadline
from vervolghuisvesting.selectors import bucket_counts, with_bucket


@pytest.mark.parametrize(
    ("submitted_on", "expected"),
    [
        (date(2024, 12, 31), (6, date(2025, 6, 30))),
        (date(2025, 1, 1), (12, date(2026, 1, 1))),
        (date(2024, 8, 31), (6, date(2025, 2, 28))),
        (date(2024, 3, 31), (6, date(2024, 9, 30))),
        (date(2024, 2, 29), (6, date(2024, 8, 29))),
        (date(2025, 2, 28), (12, date(2026, 2, 28))),
        (date(2025, 1, 31), (12, date(2026, 1, 31))),
        (date(2023, 8, 31), (6, date(2024, 2, 29))),
    ],
)
def test_housing_deadline_on_both_sides_of_2025_and_at_month_ends(submitted_on, expected):
    assert housing_deadline(submitted_on) == expected


def test_housing_deadline_follows_a_changed_policy():
    policy = (*DEFAULT_TERM_POLICY, (date(2027, 1, 1), 9))
    assert housing_deadline(date(2026, 12, 31), policy) == (12, date(2027, 12, 31))
    assert housing_deadline(date(2027, 1, 1), policy) == (9, date(2027, 10, 1))
    with pytest.raises(ValueError, match="no housing term policy"):
        housing_deadline(date(1999, 12, 31), policy)


@pytest.mark.parametrize(
    ("days_left", "has_outcome", "bucket"),
    [
        (-1, False, "overschreden"),
        (0, False, "binnen_30"),
        (30, False, "binnen_30"),
        (31, False, "binnen_90"),
        (90, False, "binnen_90"),
        (91, False, "op_schema"),
        (-50, True, "afgerond"),
    ],
)
def test_bucket_rule_overdue_from_the_day_after_the_deadline(days_left, has_outcome, bucket):
    today = date(2026, 6, 1)
    deadline = today + timedelta(days=days_left)
    assert housing_bucket(deadline=deadline, today=today, has_outcome=has_outcome) == bucket


# A youth placed since 1 January 2024, 17 from 1 June 2024: requests may be dated from then on.
SINCE = date(2024, 1, 1)
BORN = date(2007, 6, 1)


@pytest.fixture
def placed_long(in_use, place):
    """`placed_long(street)`: a youth placed since SINCE, born on BORN, at a new location."""

    def make(street: str = "Oudegracht"):
        location = in_use(street=street, opening_on=SINCE)
        return place(location, birth_on=BORN, started_on=SINCE).youth

    return make


@pytest.fixture
def youth(placed_long):
    return placed_long()


@pytest.fixture
def gemeente_user(make_member):
    return make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344")


def submit(partner, youth, on=None):
    return services.housing_request_submit(
        actor=actor_of(partner), youth=youth, submitted_on=on or timezone.localdate()
    )


@pytest.mark.django_db
def test_submitting_addresses_the_locations_gemeente_with_the_policy_term(
    partner, youth, gemeente_user
):
    request = submit(partner, youth, on=date(2025, 3, 15))
    assert request.gemeente.code == "GM0344"
    assert (request.term_months, request.deadline_on) == (12, date(2026, 3, 15))
    assert request.term_policy == TermPolicy.objects.get(valid_from=date(2025, 1, 1))
    assert Notification.objects.filter(recipient=gemeente_user, kind="housing_request").exists()


@pytest.mark.django_db
def test_bad_submissions_are_refused_and_change_nothing(partner, youth):
    with pytest.raises(ValidationError) as future:
        submit(partner, youth, on=timezone.localdate() + timedelta(days=1))
    assert "toekomst" in future.value.message_dict["submitted_on"][0]
    submit(partner, youth)
    with pytest.raises(ValidationError) as twice:
        submit(partner, youth)
    assert "loopt al een aanvraag" in twice.value.messages[0]
    assert HousingRequest.objects.count() == 1


@pytest.mark.django_db
def test_the_gemeente_moves_a_request_to_housed_and_overbrugging_meets_the_term(
    partner, youth, gemeente_user
):
    request = submit(partner, youth, on=timezone.localdate() - timedelta(days=400))
    assert with_bucket(HousingRequest.objects.all()).get().bucket == Bucket.OVERSCHREDEN
    actor = actor_of(gemeente_user)
    with pytest.raises(ValidationError):
        services.housing_request_move(
            actor=actor_of(partner), request=request, target=HousingState.IN_BEHANDELING
        )
    services.housing_request_move(actor=actor, request=request, target=HousingState.IN_BEHANDELING)
    with pytest.raises(ValidationError) as no_date:
        services.housing_request_move(
            actor=actor, request=request, target=HousingState.OVERBRUGGING
        )
    assert "outcome_on" in no_date.value.message_dict
    services.housing_request_move(
        actor=actor,
        request=request,
        target=HousingState.OVERBRUGGING,
        outcome_on=timezone.localdate(),
    )
    request.refresh_from_db()
    assert (request.state, request.outcome_type) == (
        HousingState.OVERBRUGGING,
        HousingType.OVERBRUGGING,
    )
    assert with_bucket(HousingRequest.objects.all()).get().bucket == Bucket.AFGEROND


@pytest.mark.django_db
def test_hand_over_only_within_the_regionale_samenwerking(partner, youth, gemeente_user):
    request = submit(partner, youth)
    zeist, eindhoven = Gemeente.objects.get(code="GM0355"), Gemeente.objects.get(code="GM0772")
    with pytest.raises(ValidationError) as outside:
        services.housing_request_transfer(
            actor=actor_of(gemeente_user), request=request, gemeente=zeist
        )
    assert "hoort niet bij een regionale samenwerking" in outside.value.message_dict["gemeente"][0]
    regio = RegionaleSamenwerking.objects.create(name="Regio Utrecht")
    for code in ("GM0344", "GM0355"):
        RegionaleSamenwerkingMember.objects.create(
            samenwerking=regio, gemeente=Gemeente.objects.get(code=code)
        )
    offer = services.housing_request_transfer(
        actor=actor_of(gemeente_user), request=request, gemeente=zeist, note="Woning in Zeist"
    )
    assert (offer.from_gemeente.code, offer.to_gemeente, offer.state) == (
        "GM0344",
        zeist,
        "aangeboden",
    )
    with pytest.raises(ValidationError):
        services.housing_request_transfer(
            actor=actor_of(gemeente_user), request=request, gemeente=eindhoven
        )


@pytest.mark.django_db
def test_no_hand_over_to_a_gemeente_that_is_only_invited(
    client, make_member, partner, youth, gemeente_user
):
    from organisations.services import samenwerking_create, samenwerking_invitation_accept

    request = submit(partner, youth)
    zeist = Gemeente.objects.get(code="GM0355")
    zeist_user = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0355")
    regio = samenwerking_create(
        actor=actor_of(gemeente_user), name="Regio Utrecht", gemeenten=[zeist]
    )
    assert list(services.partner_gemeenten(request.gemeente)) == []
    with pytest.raises(ValidationError) as refused:
        services.housing_request_transfer(
            actor=actor_of(gemeente_user), request=request, gemeente=zeist
        )
    assert "hoort niet bij een regionale samenwerking" in refused.value.message_dict["gemeente"][0]
    client.force_login(gemeente_user)
    page = client.get(reverse("housing_request_detail", args=[request.pk]))
    assert "Overdracht binnen de regionale samenwerking" not in page.content.decode()
    samenwerking_invitation_accept(actor=actor_of(zeist_user), invitation=regio.invitations.get())
    assert list(services.partner_gemeenten(request.gemeente)) == [zeist]
    offer = services.housing_request_transfer(
        actor=actor_of(gemeente_user), request=request, gemeente=zeist
    )
    # A hand-over is an offer: Zeist, now a member, takes it by accepting.
    services.housing_transfer_accept(actor=actor_of(zeist_user), transfer=offer)
    request.refresh_from_db()
    assert request.gemeente == zeist


@pytest.mark.django_db
def test_escalations_are_recorded_with_date_and_note(partner, youth, gemeente_user):
    request = submit(partner, youth)
    services.escalation_record(
        actor=actor_of(gemeente_user),
        request=request,
        kind="overleg_nidos",
        on=timezone.localdate(),
        note="Besproken",
    )
    assert request.escalations.get().get_kind_display() == "Overleg met Nidos"


@pytest.mark.django_db
def test_a_new_policy_row_changes_only_the_deadlines_it_applies_to(partner, youth, placed_long):
    early = submit(partner, youth, on=date(2026, 3, 1))
    other = placed_long("Tweede")
    late = submit(partner, other, on=date(2026, 7, 1))
    with pytest.raises(ValidationError) as overlap:
        services.term_policy_save(valid_from=date(2025, 1, 1), term_months=9)
    assert "Er is al een termijnregel" in overlap.value.message_dict["valid_from"][0]
    services.term_policy_save(valid_from=date(2026, 6, 1), term_months=9, note="Kortere termijn")
    early.refresh_from_db()
    late.refresh_from_db()
    assert (early.term_months, early.deadline_on) == (12, date(2027, 3, 1))
    assert (late.term_months, late.deadline_on) == (9, date(2027, 4, 1))
    assert late.term_policy.valid_from == date(2026, 6, 1)


@pytest.mark.django_db
def test_buckets_are_counted_for_the_dashboard(client, partner, youth, gemeente_user):
    submit(partner, youth, on=timezone.localdate() - timedelta(days=366))
    counts = {row["bucket"]: row["count"] for row in bucket_counts(actor=actor_of(gemeente_user))}
    assert counts[Bucket.OVERSCHREDEN] == 1
    client.force_login(gemeente_user)
    page = client.get(reverse("dashboard")).content.decode()
    assert "1 aanvraag heeft de termijn overschreden" in page


@pytest.mark.django_db
def test_request_page_says_which_policy_row_set_the_deadline(client, partner, youth, gemeente_user):
    request = submit(partner, youth, on=date(2024, 11, 1))
    client.force_login(gemeente_user)
    page = client.get(reverse("housing_request_detail", args=[request.pk])).content.decode()
    assert "Termijn 6 maanden, volgens de termijnregel voor aanvragen ingediend vanaf" in page
    assert "1 mei 2025" in page
    listing = client.get(reverse("housing_request_list"), {"bak": "overschreden"})
    assert [r.pk for r in listing.context["page"].object_list] == [request.pk]
    assert len(mail.outbox) == 0  # e-mails go after commit, through Celery


def _page_queries(client, query: dict) -> tuple[int, int]:
    """Queries of one page of /vervolghuisvesting/ and the number of its rows."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("housing_request_list"), query)
    assert response.status_code == 200
    return len(queries), len(response.context["page"].object_list)


@pytest.mark.django_db
@pytest.mark.parametrize("query", [{}, {"bak": Bucket.OP_SCHEMA, "q": "J-"}])
def test_housing_list_query_count_does_not_grow_with_the_number_of_requests(
    client, partner, in_use, place, gemeente_user, make_member, query
):
    location = in_use(proposed_capacity=60)
    submit(partner, place(location, months=17 * 12 + 2).youth)
    nidos = make_member(OrganisationKind.NIDOS, regions=("noord-west",))
    few = {}
    for user in (partner, gemeente_user, nidos):
        client.force_login(user)
        client.get(reverse("dashboard"))
        few[user], rows = _page_queries(client, query)
        assert rows == 1
    for _number in range(51):  # more than one page of 50
        submit(partner, place(location, months=17 * 12 + 2).youth)
    for user in (partner, gemeente_user, nidos):
        client.force_login(user)
        client.get(reverse("dashboard"))
        assert _page_queries(client, query) == (few[user], 50)
        assert few[user] <= 15


# --- The forms of a request, as people post them ------------------------------------------------


def _messages(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


@pytest.mark.django_db
def test_the_contractpartner_submits_through_the_form_and_bad_dates_are_explained(
    client, partner, youth, gemeente_user
):
    url = reverse("housing_request_submit", args=[youth.pseudonym])
    client.force_login(partner)
    future = timezone.localdate() + timedelta(days=1)
    refused = client.post(url, {"submitted_on": future.isoformat()})
    assert refused.status_code == 200
    assert "toekomst" in refused.content.decode()
    assert not HousingRequest.objects.exists()
    done = client.post(url, {"submitted_on": "2025-03-15"}, follow=True)
    request = HousingRequest.objects.get()
    assert done.redirect_chain[-1][0] == reverse("housing_request_detail", args=[request.pk])
    assert "De aanvraag is ingediend bij Utrecht; uiterste datum 15-03-2026." in _messages(done)
    again = client.post(url, {"submitted_on": "2025-03-16"})
    assert "loopt al een aanvraag" in again.content.decode()
    assert HousingRequest.objects.count() == 1


@pytest.mark.django_db
def test_the_gemeente_moves_a_request_through_the_form_and_is_told_what_is_missing(
    client, partner, youth, gemeente_user
):
    request = submit(partner, youth)

    def move(target, **data):
        url = reverse("housing_request_move", args=[request.pk, target])
        return client.post(url, data, follow=True)

    # The contractpartner may not take it into treatment; a state the table does not know
    # is refused as well.
    client.force_login(partner)
    assert move(HousingState.IN_BEHANDELING).status_code == 403
    client.force_login(gemeente_user)
    assert move("onbekend").status_code == 403
    assert "De aanvraag is bijgewerkt." in _messages(move(HousingState.IN_BEHANDELING))
    missing = move(HousingState.OVERBRUGGING, outcome_type="", outcome_on="")
    assert "Datum: Vul de datum in." in _messages(missing)
    request.refresh_from_db()
    assert request.state == HousingState.IN_BEHANDELING
    housed = move(
        HousingState.OVERBRUGGING,
        outcome_type=HousingType.OVERBRUGGING,
        outcome_on=timezone.localdate().isoformat(),
    )
    assert "De aanvraag is bijgewerkt." in _messages(housed)
    request.refresh_from_db()
    assert request.state == HousingState.OVERBRUGGING


@pytest.mark.django_db
def test_the_gemeente_hands_over_and_escalates_through_the_forms(
    client, partner, youth, gemeente_user
):
    request = submit(partner, youth)
    client.force_login(gemeente_user)
    transfer = reverse("housing_request_transfer", args=[request.pk])
    zeist = Gemeente.objects.get(code="GM0355")
    outside = client.post(transfer, {"gemeente": zeist.pk}, follow=True)
    assert "Kies een gemeente uit de regionale samenwerking." in _messages(outside)
    escalate = reverse("escalation_add", args=[request.pk])
    bad = client.post(escalate, {"kind": "overleg_nidos", "on": "gisteren"}, follow=True)
    assert "Vul een geldige soort en datum in." in _messages(bad)
    good = client.post(
        escalate,
        {"kind": "overleg_nidos", "on": timezone.localdate().isoformat(), "note": "Besproken"},
        follow=True,
    )
    assert "De escalatie is vastgelegd." in _messages(good)
    assert request.escalations.get().note == "Besproken"
    regio = RegionaleSamenwerking.objects.create(name="Regio Utrecht")
    for code in ("GM0344", "GM0355"):
        RegionaleSamenwerkingMember.objects.create(
            samenwerking=regio, gemeente=Gemeente.objects.get(code=code)
        )
    offered = client.post(transfer, {"gemeente": zeist.pk, "note": "Woning in Zeist"}, follow=True)
    # Still the sender's: its page, with the offer waiting for Zeist's answer.
    assert offered.redirect_chain[-1][0] == reverse("housing_request_detail", args=[request.pk])
    assert "De aanvraag is aangeboden aan Zeist." in _messages(offered)
    again = client.post(transfer, {"gemeente": zeist.pk}, follow=True)
    assert "al aangeboden aan Zeist" in _messages(again)
    request.refresh_from_db()
    assert request.gemeente.code == "GM0344"


@pytest.mark.django_db
def test_a_moved_youths_request_goes_to_the_gemeente_of_the_current_location(
    partner, in_use, place
):
    """Placed in Amersfoort, moved to Utrecht: the request is Utrecht's (DESIGN.md §6)."""
    amersfoort = in_use(gemeente_code="GM0307", street="Amersfoortseweg")
    placement = place(
        amersfoort, months=17 * 12, started_on=timezone.localdate() - timedelta(days=60)
    )
    utrecht = in_use(street="Biltstraat")
    services.placement_move(
        actor=actor_of(partner),
        placement=placement,
        location=utrecht,
        moved_on=timezone.localdate() - timedelta(days=10),
    )
    assert submit(partner, placement.youth).gemeente.code == "GM0344"


@pytest.mark.django_db
def test_a_youth_who_left_kso_has_the_gemeente_of_the_last_location(partner, in_use, place):
    amersfoort = in_use(gemeente_code="GM0307", street="Amersfoortseweg")
    placement = place(
        amersfoort, months=17 * 12, started_on=timezone.localdate() - timedelta(days=60)
    )
    moved = services.placement_move(
        actor=actor_of(partner),
        placement=placement,
        location=in_use(street="Biltstraat"),
        moved_on=timezone.localdate() - timedelta(days=10),
    )
    services.placement_end(
        actor=actor_of(partner),
        placement=moved,
        ended_on=timezone.localdate() - timedelta(days=2),
        destination="anders",
    )
    assert submit(partner, placement.youth).gemeente.code == "GM0344"


# --- Plausible submission dates (issue 17) ------------------------------------------------------


@pytest.mark.django_db
def test_a_request_is_not_dated_before_the_youths_first_placement(partner, in_use, place):
    today = timezone.localdate()
    youth = place(in_use(), months=17 * 12 + 6, started_on=today - timedelta(days=20)).youth
    with pytest.raises(ValidationError) as before:
        submit(partner, youth, on=today - timedelta(days=21))
    expected = (today - timedelta(days=20)).strftime("%d-%m-%Y")
    message = before.value.message_dict["submitted_on"][0]
    assert f"{youth} woont pas sinds {expected} in KSO" in message
    assert not HousingRequest.objects.exists()
    assert submit(partner, youth, on=today - timedelta(days=20)).submitted_on == (
        today - timedelta(days=20)
    )


@pytest.mark.django_db
def test_before_17_only_nidos_submits_and_records_why(partner, in_use, place, make_member):
    today = timezone.localdate()
    youth = place(in_use(), months=17 * 12 - 1).youth
    with pytest.raises(ValidationError) as young:
        submit(partner, youth, on=today)
    assert "nog geen 17" in young.value.message_dict["submitted_on"][0]
    assert "alleen Nidos, met een reden" in young.value.message_dict["submitted_on"][0]
    nidos = actor_of(make_member(OrganisationKind.NIDOS, regions=("noord-west",)))
    with pytest.raises(ValidationError) as no_reason:
        services.housing_request_submit(actor=nidos, youth=youth, submitted_on=today)
    assert "Geef de reden" in no_reason.value.message_dict["early_reason"][0]
    assert not HousingRequest.objects.exists()
    request = services.housing_request_submit(
        actor=nidos, youth=youth, submitted_on=today, early_reason="  Gezin komt over.  "
    )
    assert request.early_reason == "Gezin komt over."


@pytest.mark.django_db
def test_a_reason_given_from_17_on_is_not_kept(make_member, youth):
    nidos = actor_of(make_member(OrganisationKind.NIDOS, regions=("noord-west",)))
    request = services.housing_request_submit(
        actor=nidos, youth=youth, submitted_on=date(2025, 3, 1), early_reason="Niet nodig"
    )
    assert request.early_reason == ""


@pytest.mark.django_db
def test_nidos_gives_the_reason_on_the_form_and_the_request_page_shows_it(
    client, in_use, place, make_member, gemeente_user
):
    youth = place(in_use(), months=16 * 12 + 10).youth
    url = reverse("housing_request_submit", args=[youth.pseudonym])
    nidos = make_member(OrganisationKind.NIDOS, regions=("noord-west",))
    client.force_login(nidos)
    today = timezone.localdate().isoformat()
    asked = client.post(url, {"submitted_on": today})
    assert asked.status_code == 200
    assert "Geef de reden om toch nu in te dienen" in asked.content.decode()
    done = client.post(url, {"submitted_on": today, "early_reason": "Broer al hier"}, follow=True)
    assert "Ingediend voor 17 jaar, omdat" in done.content.decode()
    assert "Broer al hier" in done.content.decode()
    client.force_login(gemeente_user)
    form = client.get(reverse("housing_request_submit", args=[youth.pseudonym]))
    assert form.status_code == 403


@pytest.mark.django_db
def test_the_contractpartners_form_has_no_reason_field(client, partner, youth):
    client.force_login(partner)
    page = client.get(reverse("housing_request_submit", args=[youth.pseudonym]))
    assert "early_reason" not in page.context["form"].fields
