"""Nidos' overview per province and Nidos region, and the reports that the worker makes: the
national overview is too large to make in the request, so it is queued, made once, announced
in the inbox and downloaded by its requester only."""

import re

import pytest
from django.urls import reverse

from notifications.models import Notification
from organisations.constants import OrganisationKind, Role
from reports.constants import ReportState
from reports.models import Report
from reports.tasks import report_generate
from tests.support import read_pdf, running_period

pytestmark = pytest.mark.django_db


def make_overview(client, region=""):
    return client.post(
        reverse("report_create"),
        {"kind": "overview", "overzicht-region": region, "overzicht-period": running_period()},
    )


@pytest.fixture
def national(make_member):
    return make_member(OrganisationKind.NIDOS, role=Role.COORDINATOR, is_national=True)


def flat(text: str) -> str:
    """The text on one line, with names that wrapped at their hyphen (Noord-Brabant) whole."""
    return re.sub(r"(\w)- (\w)", r"\1-\2", " ".join(text.split()))


def area_numbers(area) -> str:
    """The numbers of a line of totals, in the order of the overview's columns."""
    return " ".join(
        str(number)
        for number in (
            area.gemeenten,
            area.places_target,
            area.places_realised,
            area.places_gap,
            area.pipeline_total,
            area.effective_target,
            area.housed,
            area.housing_balance,
        )
    )


def test_a_regional_overview_has_the_totals_of_the_taakstelling_table(
    client, make_member, utrecht, housing
):
    nidos = make_member(OrganisationKind.NIDOS, regions=("noord-west",))
    client.force_login(nidos)
    table = client.get(
        reverse("period_table", args=[running_period()]), {"region": "noord-west"}
    ).context
    overdue = {b["bucket"]: b["count"] for b in client.get(reverse("dashboard")).context["buckets"]}

    response = make_overview(client, "noord-west")

    assert response.status_code == 200
    text = flat(read_pdf(response.content).text)
    totals = table["totals"]
    gemeenten = len(table["rows"])
    assert totals.gemeenten == gemeenten
    assert f"Totaal {area_numbers(totals)} {overdue['overschreden']}" in text
    assert overdue["overschreden"] == 1
    for area in table["regions"]:
        assert f"{area.name} {area_numbers(area)}" in text
    for area in table["provinces"]:
        assert f"{area.name} {area_numbers(area)}" in text
    # The gemeente row: KSO places 9, 4 in use, 5 to go, 5 on the way; 12 + 5 carried = 17
    # vergunninghouders to house, the amv's so far housed (voorlopig); 1 overdue request.
    [utrecht_row] = [row for row in table["rows"] if row.gemeente.code == "GM0344"]
    housed = utrecht_row.housing.housed
    assert f"Utrecht Utrecht 9 4 5 5 17 {housed}* {17 - housed} 1" in text
    assert totals.is_provisional
    assert Report.objects.count() == 0


def test_nidos_may_not_choose_another_region(client, make_member):
    client.force_login(make_member(OrganisationKind.NIDOS, regions=("noord-west",)))
    assert make_overview(client, "zuid").status_code == 404


@pytest.mark.parametrize(
    "kind",
    [
        OrganisationKind.GEMEENTE,
        OrganisationKind.CONTRACTPARTNER,
        OrganisationKind.WONINGCORPORATIE,
        OrganisationKind.BEHEER,
    ],
)
def test_only_nidos_makes_the_overview(client, make_member, kind):
    client.force_login(make_member(kind))
    assert make_overview(client).status_code == 403


def test_the_national_overview_is_made_by_the_worker_and_announced(
    client, national, utrecht, django_capture_on_commit_callbacks
):
    client.force_login(national)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = make_overview(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("report_index")
    assert len(queued) == 1  # handed to Celery after the commit
    report = Report.objects.get()
    assert report.state == ReportState.QUEUED
    assert client.get(reverse("report_download", args=[report.pk])).status_code == 302

    assert report_generate(report.pk) is True
    assert report_generate(report.pk) is False  # a redelivery makes nothing again

    report.refresh_from_db()
    assert report.state == ReportState.READY
    [notice] = Notification.objects.filter(recipient=national, kind="report")
    assert notice.url == reverse("report_download", args=[report.pk])
    assert notice.title == f"Rapport klaar: {report.title}"
    download = client.get(reverse("report_download", args=[report.pk]))
    assert download["Content-Type"] == "application/pdf"
    pdf = read_pdf(b"".join(download.streaming_content))
    text = flat(pdf.text)
    assert text.count(" Eindhoven Noord-Brabant ") == 1  # every gemeente, nationally
    assert "Utrecht Utrecht 9 4 5 5 — " in text
    for number, page in enumerate(pdf.pages, start=1):
        assert f"Pagina {number} van {len(pdf.pages)}" in page
    assert report.title == f"Overzicht KSO landelijk, {running_period()}"
    assert report.title in client.get(reverse("report_index")).content.decode()


def test_a_report_is_its_requesters_only(client, national, make_member, utrecht):
    client.force_login(national)
    make_overview(client)
    report = Report.objects.get()
    report_generate(report.pk)
    colleague = make_member(OrganisationKind.NIDOS, role=Role.MEDEWERKER, is_national=True)
    client.force_login(colleague)
    assert client.get(reverse("report_download", args=[report.pk])).status_code == 404
    assert client.get(reverse("report_index")).context["page"].paginator.count == 0


def test_with_the_broker_down_the_report_is_made_in_the_request(
    client, national, utrecht, broker_down, django_capture_on_commit_callbacks
):
    client.force_login(national)
    with django_capture_on_commit_callbacks(execute=True):
        assert make_overview(client).status_code == 302
    report = Report.objects.get()
    assert report.state == ReportState.READY
    assert Notification.objects.filter(recipient=national, kind="report").count() == 1


def test_a_report_whose_subject_went_out_of_sight_fails_with_a_message(
    client, make_member, utrecht, django_capture_on_commit_callbacks
):
    nidos = make_member(OrganisationKind.NIDOS, regions=("noord-west",))
    client.force_login(nidos)
    with django_capture_on_commit_callbacks(execute=False):
        make_overview(client)
    # Too small to be queued here, so queue one by hand as the large ones are.
    report = Report.objects.first() or Report.objects.create(
        requested_by=nidos,
        membership=nidos.memberships.get(),
        kind="overview",
        parameters={"period": running_period(), "region": "noord-west"},
        title="Overzicht",
    )
    nidos.memberships.get().nidos_regions.clear()  # moved to other work
    report_generate(report.pk)
    report.refresh_from_db()
    assert report.state == ReportState.FAILED
    assert report.error == "Wat dit rapport beschrijft, is niet meer zichtbaar voor u."
    notice = Notification.objects.get(recipient=nidos, kind="report")
    assert notice.title.startswith("Rapport niet gemaakt")
    response = client.get(reverse("report_download", args=[report.pk]), follow=True)
    assert report.error in response.content.decode()


@pytest.mark.parametrize("ended", ["membership", "organisation", "account"])
def test_a_queued_report_of_someone_no_longer_a_member_is_not_made(
    client, national, utrecht, django_capture_on_commit_callbacks, ended
):
    client.force_login(national)
    with django_capture_on_commit_callbacks(execute=False):
        make_overview(client)
    report = Report.objects.get()
    membership = national.memberships.get()
    # Deactivated while the report waited in the queue.
    target = {
        "membership": membership,
        "organisation": membership.organisation,
        "account": national,
    }[ended]
    target.is_active = False
    target.save()

    assert report_generate(report.pk) is True
    report.refresh_from_db()
    assert report.state == ReportState.FAILED
    assert not report.file
    assert report.error == (
        f"Uw lidmaatschap van {membership.organisation} is beëindigd; het rapport is niet gemaakt."
    )


def test_the_reports_page_lists_its_reports_in_a_fixed_number_of_queries(
    client, national, django_assert_max_num_queries
):
    client.force_login(national)
    membership = national.memberships.get()

    def add(count):
        Report.objects.bulk_create(
            Report(requested_by=national, membership=membership, kind="overview", title=f"R{i}")
            for i in range(count)
        )

    add(2)
    client.get(reverse("report_index"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("report_index"))
    add(40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("report_index"))
    assert page.context["page"].paginator.count == 42
