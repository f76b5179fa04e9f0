"""The access log: written by the kernel's services, searched by the beheerder only."""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from kso_portal.access import Actor
from kso_portal.constants import AccessKind
from kso_portal.services import access_log_record, security_event_record
from organisations.constants import OrganisationKind, Role

pytestmark = pytest.mark.django_db


def test_a_read_of_personal_data_records_who_from_which_organisation_and_what(make_member):
    user = make_member(OrganisationKind.CONTRACTPARTNER)
    request = RequestFactory().get("/jongeren/J-7K3M9Q/", REMOTE_ADDR="192.0.2.7")
    entry = access_log_record(
        actor=Actor(user=user, membership=user.memberships.get()),
        request=request,
        kind=AccessKind.YOUTH_READ,
        what="Jongere J-7K3M9Q",
    )
    assert (entry.email, entry.organisation_name, entry.path, entry.ip_address) == (
        user.email,
        "Testorganisatie contractpartner",
        "/jongeren/J-7K3M9Q/",
        "192.0.2.7",
    )


def test_beheerder_searches_the_log_by_text_kind_and_date(client, make_member):
    security_event_record(
        kind=AccessKind.SIGN_IN_FAILED, request=None, email="a@example.org", what="Aanmelden"
    )
    old = security_event_record(
        kind=AccessKind.MFA_CHANGE, request=None, email="b@example.org", what="Tweede factor"
    )
    # The log refuses updates, so an older row is made at an older moment.
    old_row = type(old)(
        kind=AccessKind.EXPORT,
        email="c@example.org",
        what="Export",
        at=timezone.now() - timedelta(days=10),
    )
    old_row.save()
    client.force_login(make_member(OrganisationKind.BEHEER, role=Role.COORDINATOR))
    url = reverse("access_log_list")

    def emails(**query):
        return [e.email for e in client.get(url, query).context["page"].object_list]

    assert emails() == ["b@example.org", "a@example.org", "c@example.org"]
    assert emails(q="b@exa") == ["b@example.org"]
    assert emails(kind=AccessKind.SIGN_IN_FAILED) == ["a@example.org"]
    since = (timezone.localdate() - timedelta(days=1)).isoformat()
    assert emails(since=since) == ["b@example.org", "a@example.org"]


def test_an_impossible_date_range_is_explained(client, make_member):
    client.force_login(make_member(OrganisationKind.BEHEER, role=Role.COORDINATOR))
    response = client.get(
        reverse("access_log_list"), {"since": "2026-02-01", "until": "2026-01-01"}
    )
    assert "De einddatum ligt voor de begindatum" in response.content.decode()
