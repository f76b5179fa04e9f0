"""The gemeente's Stand van zaken KSO: the numbers of the screens, on A4 with the organisation,
the date of the figures and page x of y on every page, and nothing of anyone else's."""

import io
from datetime import timedelta

import pypdf
import pytest
from django.urls import reverse
from django.utils import dateformat, timezone

from organisations.constants import OrganisationKind, Role
from organisations.models import Gemeente, RegionaleSamenwerking, RegionaleSamenwerkingMember
from reports.models import Report
from taakstelling.rules import counted_early, parse_period, period_bounds
from tests.support import actor_of, read_pdf, running_period
from vervolghuisvesting import services
from vervolghuisvesting.constants import Choice
from vervolghuisvesting.models import Youth

pytestmark = pytest.mark.django_db


def make_stand(client, code="GM0344", period=None):
    return client.post(
        reverse("report_create"),
        {
            "kind": "stand_van_zaken",
            "stand-gemeente": code,
            "stand-period": period or running_period(),
        },
    )


def numbers(*values) -> str:
    return " ".join(str(value) for value in values)


def amvs_this_half_year() -> int:
    """The fixture's youths whose first KSO placement, as a minor, started in Utrecht in the
    running half year (the rule in Python, `taakstelling.rules.counted_early`)."""
    starts_on, ends_on = period_bounds(*parse_period(running_period()))
    youths = [
        (
            youth.birth_on,
            [(p.location.gemeente.code, p.started_on) for p in youth.placements.order_by("pk")],
        )
        for youth in Youth.objects.prefetch_related("placements__location__gemeente")
    ]
    period = (starts_on, min(ends_on, timezone.localdate()))
    return counted_early(youths, {"lopend": period}).get(("GM0344", "lopend"), 0)


def places_row(figures) -> str:
    """A line of the PDF's table of KSO places, as the page's history gives it."""
    p = figures.places
    dash = "—"
    return numbers(
        figures.period.code,
        dash if p.target is None else p.target,
        p.realised,
        dash if p.gap is None else p.gap,
    )


def housing_row(figures) -> str:
    """A line of the PDF's table of the vergunninghouders (* marks a count without COA/TVS)."""
    h = figures.housing
    housed = f"{h.housed}{'*' if h.tvs is None else ''}"
    return numbers(
        figures.period.code,
        h.target,
        h.carried_in,
        h.effective_target,
        housed,
        h.counted_early,
        h.balance,
    )


def test_the_stand_van_zaken_holds_the_numbers_of_the_screens(
    client, gemeente_user, utrecht, housing
):
    client.force_login(gemeente_user)
    code = running_period()
    page = client.get(reverse("gemeente_taakstelling", args=[code, "GM0344"])).context
    listed = client.get(reverse("location_list"), {"gemeente": "GM0344"}).context
    dashboard = client.get(reverse("dashboard")).context
    location = client.get(reverse("location_detail", args=[utrecht["location"].pk])).context

    response = make_stand(client)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="stand-van-zaken-utrecht-{code}.pdf"'
    )
    text = read_pdf(response.content).text
    now = page["now"]
    # KSO places, a stock: 9 asked, 4 in use, 5 to realise; 5 on the way, none after that.
    assert (now.places.target, now.places.realised, now.places.gap) == (9, 4, 5)
    assert (page["pipeline_places"], page["after_pipeline"]) == (5, 0)
    assert dashboard["taakstelling"].places.gap == now.places.gap
    # Vergunninghouders, a flow: 20 - 15 = 5 behind; then 12 + 5 = 17 to house, the amv's so far.
    before, running = page["history"]
    early = amvs_this_half_year()
    assert (before.housing.effective_target, before.housing.balance) == (20, 5)
    assert (running.housing.effective_target, running.housing.housed) == (17, early)
    assert running.housing.balance == 17 - early
    assert running.housing.is_provisional
    assert dashboard["taakstelling"].housing.balance == running.housing.balance
    for figures in page["history"]:
        assert places_row(figures) in text
        assert housing_row(figures) in text
    assert "Achterstand (voorlopig)" in text
    for row in listed["per_stage"]:
        assert f"{row['label']} {row['locations']} {row['places']}" in text
    assert "Pijplijnstraat 12, Utrecht Schouw 5" in text
    occupancy = location["occupancy"]
    assert numbers(occupancy.capacity, occupancy.occupied, occupancy.free) == "4 3 1"
    assert f"Bezettingslaan 12, Utrecht {numbers(4, 3, 1)}" in text
    for row in dashboard["milestones"]:
        month = dateformat.format(row["month"], "F Y")
        assert f"{month} {numbers(row['keuze'], row['achttien'], row['eenentwintig'])}" in text
    assert sum(row["achttien"] for row in dashboard["milestones"]) == 1
    for bucket in dashboard["buckets"]:
        # One column per term that occurs (12 months here), then the total.
        assert f"{bucket['label']} {bucket['count']} {bucket['count']}" in text
    assert Report.objects.count() == 0  # small: downloaded at once, nothing kept


def test_every_page_names_the_organisation_the_date_and_page_x_of_y(client, gemeente_user, utrecht):
    client.force_login(gemeente_user)
    content = make_stand(client).content
    pages = read_pdf(content).pages
    assert len(pages) >= 2
    figures_on = dateformat.format(timezone.localdate(), "j F Y")
    for number, text in enumerate(pages, start=1):
        assert "Gemeente Utrecht" in text
        assert f"Cijfers per {figures_on}" in text
        assert f"Pagina {number} van {len(pages)}" in text
    reader = pypdf.PdfReader(io.BytesIO(content))
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]  # tagged: PDF/UA
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    assert reader.metadata.title.startswith("Stand van zaken KSO Utrecht")


def test_the_stand_van_zaken_names_no_youth(client, gemeente_user, utrecht):
    client.force_login(gemeente_user)
    text = read_pdf(make_stand(client).content).text
    for youth in utrecht["youths"]:
        assert youth.pseudonym not in text
        assert youth.birth_on.strftime("%d-%m-%Y") not in text


def test_the_samenwerking_totals_are_in_when_the_gemeente_has_one(client, gemeente_user, utrecht):
    samenwerking = RegionaleSamenwerking.objects.create(name="Regio Utrecht-West")
    for code in ("GM0344", "GM0355"):
        RegionaleSamenwerkingMember.objects.create(
            samenwerking=samenwerking, gemeente=Gemeente.objects.get(code=code)
        )
    client.force_login(gemeente_user)
    text = read_pdf(make_stand(client).content).text
    # KSO places: Utrecht 9 + Zeist 2 asked; Utrecht's 4 realised, 7 to go; 5 in the pipeline;
    # no vergunninghouders letter: nothing to house.
    assert "Regio Utrecht-West: totalen van 2 gemeenten" in text
    assert numbers(11, 4, 7, 5, 0, 0, 0) in text


def test_nidos_makes_it_for_a_gemeente_of_its_regions_only(client, make_member, utrecht):
    nidos = make_member(OrganisationKind.NIDOS, regions=("noord-west",))
    client.force_login(nidos)
    text = read_pdf(make_stand(client).content).text
    assert "Stand van zaken KSO Utrecht" in text
    assert numbers(running_period(), 9, 4, 5) in text
    assert make_stand(client, code="GM0772").status_code == 404  # Eindhoven: region Zuid


def test_another_gemeente_or_an_unknown_period_answers_404(client, gemeente_user, utrecht):
    client.force_login(gemeente_user)
    assert make_stand(client, code="GM0772").status_code == 404
    assert make_stand(client, period="2031-I").status_code == 404


@pytest.mark.parametrize(
    "kind", [OrganisationKind.CONTRACTPARTNER, OrganisationKind.WONINGCORPORATIE]
)
def test_organisations_that_follow_no_taakstelling_may_not_make_it(client, make_member, kind):
    client.force_login(make_member(kind))
    assert make_stand(client).status_code == 403


def test_the_beheerder_sees_no_youths_so_makes_no_stand_van_zaken(client, make_member):
    client.force_login(make_member(OrganisationKind.BEHEER, role=Role.COORDINATOR))
    assert make_stand(client).status_code == 403


def test_a_form_without_gemeente_says_so_in_dutch_and_makes_nothing(client, gemeente_user):
    client.force_login(gemeente_user)
    response = client.post(
        reverse("report_create"), {"kind": "stand_van_zaken", "stand-period": running_period()}
    )
    assert response.status_code == 400
    assert response.context["stand_form"].errors["gemeente"] == ["Dit veld is verplicht."]
    assert Report.objects.count() == 0


def test_an_unknown_kind_of_report_is_404(client, gemeente_user):
    client.force_login(gemeente_user)
    assert client.post(reverse("report_create"), {"kind": "alles"}).status_code == 404


def test_the_gemeente_page_offers_the_stand_van_zaken(client, gemeente_user, utrecht):
    client.force_login(gemeente_user)
    page = client.get(reverse("gemeente_taakstelling", args=[running_period(), "GM0344"]))
    assert 'name="stand-gemeente" value="GM0344"' in page.content.decode()


def test_the_stand_van_zaken_counts_verlengde_opvang_by_choice_and_waiting_for_housing(
    client, gemeente_user, partner, utrecht, place
):
    """A youth of 19 in Utrecht who chose zelfstandig wonen and whose request runs: the
    gemeente's backlog, as on its dashboard (issue 17)."""
    today = timezone.localdate()
    youth = place(utrecht["location"], months=19 * 12, started_on=today - timedelta(days=400)).youth
    actor = actor_of(partner)
    services.conversation_record(
        actor=actor,
        youth=youth,
        conversation_on=today - timedelta(days=300),
        choice=Choice.ZELFSTANDIG_WONEN,
    )
    services.housing_request_submit(actor=actor, youth=youth, submitted_on=today)
    client.force_login(gemeente_user)
    dashboard = client.get(reverse("dashboard")).context["verlengde_opvang"]
    text = read_pdf(make_stand(client).content).text
    assert dashboard["wacht_op_woonruimte"] == 1
    assert f"Verlengde Opvang, wacht op woonruimte {dashboard['wacht_op_woonruimte']}" in text
    assert "Verlengde Opvang, uit keuze 0" in text
    assert "Over 21, nog geplaatst 0" in text
