"""Every URL x role x (own / other organisation): what each user gets.

Every new view adds its rows here. `None` as expected status means "redirect to sign-in".
"""

import secrets
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from organisations.constants import OrganisationKind, Role
from organisations.models import (
    Gemeente,
    Invitation,
    RegionaleSamenwerking,
    RegionaleSamenwerkingMember,
)

K, R = OrganisationKind, Role
# role key -> (organisation kind, role, make_member options)
ROLES = {
    "gemeente-lezer": (K.GEMEENTE, R.LEZER, {}),
    "gemeente-medewerker": (K.GEMEENTE, R.MEDEWERKER, {}),
    "gemeente-coordinator": (K.GEMEENTE, R.COORDINATOR, {}),
    "nidos-medewerker": (K.NIDOS, R.MEDEWERKER, {"regions": ("noord-west",)}),
    "nidos-coordinator-landelijk": (K.NIDOS, R.COORDINATOR, {"is_national": True}),
    "contractpartner-medewerker": (K.CONTRACTPARTNER, R.MEDEWERKER, {}),
    "contractpartner-coordinator": (K.CONTRACTPARTNER, R.COORDINATOR, {}),
    "woningcorporatie-medewerker": (K.WONINGCORPORATIE, R.MEDEWERKER, {}),
    "beheer-coordinator": (K.BEHEER, R.COORDINATOR, {}),
}
EVERYONE = dict.fromkeys(ROLES, 200)
COORDINATORS = {
    "gemeente-coordinator",
    "nidos-coordinator-landelijk",
    "contractpartner-coordinator",
}
WRITERS_OF_SAMENWERKING = {"gemeente-medewerker", "gemeente-coordinator", "nidos-medewerker"}


def only(statuses: dict[str, int], default: int) -> dict[str, int]:
    return {key: statuses.get(key, default) for key in ROLES}


# url name -> (status for anonymous, {role key: status when signed in})
MATRIX = {
    "dashboard": (None, EVERYONE),
    "accessibility": (200, EVERYONE),
    "account_login": (200, dict.fromkeys(ROLES, 302)),
    "membership_switch": (None, dict.fromkeys(ROLES, 405)),  # POST: test_pages.py
    # A coordinator is sent on to their own organisation; beheer sees the list.
    "organisation_list": (
        None,
        only({**dict.fromkeys(COORDINATORS, 302), "beheer-coordinator": 200}, 403),
    ),
    "samenwerking_list": (None, EVERYONE),
    "samenwerking_create": (
        None,
        only(
            {
                **dict.fromkeys(WRITERS_OF_SAMENWERKING, 200),
                "nidos-coordinator-landelijk": 200,
                "beheer-coordinator": 200,
            },
            403,
        ),
    ),
    "access_log_list": (None, only({"beheer-coordinator": 200}, 403)),
}


@pytest.mark.parametrize("url_name", sorted(MATRIX))
@pytest.mark.django_db
def test_anonymous_access(client, url_name):
    expected, _ = MATRIX[url_name]
    response = client.get(reverse(url_name))
    if expected is None:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected


def member(make_member, role_key):
    kind, role, options = ROLES[role_key]
    return make_member(kind, role=role, **options)


@pytest.mark.parametrize("role_key", sorted(ROLES))
@pytest.mark.parametrize("url_name", sorted(MATRIX))
@pytest.mark.django_db
def test_signed_in_access(client, make_member, url_name, role_key):
    client.force_login(member(make_member, role_key))
    _, expected = MATRIX[url_name]
    assert client.get(reverse(url_name)).status_code == expected[role_key]


# --- URLs of one object: (status for its own organisation's object, for another's).
MANAGERS = {**dict.fromkeys(COORDINATORS, (200, 404)), "beheer-coordinator": (200, 200)}
ORGANISATION_PAGE = {key: MANAGERS.get(key, (403, 404)) for key in ROLES}
MEMBER_PAGE = {key: MANAGERS.get(key, (404, 404)) for key in ROLES}
SAMENWERKING_READERS = {
    "gemeente-lezer": (200, 404),
    "gemeente-medewerker": (200, 404),
    "gemeente-coordinator": (200, 404),
    "nidos-medewerker": (200, 404),
    "nidos-coordinator-landelijk": (200, 200),
    "beheer-coordinator": (200, 200),
}
SAMENWERKING_PAGE = {key: SAMENWERKING_READERS.get(key, (404, 404)) for key in ROLES}
SAMENWERKING_EDIT = SAMENWERKING_PAGE | {"gemeente-lezer": (403, 404)}

OBJECT_MATRIX = {
    "organisation_detail": (ORGANISATION_PAGE, lambda o: [o.organisation.pk]),
    "invitation_create": (ORGANISATION_PAGE, lambda o: [o.organisation.pk]),
    "membership_update": (MEMBER_PAGE, lambda o: [o.organisation.pk, o.membership.pk]),
    "membership_deactivate": (MEMBER_PAGE, lambda o: [o.organisation.pk, o.membership.pk]),
    "membership_reactivate": (MEMBER_PAGE, lambda o: [o.organisation.pk, o.membership.pk]),
    "invitation_revoke": (MEMBER_PAGE, lambda o: [o.organisation.pk, o.invitation.pk]),
    "invitation_resend": (
        dict.fromkeys(ROLES, (405, 405)),  # POST only: test_resend_post_is_scoped below
        lambda o: [o.organisation.pk, o.invitation.pk],
    ),
    "samenwerking_detail": (SAMENWERKING_PAGE, lambda o: [o.samenwerking.pk]),
    "samenwerking_update": (SAMENWERKING_EDIT, lambda o: [o.samenwerking.pk]),
}


class Objects:
    """An organisation with a colleague, an open invitation and a samenwerking."""

    def __init__(self, make_member, kind, role, gemeente_code, samenwerking_codes):
        colleague = make_member(kind, role=role, gemeente_code=gemeente_code)
        self.membership = colleague.memberships.get()
        self.organisation = self.membership.organisation
        self.invitation = Invitation.objects.create(
            email=f"uitgenodigd.{secrets.token_hex(4)}@example.org",
            organisation=self.organisation,
            role=Role.LEZER,
            invited_by=colleague,
            token_hash=secrets.token_hex(32),
            expires_at=timezone.now() + timedelta(days=7),
        )
        self.samenwerking = RegionaleSamenwerking.objects.create(
            name=f"Samenwerking {secrets.token_hex(4)}"
        )
        for code in samenwerking_codes:
            RegionaleSamenwerkingMember.objects.create(
                samenwerking=self.samenwerking, gemeente=Gemeente.objects.get(code=code)
            )


def own_and_other(make_member, role_key):
    kind = ROLES[role_key][0]
    # Utrecht and Zeist lie in Noord-West; Eindhoven and Helmond in Zuid.
    own = Objects(make_member, kind, Role.MEDEWERKER, "GM0344", ("GM0344", "GM0355"))
    other = Objects(make_member, K.GEMEENTE, Role.MEDEWERKER, "GM0307", ("GM0772", "GM0794"))
    return own, other


@pytest.mark.parametrize("role_key", sorted(ROLES))
@pytest.mark.parametrize("url_name", sorted(OBJECT_MATRIX))
@pytest.mark.django_db
def test_object_urls_for_own_and_other_organisation(client, make_member, url_name, role_key):
    own, other = own_and_other(make_member, role_key)
    client.force_login(member(make_member, role_key))
    expected, args = OBJECT_MATRIX[url_name]
    got = tuple(
        client.get(reverse(url_name, args=args(objects))).status_code for objects in (own, other)
    )
    assert got == expected[role_key]


@pytest.mark.parametrize("url_name", sorted(OBJECT_MATRIX))
@pytest.mark.django_db
def test_object_urls_send_anonymous_visitors_to_sign_in(client, make_member, url_name):
    own, _ = own_and_other(make_member, "gemeente-coordinator")
    response = client.get(reverse(url_name, args=OBJECT_MATRIX[url_name][1](own)))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_resend_post_is_scoped(client, make_member):
    own, other = own_and_other(make_member, "gemeente-coordinator")
    client.force_login(member(make_member, "gemeente-coordinator"))
    for objects, status in ((other, 404), (own, 302)):
        url = reverse("invitation_resend", args=[objects.organisation.pk, objects.invitation.pk])
        assert client.post(url).status_code == status
    other.invitation.refresh_from_db()
    assert other.invitation.revoked_at is None


@pytest.mark.django_db
def test_invitation_link_is_public_but_a_wrong_one_is_404(client, reference_data):
    assert client.get(reverse("invitation_accept", args=["onbekend"])).status_code == 404
    url = reverse("invitation_renewal_request", args=["onbekend"])
    assert client.post(url).status_code == 404


@pytest.mark.django_db
def test_beheer_admin_is_for_staff_only(client, make_member):
    client.force_login(make_member(OrganisationKind.GEMEENTE, role=Role.COORDINATOR))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "login" in response["Location"]
    client.force_login(make_member(OrganisationKind.BEHEER, is_staff=True))
    assert client.get(reverse("admin:index")).status_code == 200
