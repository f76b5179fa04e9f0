"""The youth pages: who sees which youths and which of their data, and the access log."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kso_portal.constants import AccessKind
from kso_portal.models import AccessLogEntry
from organisations.constants import OrganisationKind
from tests.support import born_aged
from vervolghuisvesting.models import Placement, Youth

pytestmark = pytest.mark.django_db


def test_contractpartner_sees_its_youths_with_birth_date_and_dossier_number(
    client, partner, in_use, place
):
    youth = place(in_use(), nidos_dossier_number="N-2026-1").youth
    client.force_login(partner)
    page = client.get(reverse("youth_detail", args=[youth.pseudonym])).content.decode()
    assert youth.birth_on.strftime("%Y") in page
    assert "N-2026-1" in page


def test_gemeente_sees_milestones_but_never_birth_date_or_dossier_number(
    client, in_use, place, make_member
):
    youth = place(in_use(), nidos_dossier_number="N-2026-1").youth
    client.force_login(make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344"))
    response = client.get(reverse("youth_detail", args=[youth.pseudonym]))
    page = response.content.decode()
    assert "Geboortedatum" not in page
    assert "N-2026-1" not in page
    assert "Meerderjarig" in page
    listing = client.get(reverse("youth_list")).content.decode()
    assert youth.pseudonym in listing
    assert "Geboortedatum" not in listing


def test_the_list_writes_each_youths_row_and_the_date_of_birth_only_where_allowed(
    client, partner, in_use, place, make_member
):
    location = in_use(street="Lange <Laan>")
    due = place(location, months=17 * 12 + 5).youth  # keuzemoment within a month
    client.force_login(partner)
    html = client.get(reverse("youth_list")).content.decode()
    youth_url = reverse("youth_detail", args=[due.pseudonym])
    location_url = reverse("location_detail", args=[location.pk])
    birth = due.birth_on.strftime("%d-%m-%Y")
    row = html[html.index(f'<a href="{youth_url}">') :].split("</tr>")[0]
    assert f"<td>{birth}</td><td>KSO</td>" in row
    assert f'<a href="{location_url}">Lange &lt;Laan&gt; 12</a>' in row
    assert '<span class="tag tag--warning">gesprek nog niet gevoerd</span>' in row
    client.force_login(make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344"))
    html = client.get(reverse("youth_list")).content.decode()
    row = html[html.index(f'<a href="{youth_url}">') :].split("</tr>")[0]
    assert birth not in row
    assert "</a></td><td>KSO</td>" in row


def test_youths_of_other_regions_and_partners_are_404(client, in_use, place, make_member):
    youth = place(in_use()).youth
    for user in (
        make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0307"),
        make_member(OrganisationKind.NIDOS, regions=("zuid",)),
        make_member(OrganisationKind.WONINGCORPORATIE),
        make_member(OrganisationKind.BEHEER),
    ):
        client.force_login(user)
        assert client.get(reverse("youth_detail", args=[youth.pseudonym])).status_code == 404
        assert youth.pseudonym not in client.get(reverse("youth_list")).content.decode()


def test_every_read_of_youth_data_is_logged(client, partner, in_use, place):
    location = in_use()
    youth = place(location).youth
    client.force_login(partner)
    client.get(reverse("youth_list"))
    client.get(reverse("youth_detail", args=[youth.pseudonym]))
    client.get(reverse("location_detail", args=[location.pk]))
    entries = list(
        AccessLogEntry.objects.order_by("pk").values_list("kind", "what", "pseudonyms", "path")
    )
    # The page's title, the youths it showed and where.
    assert entries == [
        (AccessKind.YOUTH_READ, "Jongeren", [youth.pseudonym], reverse("youth_list")),
        (
            AccessKind.YOUTH_READ,
            youth.pseudonym,
            [youth.pseudonym],
            reverse("youth_detail", args=[youth.pseudonym]),
        ),
        (
            AccessKind.YOUTH_READ,
            str(location),
            [youth.pseudonym],
            reverse("location_detail", args=[location.pk]),
        ),
    ]


def test_contractpartner_places_moves_and_ends_through_the_pages(client, partner, in_use):
    first, second = in_use(), in_use(street="Biltstraat")
    client.force_login(partner)
    today = timezone.localdate()
    client.post(
        reverse("placement_create", args=[first.pk]),
        {"birth_on": born_aged(16 * 12).isoformat(), "started_on": today.isoformat()},
    )
    placement = Placement.objects.get()
    client.post(
        reverse("placement_move", args=[placement.pk]),
        {"location": second.pk, "moved_on": today.isoformat()},
    )
    moved = Placement.objects.get(ended_on__isnull=True)
    assert moved.location == second
    client.post(
        reverse("placement_end", args=[moved.pk]),
        {"ended_on": today.isoformat(), "destination": "vervolghuisvesting"},
    )
    assert not Placement.objects.filter(ended_on__isnull=True).exists()
    client.post(reverse("occupancy_confirm", args=[second.pk]))
    assert second.occupancy_confirmations.count() == 1


def test_bad_placement_input_is_explained_on_the_form(client, partner, in_use):
    location = in_use()
    client.force_login(partner)
    url = reverse("placement_create", args=[location.pk])
    missing = client.post(url, {"started_on": timezone.localdate().isoformat()})
    assert "Vul de geboortedatum" in missing.content.decode()
    too_young = client.post(
        url,
        {
            "birth_on": born_aged(10 * 12).isoformat(),
            "started_on": timezone.localdate().isoformat(),
        },
    )
    assert "kan niet in KSO" in too_young.content.decode()
    unknown = client.post(
        url, {"pseudonym": "J-XXXXXX", "started_on": timezone.localdate().isoformat()}
    )
    assert "Geen jongere met dit pseudoniem" in unknown.content.decode()
    assert not Youth.objects.exists()


def test_list_filters_by_status_and_milestones_within_months(client, partner, in_use, place):
    location = in_use()
    soon = place(location, months=17 * 12 + 5).youth  # keuzemoment within about a month
    later = place(location, months=15 * 12 + 2).youth
    client.force_login(partner)

    def listed(**query):
        page = client.get(reverse("youth_list"), query).context["page"]
        return {youth.pseudonym for youth in page.object_list}

    assert listed() == {soon.pseudonym, later.pseudonym}
    assert listed(within_months=1) == {soon.pseudonym}
    assert listed(status="kso") == {soon.pseudonym, later.pseudonym}
    assert listed(status="verlengde_opvang") == set()
    assert listed(q=soon.pseudonym[-3:].lower()) == {soon.pseudonym}


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("query", ["", "?status=kso&within_months=6&q=J-"])
def test_youth_list_query_count_does_not_grow_with_the_number_of_youths(
    client, partner, in_use, place, make_member, query
):
    location = in_use(proposed_capacity=60)
    place(location, months=17 * 12 + 3)
    readers = (partner, make_member(OrganisationKind.NIDOS, regions=("noord-west",)))
    few = {}
    for user in readers:
        client.force_login(user)
        client.get(reverse("dashboard"))
        few[user] = _queries(client, reverse("youth_list") + query)
    for months in range(17 * 12 + 1, 17 * 12 + 6):  # keuzemoment within 6 months, more than a page
        for _number in range(11):
            place(location, months=months, started_on=timezone.localdate() - timedelta(days=5))
    for user in readers:
        client.force_login(user)
        client.get(reverse("dashboard"))
        assert _queries(client, reverse("youth_list") + query) == few[user]
        assert few[user] <= 15
    assert len(client.get(reverse("youth_list") + query).context["page"].object_list) == 50


def test_dashboards_count_milestones_and_list_conversations_due(
    client, partner, in_use, place, make_member
):
    location = in_use()
    due = place(location, months=17 * 12 + 5).youth
    client.force_login(partner)
    dashboard = client.get(reverse("dashboard")).context
    assert [y.pseudonym for y in dashboard["keuzegesprek_due"]] == [due.pseudonym]
    assert [loc.occupied_today for loc in dashboard["occupancy"]] == [1]
    # The pseudonyms on the dashboard are a read of youths: logged, with how many.
    logged = AccessLogEntry.objects.filter(user=partner, kind=AccessKind.YOUTH_READ).get()
    assert (logged.what, logged.pseudonyms) == ("Overzicht", [due.pseudonym])
    client.force_login(make_member(OrganisationKind.NIDOS, regions=("noord-west",)))
    months = client.get(reverse("dashboard")).context["milestones"]
    assert len(months) == 12
    assert sum(row["keuze"] for row in months) == 1
    assert sum(row["achttien"] for row in months) == 1
