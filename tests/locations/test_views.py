"""The location pages as each party uses them: list, filters, offering, moving, documents."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kso_portal import derived
from locations.constants import Stage
from locations.models import (
    Location,
    LocationComment,
    LocationDocument,
    StagePlan,
    StageTransition,
)
from locations.workflow import PIPELINE
from organisations.models import Gemeente, Organisation
from tests.support import PROPERTY, production_queries
from vervolghuisvesting.models import OccupancyConfirmation, Placement
from vervolghuisvesting.selectors import Occupancy

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def offer_data(**changes) -> dict:
    data = {
        **PROPERTY,
        "gemeente": Gemeente.objects.get(code="GM0344").pk,
        "available_from": "2026-01-01",
        "has_living_room": "true",
        "has_kitchen": "true",
        "has_gp": "true",
        "has_staff_room": "unknown",
        **changes,
    }
    return {key: value for key, value in data.items() if value is not None}


def test_gemeente_offers_a_property_and_nidos_sees_it_in_its_queue(client, parties):
    client.force_login(parties.gemeente)
    response = client.post(reverse("location_create"), offer_data(postcode="3511ab"), follow=True)
    location = Location.objects.get()
    assert response.redirect_chain[-1][0] == reverse("location_detail", args=[location.pk])
    assert location.postcode == "3511 AB"
    assert "Het pand is aangeboden" in response.content.decode()
    client.force_login(parties.nidos)
    assert location in client.get(reverse("dashboard")).context["queue"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"postcode": "35 11"}, "Nederlandse postcode"),
        ({"proposed_capacity": 0}, "1 of meer"),
        ({"gemeente": "other"}, "eigen gemeente"),
    ],
)
def test_bad_input_on_the_offer_form_is_explained_and_nothing_is_saved(
    client, parties, changes, message
):
    if changes.get("gemeente") == "other":
        changes = {"gemeente": Gemeente.objects.get(code="GM0307").pk}
    client.force_login(parties.gemeente)
    response = client.post(reverse("location_create"), offer_data(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Location.objects.exists()


def test_gemeente_corrects_the_property_data_and_bad_input_changes_nothing(
    client, parties, make_location
):
    location = make_location(street="Oude Gracht", proposed_capacity=4)
    url = reverse("location_update", args=[location.pk])
    client.force_login(parties.gemeente)
    assert client.get(url).status_code == 200
    saved = client.post(url, offer_data(street="Nieuwe Gracht", proposed_capacity=5), follow=True)
    assert saved.redirect_chain[-1][0] == reverse("location_detail", args=[location.pk])
    assert "De gegevens van het pand zijn opgeslagen." in saved.content.decode()
    location.refresh_from_db()
    assert (location.street, location.proposed_capacity) == ("Nieuwe Gracht", 5)
    # Another gemeente, a bad postcode: explained on the form, nothing written.
    elsewhere = Gemeente.objects.get(code="GM0307").pk
    for changes, message in (
        ({"gemeente": elsewhere}, "eigen gemeente"),
        ({"postcode": "35 11"}, "Nederlandse postcode"),
    ):
        refused = client.post(url, offer_data(street="Derde Gracht", **changes))
        assert refused.status_code == 200
        assert message in refused.content.decode()
    location.refresh_from_db()
    assert (location.street, location.gemeente.code) == ("Nieuwe Gracht", "GM0344")


def test_a_closed_location_is_no_longer_corrected(client, parties, make_location):
    location = make_location(stage=Stage.AFGEWEZEN, street="Dichte Gracht")
    client.force_login(parties.gemeente)
    refused = client.post(
        reverse("location_update", args=[location.pk]), offer_data(street="Andere Gracht")
    )
    assert "Een afgesloten locatie kan niet meer worden gewijzigd." in refused.content.decode()
    location.refresh_from_db()
    assert location.street == "Dichte Gracht"


def test_nidos_takes_a_property_into_review_through_the_form(client, parties, make_location):
    location = make_location()
    client.force_login(parties.nidos)
    url = reverse("location_transition", args=[location.pk, Stage.IN_BEOORDELING])
    response = client.post(url, {"expected_stage": Stage.AANGEBODEN, "comment": ""}, follow=True)
    location.refresh_from_db()
    assert location.stage == Stage.IN_BEOORDELING
    assert "staat nu in fase In beoordeling" in response.content.decode()


def test_a_second_submit_of_the_same_move_is_told_it_already_moved(client, parties, make_location):
    location = make_location()
    client.force_login(parties.nidos)
    url = reverse("location_transition", args=[location.pk, Stage.IN_BEOORDELING])
    client.post(url, {"expected_stage": Stage.AANGEBODEN})
    location.refresh_from_db()
    # The same form again, still saying "aangeboden": the table has no such move any more.
    assert client.post(url, {"expected_stage": Stage.AANGEBODEN}).status_code == 403
    schouw = reverse("location_transition", args=[location.pk, Stage.AFGEWEZEN])
    stale = client.post(
        schouw, {"expected_stage": Stage.AANGEBODEN, "rejection_reason": "x"}, follow=True
    )
    assert "intussen door iemand anders" in stale.content.decode()
    assert location.transitions.filter(to_stage=Stage.IN_BEOORDELING).count() == 1
    location.refresh_from_db()
    assert location.stage == Stage.IN_BEOORDELING


def test_a_rejection_without_reason_is_explained_on_the_form(client, parties, make_location):
    location = make_location(stage=Stage.IN_BEOORDELING)
    client.force_login(parties.nidos)
    url = reverse("location_transition", args=[location.pk, Stage.AFGEWEZEN])
    response = client.post(url, {"expected_stage": Stage.IN_BEOORDELING, "rejection_reason": ""})
    assert "Dit veld is verplicht" in response.content.decode()
    location.refresh_from_db()
    assert location.stage == Stage.IN_BEOORDELING


def test_documents_upload_and_download_only_for_those_involved(
    client, parties, make_location, make_member
):
    location = make_location()
    client.force_login(parties.gemeente)
    upload = {"kind": "foto", "upload": _file("voorgevel.png", PNG)}
    client.post(reverse("location_document_add", args=[location.pk]), upload)
    document = LocationDocument.objects.get()
    url = reverse("location_document_download", args=[location.pk, document.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(make_member("gemeente", gemeente_code="GM0307"))
    assert client.get(url).status_code == 404


def test_a_document_of_the_wrong_type_is_refused_with_a_message(client, parties, make_location):
    location = make_location()
    client.force_login(parties.gemeente)
    upload = {"kind": "besluit", "upload": _file("besluit.pdf", b"<html>nep</html>")}
    response = client.post(
        reverse("location_document_add", args=[location.pk]), upload, follow=True
    )
    assert "Alleen PDF, PNG of JPEG" in response.content.decode()
    assert not LocationDocument.objects.exists()


def _file(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_comments_form_a_thread_on_the_location_page(client, parties, make_location):
    location = make_location()
    client.force_login(parties.gemeente)
    client.post(reverse("location_comment_add", args=[location.pk]), {"body": "Sleutel ligt klaar"})
    client.force_login(parties.nidos)
    page = client.get(reverse("location_detail", args=[location.pk]))
    [entry] = [e for e in page.context["timeline"] if e.kind == "comment"]
    assert (entry.text, entry.who) == ("Sleutel ligt klaar", parties.gemeente.email)


def test_list_filters_and_places_per_stage(client, parties, make_location):
    make_location(stage=Stage.IN_GEBRUIK, agreed_capacity=5)
    make_location(stage=Stage.AANGEBODEN, street="Biltstraat", place="Utrecht")
    make_location(stage=Stage.AANGEBODEN, gemeente_code="GM0772", place="Eindhoven")
    client.force_login(parties.nidos)
    response = client.get(reverse("location_list"))
    assert response.context["page"].paginator.count == 2  # Eindhoven is outside Noord-West
    per_stage = {row["stage"]: row for row in response.context["per_stage"]}
    assert per_stage[Stage.IN_GEBRUIK]["places"] == 5
    assert per_stage[Stage.AANGEBODEN]["places"] == 4
    filtered = client.get(reverse("location_list"), {"q": "bilt", "stage": Stage.AANGEBODEN})
    assert [loc.street for loc in filtered.context["page"].object_list] == ["Biltstraat"]


def test_gemeente_sees_a_summary_of_its_samenwerking_partners(client, parties, make_location):
    from organisations.models import RegionaleSamenwerking, RegionaleSamenwerkingMember

    regio = RegionaleSamenwerking.objects.create(name="Regio Utrecht")
    for code in ("GM0344", "GM0355"):
        RegionaleSamenwerkingMember.objects.create(
            samenwerking=regio, gemeente=Gemeente.objects.get(code=code)
        )
    zeist = make_location(gemeente_code="GM0355", place="Zeist")
    client.force_login(parties.gemeente)
    response = client.get(reverse("location_list"))
    assert list(response.context["partners"]) == [zeist]
    assert response.context["page"].paginator.count == 0
    assert client.get(reverse("location_detail", args=[zeist.pk])).status_code == 404


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("location_list")).status_code == 200
    return len(queries)


def test_list_query_count_does_not_grow_with_the_number_of_locations(
    client, parties, make_location
):
    contractpartner = Organisation.objects.get(name="Testorganisatie contractpartner")
    make_location(contractpartner=contractpartner)
    client.force_login(parties.nidos)
    client.get(reverse("dashboard"))
    few = _list_queries(client)
    for number in range(40):
        make_location(street=f"Straat {number}", contractpartner=contractpartner)
    assert _list_queries(client) == few
    assert few <= 15


def test_map_draws_one_circle_per_gemeente_and_stage_group(client, parties, make_location):
    make_location()
    make_location(stage=Stage.IN_GEBRUIK)
    client.force_login(parties.nidos)
    response = client.get(reverse("location_map"))
    assert len(response.context["groups"]) == 2
    assert response.content.decode().count("kso-map__point--") >= 2


def test_an_operational_location_is_ended_not_deleted(client, parties, make_location):
    location = make_location(stage=Stage.IN_GEBRUIK)
    client.force_login(parties.gemeente)
    url = reverse("location_transition", args=[location.pk, Stage.BEEINDIGD])
    client.post(
        url,
        {
            "expected_stage": Stage.IN_GEBRUIK,
            "ended_on": date(2026, 6, 30),
            "end_reason": "Pand verkocht",
        },
    )
    location.refresh_from_db()
    assert (location.stage, location.end_reason) == (Stage.BEEINDIGD, "Pand verkocht")
    withdraw = reverse("location_transition", args=[location.pk, Stage.INGETROKKEN])
    assert client.get(withdraw).status_code == 403


def _with_activity(location, *, times: int, place, parties) -> None:
    """`times` of each thing the location page lists: placements, comments, documents, stage
    plans and transitions, and an occupancy confirmation (each writes history too)."""
    gemeente = parties.gemeente
    organisation = gemeente.memberships.get().organisation
    for number in range(times):
        place(location, nidos_dossier_number=f"D{number}")
        LocationComment.objects.create(
            location=location, author=gemeente, organisation=organisation, body=f"Bericht {number}"
        )
        LocationDocument.objects.create(
            location=location,
            kind="foto",
            file=f"documenten/{location.pk}-{number}.png",
            original_name=f"foto-{number}.png",
            content_type="image/png",
            size=1000 + number,
            uploaded_by=gemeente,
            organisation=organisation,
        )
        StageTransition.objects.create(
            location=location,
            from_stage=Stage.VOORBEREIDING,
            to_stage=Stage.IN_GEBRUIK,
            by=gemeente,
            organisation=organisation,
            comment=f"Stap {number}",
        )
    for stage in PIPELINE[:times]:
        StagePlan.objects.create(location=location, stage=stage, planned_on=date(2026, 1, 1))
    OccupancyConfirmation.objects.create(
        location=location,
        confirmed_by=parties.contractpartner,
        organisation=location.contractpartner,
    )


def _detail_queries(client, location) -> int:
    derived.clear()  # both computed afresh
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("location_detail", args=[location.pk])).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["gemeente", "nidos", "contractpartner"])
def test_location_page_queries_do_not_grow_with_its_placements_comments_and_documents(
    client, parties, in_use, place, role
):
    quiet = in_use(street="Stillestraat", agreed_capacity=12)
    busy = in_use(street="Drukke Straat", agreed_capacity=12)
    _with_activity(quiet, times=1, place=place, parties=parties)
    _with_activity(busy, times=6, place=place, parties=parties)
    client.force_login(getattr(parties, role))
    client.get(reverse("dashboard"))
    url = reverse("location_detail", args=[busy.pk])
    # Computed afresh (nothing kept yet), counted as in production: the test's transaction
    # adds a savepoint around each write (access log, session) that autocommit does not.
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url).context
    assert len(production_queries(captured)) <= 15
    assert (len(page["placed"]), len(page["timeline"])) == (6, 18)
    assert page["history_more"]  # the newest changes, the rest one click away
    with CaptureQueriesContext(connection) as captured:
        everything = client.get(url, {"geschiedenis": "alles"}).context
    assert len(production_queries(captured)) <= 15
    assert len(everything["history"]) > 6 * 5
    assert _detail_queries(client, busy) == _detail_queries(client, quiet)


def test_location_page_shows_plans_occupancy_and_its_freshness_read_with_the_location(
    client, parties, in_use, place
):
    today = timezone.localdate()
    location = in_use(agreed_capacity=6)
    StagePlan.objects.create(
        location=location,
        stage=Stage.SCHOUW,
        planned_on=date(2026, 2, 1),
        actual_on=date(2026, 2, 3),
    )
    StagePlan.objects.create(
        location=location, stage=Stage.VOORBEREIDING, planned_on=date(2026, 3, 1)
    )
    place(location, started_on=today - timedelta(days=30))
    place(location, months=18 * 12 + 1, started_on=today - timedelta(days=60), age_reason="Broer")
    confirmed = OccupancyConfirmation.objects.create(
        location=location,
        confirmed_by=parties.contractpartner,
        organisation=location.contractpartner,
    )
    client.force_login(parties.nidos)
    page = client.get(reverse("location_detail", args=[location.pk])).context
    plans = {plan["stage"]: (plan["planned_on"], plan["actual_on"]) for plan in page["plans"]}
    assert plans[Stage.SCHOUW] == (date(2026, 2, 1), date(2026, 2, 3))
    assert plans[Stage.VOORBEREIDING] == (date(2026, 3, 1), None)
    assert plans[Stage.BESLUITVORMING] == (None, None)
    assert page["occupancy"] == Occupancy(capacity=6, occupied=2, in_verlengde_opvang=1)
    assert page["occupancy_at"] == confirmed.confirmed_at
    assert len(page["placed"]) == 2
    earlier = today - timedelta(days=45)
    before = client.get(reverse("location_detail", args=[location.pk]), {"op": earlier}).context
    assert (before["occupancy_on"], before["occupancy"].occupied) == (earlier, 1)


def test_location_page_timeline_is_one_dated_thread_of_stages_comments_and_documents(
    client, parties, make_location
):
    location = make_location()
    gemeente = parties.gemeente
    organisation = gemeente.memberships.get().organisation
    moment = timezone.now() - timedelta(days=3)
    document = LocationDocument.objects.create(
        location=location,
        kind="plattegrond",
        file="documenten/plattegrond.pdf",
        original_name="plattegrond.pdf",
        content_type="application/pdf",
        size=2048,
        uploaded_by=gemeente,
        organisation=organisation,
    )
    comment = LocationComment.objects.create(
        location=location, author=gemeente, organisation=organisation, body="Sleutel ligt klaar"
    )
    transition = StageTransition.objects.create(
        location=location,
        from_stage=Stage.AANGEBODEN,
        to_stage=Stage.IN_BEOORDELING,
        by=parties.nidos,
        organisation=parties.nidos.memberships.get().organisation,
        comment="Ziet er goed uit",
    )
    LocationDocument.objects.filter(pk=document.pk).update(uploaded_at=moment + timedelta(hours=2))
    LocationComment.objects.filter(pk=comment.pk).update(created_at=moment + timedelta(hours=1))
    StageTransition.objects.filter(pk=transition.pk).update(at=moment)
    client.force_login(parties.nidos)
    response = client.get(reverse("location_detail", args=[location.pk]))
    timeline = response.context["timeline"]
    assert [(e.kind, e.title, e.who, e.text) for e in timeline] == [
        ("stage", "In beoordeling", parties.nidos.email, "Ziet er goed uit"),
        ("comment", "", gemeente.email, "Sleutel ligt klaar"),
        ("document", "Plattegrond", gemeente.email, ""),
    ]
    assert timeline[0].at == moment
    assert (timeline[2].document.pk, timeline[2].document.original_name) == (
        document.pk,
        "plattegrond.pdf",
    )
    download = reverse("location_document_download", args=[location.pk, document.pk])
    assert f'href="{download}">plattegrond.pdf</a>' in response.content.decode()


def test_a_woningcorporatie_sees_the_occupancy_of_its_property_but_no_youth_in_its_history(
    client, make_member, in_use, place
):
    from organisations.constants import OrganisationKind

    corporatie = make_member(OrganisationKind.WONINGCORPORATIE)
    location = in_use(offered_by=corporatie.memberships.get().organisation)
    pseudonym = place(location).youth.pseudonym
    url = reverse("location_detail", args=[location.pk])
    gemeente = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344")
    client.force_login(gemeente)
    assert pseudonym in client.get(f"{url}?geschiedenis=alles").text  # the placement's entry
    client.force_login(corporatie)
    page = client.get(f"{url}?geschiedenis=alles")
    assert page.context["occupancy"].occupied == 1
    assert "U ziet geen gegevens van jongeren van deze locatie." in page.text
    assert pseudonym not in page.text
    # Nor the placement itself: its dates and reasons are about the youth too.
    assert [e for e in page.context["history"] if e.subject == "plaatsing"] == []
    assert "plaatsing" not in page.text.lower()


def test_the_list_writes_each_row_escaped_with_its_stage_occupancy_and_parties(
    client, parties, make_location, in_use, place
):
    quiet = in_use(street="Stille <Gracht> & Co", proposed_capacity=4)
    place(quiet)
    make_location(street="Nieuwe Weg")
    long_ago = timezone.now() - timedelta(days=40)
    Location.objects.filter(pk=quiet.pk).update(updated_at=long_ago)
    Placement.objects.filter(location=quiet).update(updated_at=long_ago)
    client.force_login(parties.gemeente)
    html = client.get(reverse("location_list")).content.decode()
    url = reverse("location_detail", args=[quiet.pk])
    assert f'<a href="{url}">Stille &lt;Gracht&gt; &amp; Co 12</a>' in html
    assert '<span class="stage stage--in_gebruik">In gebruik</span>' in html
    stale = '<span class="tag tag--warning">niet bevestigd in 30 dagen</span>'
    assert f"<td>1 van 4<br>{stale}</td>" in html
    partner = quiet.contractpartner.name
    assert f"<td>{partner}</td>" in html
    offered_row = html[html.index("Nieuwe Weg") :].split("</tr>")[0]
    assert "<td>—</td><td>—</td>" in offered_row  # no occupancy, no contractpartner yet


def test_a_stalled_stage_is_marked_on_the_location_page_and_the_dashboard(
    client, parties, make_location
):
    today = timezone.localdate()
    location = make_location(stage=Stage.IN_BEOORDELING)
    StagePlan.objects.create(
        location=location, stage=Stage.SCHOUW, planned_on=today - timedelta(days=14)
    )
    StagePlan.objects.create(
        location=location, stage=Stage.BESLUITVORMING, planned_on=today - timedelta(days=13)
    )
    client.force_login(parties.nidos)
    page = client.get(reverse("location_detail", args=[location.pk]))
    stalled = {plan["stage"]: plan["is_stalled"] for plan in page.context["plans"]}
    assert stalled[Stage.SCHOUW]
    assert not stalled[Stage.BESLUITVORMING]
    assert page.content.decode().count(">vastgelopen</span>") == 1
    dashboard = client.get(reverse("dashboard")).context
    assert [plan.stage for plan in dashboard["stalled"]] == [Stage.SCHOUW]


def test_the_move_form_asks_the_day_it_happened_and_the_page_shows_that_day(
    client, parties, make_location
):
    today = timezone.localdate()
    location = make_location(stage=Stage.AANGEBODEN)
    nidos = parties.nidos
    StageTransition.objects.create(
        location=location,
        to_stage=Stage.AANGEBODEN,
        by=parties.gemeente,
        organisation=parties.gemeente.memberships.get().organisation,
        happened_on=today - timedelta(days=20),
    )
    client.force_login(nidos)
    url = reverse("location_transition", args=[location.pk, Stage.IN_BEOORDELING])
    form = client.get(url).context["form"]
    assert form["happened_on"].initial == today
    assert form.fields["happened_on"].widget.attrs["max"] == today.isoformat()
    too_early = client.post(
        url,
        {"expected_stage": Stage.AANGEBODEN, "happened_on": today - timedelta(days=21)},
    )
    assert "ligt voor" in too_early.content.decode()
    assert not location.stage_plans.filter(stage=Stage.IN_BEOORDELING).exists()
    future = client.post(
        url, {"expected_stage": Stage.AANGEBODEN, "happened_on": today + timedelta(days=1)}
    )
    assert "in de toekomst" in future.content.decode()
    on = today - timedelta(days=9)
    client.post(url, {"expected_stage": Stage.AANGEBODEN, "happened_on": on.isoformat()})
    page = client.get(reverse("location_detail", args=[location.pk]))
    reached = {plan["stage"]: plan["actual_on"] for plan in page.context["plans"]}
    assert reached[Stage.IN_BEOORDELING] == on
    entry = page.context["timeline"][-1]
    assert (entry.happened_on, timezone.localtime(entry.at).date()) == (on, today)
    assert f"op {on:%d-%m-%Y}" in page.content.decode()
