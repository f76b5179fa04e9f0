"""Every URL x role x (own / other organisation): what each user gets.

Every new view adds its rows here. `None` as expected status means "redirect to sign-in".
"""

import secrets
from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from locations.constants import Stage
from locations.models import Location, LocationDocument
from notifications.models import Notification
from organisations.constants import OrganisationKind, Role
from organisations.models import (
    Gemeente,
    Invitation,
    Organisation,
    RegionaleSamenwerking,
    RegionaleSamenwerkingMember,
    SamenwerkingInvitation,
)
from tests.support import PROPERTY
from vervolghuisvesting.constants import TransferState
from vervolghuisvesting.models import (
    HousingRequest,
    HousingTransfer,
    Placement,
    PlacementTransfer,
    TermPolicy,
)
from vervolghuisvesting.services import youth_create

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
    "location_list": (None, EVERYONE),
    "location_map": (None, EVERYONE),
    # A gemeente or woningcorporatie offers a property (DESIGN.md §4.4); a lezer reads only.
    "location_create": (
        None,
        only(
            {
                "gemeente-medewerker": 200,
                "gemeente-coordinator": 200,
                "woningcorporatie-medewerker": 200,
            },
            403,
        ),
    ),
    "notification_list": (None, EVERYONE),
    "notification_preferences": (None, EVERYONE),
    "calendar_feed_renew": (None, dict.fromkeys(ROLES, 405)),  # POST only
    "taakstelling_index": (None, dict.fromkeys(ROLES, 302)),  # to the running half year
    "quota_import": (None, only({"beheer-coordinator": 200}, 403)),
    "housing_request_list": (
        None,
        only({"woningcorporatie-medewerker": 403, "beheer-coordinator": 403}, 200),
    ),
    # Youths are for gemeente, Nidos and contractpartner (DESIGN.md §2).
    "youth_list": (
        None,
        only({"woningcorporatie-medewerker": 403, "beheer-coordinator": 403}, 200),
    ),
    "notification_mark_all_read": (None, dict.fromkeys(ROLES, 405)),  # POST only
    # Exports follow their lists (the taakstelling export: test_taakstelling_pages_for_every_role).
    "location_export": (None, EVERYONE),
    "youth_export": (
        None,
        only({"woningcorporatie-medewerker": 403, "beheer-coordinator": 403}, 200),
    ),
    "housing_request_export": (
        None,
        only({"woningcorporatie-medewerker": 403, "beheer-coordinator": 403}, 200),
    ),
    "notification_export": (None, EVERYONE),
    "report_index": (None, EVERYONE),
    "report_create": (None, dict.fromkeys(ROLES, 405)),  # POST: test_reports_for_every_role
}
# The arguments of the URLs above that take any; the format does not change who may export.
URL_KWARGS = {
    "location_export": {"fmt": "csv"},
    "youth_export": {"fmt": "xlsx"},
    "housing_request_export": {"fmt": "csv"},
    "notification_export": {"fmt": "xlsx"},
}


def url_of(url_name: str) -> str:
    return reverse(url_name, kwargs=URL_KWARGS.get(url_name))


@pytest.mark.parametrize("url_name", sorted(MATRIX))
@pytest.mark.django_db
def test_anonymous_access(client, url_name):
    expected, _ = MATRIX[url_name]
    response = client.get(url_of(url_name))
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
    assert client.get(url_of(url_name)).status_code == expected[role_key]


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
# The own gemeente's member row: a writer of that gemeente leaves, the beheerder removes any;
# whoever else sees it (a lezer, Nidos) is refused.
LEAVING = {
    "gemeente-lezer": (403, 404),
    "gemeente-medewerker": (200, 404),
    "gemeente-coordinator": (200, 404),
    "nidos-medewerker": (403, 404),
    "nidos-coordinator-landelijk": (403, 403),
    "beheer-coordinator": (200, 200),
}
MEMBER_REMOVE = {key: LEAVING.get(key, (404, 404)) for key in ROLES}
# Locations: everyone sees their own; national Nidos and beheer see the other one too.
LOCATION_PAGE = dict.fromkeys(ROLES, (200, 404)) | {
    "nidos-coordinator-landelijk": (200, 200),
    "beheer-coordinator": (200, 200),
}
# Editing the property: the offerer, the gemeente and Nidos; a lezer or contractpartner reads.
LOCATION_EDIT = LOCATION_PAGE | {
    "gemeente-lezer": (403, 404),
    "contractpartner-medewerker": (403, 404),
    "contractpartner-coordinator": (403, 404),
}
# aangeboden -> in_beoordeling is for Nidos only (locations/workflow.py).
LOCATION_REVIEW = {key: (403, status[1]) for key, status in LOCATION_PAGE.items()} | {
    "nidos-medewerker": (200, 404),
    "nidos-coordinator-landelijk": (200, 200),
    "beheer-coordinator": (403, 403),
}
POST_ONLY = dict.fromkeys(ROLES, (405, 405))
PARTNERS = {"contractpartner-medewerker": (200, 404), "contractpartner-coordinator": (200, 404)}
# A youth placed at the location: seen by its gemeente, Nidos region and contractpartner.
YOUTH_PAGE = dict.fromkeys(ROLES, (200, 404)) | {
    "nidos-coordinator-landelijk": (200, 200),
    "woningcorporatie-medewerker": (404, 404),
    "beheer-coordinator": (404, 404),
}


# Placing a youth: only the contractpartner of the location.
def refused(page: dict) -> dict:
    """Who sees the object but may not act on it gets 403; who does not see it, 404."""
    return {
        key: tuple(403 if code == 200 else code for code in codes) for key, codes in page.items()
    }


PLACING = refused(LOCATION_PAGE) | PARTNERS
# Ending or moving a placement: only the contractpartner; others who see it get 403.
PLACEMENT_CHANGE = refused(YOUTH_PAGE) | PARTNERS
# Submitting a housing request: the contractpartner of the youth, Nidos (medewerker and up).
SUBMITTING = (
    dict.fromkeys(ROLES, (403, 403))
    | PARTNERS
    | {
        "nidos-medewerker": (200, 404),
        "nidos-coordinator-landelijk": (200, 200),
    }
)

# Proposing an overplaatsing: Nidos (medewerker and up) for a placement it sees; others who
# see the placement get 403.
TRANSFERRING = refused(YOUTH_PAGE) | {
    "nidos-medewerker": (200, 404),
    "nidos-coordinator-landelijk": (200, 200),
}

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
    "samenwerking_member_remove": (
        MEMBER_REMOVE,
        lambda o: [o.samenwerking.pk, o.samenwerking_member.pk],
    ),
    # An invitation to the own gemeente (Utrecht) in a samenwerking of Zeist: the invited
    # gemeente and who sees the samenwerking (Nidos Noord-West, national, beheer) read it.
    "samenwerking_invitation_detail": (SAMENWERKING_PAGE, lambda o: o.invitation_args),
    "samenwerking_invitation_accept": (POST_ONLY, lambda o: o.invitation_args),
    "samenwerking_invitation_decline": (POST_ONLY, lambda o: o.invitation_args),
    "samenwerking_invitation_withdraw": (POST_ONLY, lambda o: o.invitation_args),
    "location_detail": (LOCATION_PAGE, lambda o: [o.location.pk]),
    "location_update": (LOCATION_EDIT, lambda o: [o.location.pk]),
    "location_transition": (LOCATION_REVIEW, lambda o: [o.location.pk, "in_beoordeling"]),
    "location_document_download": (LOCATION_PAGE, lambda o: [o.location.pk, o.document.pk]),
    "location_preparation": (POST_ONLY, lambda o: [o.location.pk]),
    "location_furnishing": (POST_ONLY, lambda o: [o.location.pk]),
    "location_stage_plan": (POST_ONLY, lambda o: [o.location.pk]),
    "location_comment_add": (POST_ONLY, lambda o: [o.location.pk]),
    "location_document_add": (POST_ONLY, lambda o: [o.location.pk]),
    "youth_detail": (YOUTH_PAGE, lambda o: [o.placement.youth.pseudonym]),
    "youth_conversation": (POST_ONLY, lambda o: [o.placement.youth.pseudonym]),
    "placement_create": (PLACING, lambda o: [o.location.pk]),
    "placement_end": (PLACEMENT_CHANGE, lambda o: [o.placement.pk]),
    "placement_move": (PLACEMENT_CHANGE, lambda o: [o.placement.pk]),
    "occupancy_confirm": (POST_ONLY, lambda o: [o.location.pk]),
    "placement_transfer_create": (TRANSFERRING, lambda o: [o.placement.pk]),
    # A proposal is seen with the placement it moves from (the receiving contractpartner:
    # tests/vervolghuisvesting/test_transfers.py).
    "placement_transfer_detail": (YOUTH_PAGE, lambda o: [o.placement_transfer.pk]),
    "placement_transfer_accept": (POST_ONLY, lambda o: [o.placement_transfer.pk]),
    "placement_transfer_decline": (POST_ONLY, lambda o: [o.placement_transfer.pk]),
    "placement_transfer_withdraw": (POST_ONLY, lambda o: [o.placement_transfer.pk]),
    "housing_request_detail": (YOUTH_PAGE, lambda o: [o.housing.pk]),
    "housing_request_submit": (SUBMITTING, lambda o: [o.placement.youth.pseudonym]),
    "housing_request_move": (POST_ONLY, lambda o: [o.housing.pk, "in_behandeling"]),
    "housing_request_transfer": (POST_ONLY, lambda o: [o.housing.pk]),
    "housing_transfer_accept": (POST_ONLY, lambda o: [o.housing.pk, o.transfer.pk]),
    "housing_transfer_decline": (POST_ONLY, lambda o: [o.housing.pk, o.transfer.pk]),
    "housing_transfer_withdraw": (POST_ONLY, lambda o: [o.housing.pk, o.transfer.pk]),
    "escalation_add": (POST_ONLY, lambda o: [o.housing.pk]),
    # Opening marks read: POST only (one's own redirects to its page, someone else's is 404:
    # test_notification_open_post_is_scoped below).
    "notification_open": (POST_ONLY, lambda o: [o.notification.pk]),
}


class Objects:
    """An organisation with a colleague, an open invitation and a samenwerking."""

    def __init__(self, make_member, kind, role, gemeente_code, samenwerking_codes):
        colleague = make_member(kind, role=role, gemeente_code=gemeente_code)
        self.membership = colleague.memberships.get()
        self.organisation = self.membership.organisation
        self.location = location_for(self.organisation, gemeente_code)
        self.document = LocationDocument.objects.create(
            location=self.location,
            kind="foto",
            file=ContentFile(b"\x89PNG\r\n\x1a\n", name=f"{self.location.pk}/foto.png"),
            original_name="foto.png",
            content_type="image/png",
            size=8,
            uploaded_by=colleague,
            organisation=self.organisation,
        )
        self.notification = Notification.objects.create(
            recipient=colleague, kind="test", title="Melding", body="", url="/"
        )
        self.placement = placement = Placement.objects.create(
            youth=youth_create(birth_on=date(2010, 5, 17)),
            location=self.location,
            started_on=date(2026, 1, 5),
            created_by=colleague,
            organisation=self.organisation,
        )
        receiving, _created = Organisation.objects.get_or_create(
            name="Ontvangende zorgaanbieder", kind=K.CONTRACTPARTNER
        )
        self.placement_transfer = PlacementTransfer.objects.create(
            youth=placement.youth,
            from_placement=placement,
            to_location=Location.objects.create(
                **{**PROPERTY, "street": "Ontvangststraat"},
                gemeente=self.location.gemeente,
                offered_by=self.location.offered_by,
                contractpartner=receiving,
                stage=Stage.IN_GEBRUIK,
                stage_changed_at=timezone.now(),
            ),
            proposed_on=date(2026, 3, 1),
            proposed_by=colleague,
            proposed_by_organisation=self.organisation,
        )
        self.housing = HousingRequest.objects.create(
            youth=placement.youth,
            gemeente=self.location.gemeente,
            submitted_on=date(2026, 2, 1),
            submitted_by=colleague,
            submitted_by_organisation=self.organisation,
            term_policy=TermPolicy.objects.get(valid_from=date(2025, 1, 1)),
            term_months=12,
            deadline_on=date(2027, 2, 1),
            state_changed_at=timezone.now(),
        )
        # Offered to the samenwerking's other member (the first code is the own gemeente).
        self.transfer = HousingTransfer.objects.create(
            request=self.housing,
            from_gemeente=self.housing.gemeente,
            to_gemeente=Gemeente.objects.get(code=samenwerking_codes[1]),
            by=colleague,
            state=TransferState.AANGEBODEN,
        )
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
        self.samenwerking_member = self.samenwerking.members.get(gemeente__code=gemeente_code)
        self.samenwerking_invitation = _invitation_from_partner(
            colleague, gemeente_code, samenwerking_codes[1]
        )
        self.invitation_args = [
            self.samenwerking_invitation.samenwerking_id,
            self.samenwerking_invitation.pk,
        ]


def _invitation_from_partner(user, gemeente_code, partner_code) -> SamenwerkingInvitation:
    """An open invitation to `gemeente_code` in a samenwerking that `partner_code` made."""
    partner = Gemeente.objects.get(code=partner_code)
    samenwerking = RegionaleSamenwerking.objects.create(name=f"Regio {secrets.token_hex(4)}")
    RegionaleSamenwerkingMember.objects.create(samenwerking=samenwerking, gemeente=partner)
    organisation, _ = Organisation.objects.get_or_create(
        gemeente=partner, defaults={"name": f"Gemeente {partner.name}", "kind": K.GEMEENTE}
    )
    return SamenwerkingInvitation.objects.create(
        samenwerking=samenwerking,
        gemeente=Gemeente.objects.get(code=gemeente_code),
        invited_by=user,
        invited_by_organisation=organisation,
    )


def location_for(organisation, gemeente_code) -> Location:
    """A location that belongs to `organisation` as its kind knows locations (DESIGN.md §2)."""
    gemeente = Gemeente.objects.get(code=gemeente_code)
    offered_by = organisation
    if organisation.kind not in (K.GEMEENTE, K.WONINGCORPORATIE):
        offered_by, _ = Organisation.objects.get_or_create(
            gemeente=gemeente, defaults={"name": f"Gemeente {gemeente.name}", "kind": K.GEMEENTE}
        )
    return Location.objects.create(
        **PROPERTY,
        gemeente=gemeente,
        offered_by=offered_by,
        contractpartner=organisation if organisation.kind == K.CONTRACTPARTNER else None,
        stage=Stage.AANGEBODEN,
        stage_changed_at=timezone.now(),
    )


def own_and_other(make_member, role_key):
    kind = ROLES[role_key][0]
    # Utrecht and Zeist lie in Noord-West; Eindhoven and Helmond in Zuid.
    own = Objects(make_member, kind, Role.MEDEWERKER, "GM0344", ("GM0344", "GM0355"))
    other = Objects(make_member, K.GEMEENTE, Role.MEDEWERKER, "GM0772", ("GM0772", "GM0794"))
    return own, other


@pytest.mark.parametrize("role_key", sorted(ROLES))
@pytest.mark.parametrize("url_name", sorted(OBJECT_MATRIX))
@pytest.mark.django_db
def test_object_urls_for_own_and_other_organisation(client, make_member, url_name, role_key):
    own, other = own_and_other(make_member, role_key)
    user = member(make_member, role_key)
    own.notification = Notification.objects.create(
        recipient=user, kind="test", title="Eigen", body="", url="/"
    )
    client.force_login(user)
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


# Answering a hand-over: only the gemeente it is offered to (Zeist: none of the roles above, so
# each of them is refused: 403 when they see the request, 404 when not); withdrawing it: the
# gemeente that offered it (Utrecht), a reader of it refused.
SEES_HOUSING = {key: codes[0] for key, codes in YOUTH_PAGE.items()}
ANSWER = {key: (403 if code == 200 else 404) for key, code in SEES_HOUSING.items()}
WITHDRAW = ANSWER | {"gemeente-medewerker": 302, "gemeente-coordinator": 302}


@pytest.mark.parametrize("role_key", sorted(ROLES))
@pytest.mark.django_db
def test_hand_over_posts_are_scoped(client, make_member, role_key):
    own, other = own_and_other(make_member, role_key)
    client.force_login(member(make_member, role_key))
    args = {o: [o.housing.pk, o.transfer.pk] for o in (own, other)}
    accept = client.post(reverse("housing_transfer_accept", args=args[own])).status_code
    decline = client.post(
        reverse("housing_transfer_decline", args=args[own]), {"reason": "Geen plek"}
    ).status_code
    withdraw = client.post(reverse("housing_transfer_withdraw", args=args[own])).status_code
    assert (accept, decline, withdraw) == (ANSWER[role_key], ANSWER[role_key], WITHDRAW[role_key])
    # Another organisation's offer: unseen, except by national Nidos (seen, not its to answer).
    elsewhere = 403 if role_key == "nidos-coordinator-landelijk" else 404
    url = reverse("housing_transfer_accept", args=args[other])
    assert client.post(url).status_code == elsewhere
    assert other.transfer.request.gemeente.code == "GM0772"


@pytest.mark.parametrize("role_key", sorted(ROLES))
@pytest.mark.django_db
def test_a_handed_over_request_stays_readable_to_the_gemeente_that_handed_it_over(
    client, make_member, role_key
):
    from tests.support import actor_of
    from vervolghuisvesting.services import housing_transfer_accept

    own, _other = own_and_other(make_member, role_key)
    zeist = make_member(K.GEMEENTE, gemeente_code="GM0355")
    housing_transfer_accept(actor=actor_of(zeist), transfer=own.transfer)
    client.force_login(member(make_member, role_key))
    page = client.get(reverse("housing_request_detail", args=[own.housing.pk])).status_code
    move = client.post(
        reverse("housing_request_move", args=[own.housing.pk, "in_behandeling"])
    ).status_code
    # Everyone who saw it still does: Utrecht's gemeente users read it, no longer change it.
    assert page == SEES_HOUSING[role_key]
    if role_key.startswith("gemeente"):
        assert move == 403


@pytest.mark.parametrize("role_key", sorted(ROLES))
@pytest.mark.django_db
def test_notification_open_post_is_scoped(client, make_member, role_key):
    own, other = own_and_other(make_member, role_key)
    user = member(make_member, role_key)
    mine = Notification.objects.create(recipient=user, kind="test", title="Eigen", body="", url="/")
    client.force_login(user)
    got = tuple(
        client.post(reverse("notification_open", args=[notification.pk])).status_code
        for notification in (mine, own.notification, other.notification)
    )
    # Only one's own: a colleague's is as unknown as another organisation's.
    assert got == (302, 404, 404)


# Answering or withdrawing an invitation (POST), for the own and the other one: the invited
# gemeente's writers answer; the organisation that invited (Zeist's) or the beheerder withdraws;
# whoever else sees it gets 403, whoever does not 404.
INVITATION_SEEN = refused(SAMENWERKING_PAGE)
ANSWERING = INVITATION_SEEN | {
    "gemeente-medewerker": (302, 404),
    "gemeente-coordinator": (302, 404),
}
INVITATION_POSTS = {
    "samenwerking_invitation_accept": ANSWERING,
    "samenwerking_invitation_decline": ANSWERING,
    "samenwerking_invitation_withdraw": INVITATION_SEEN | {"beheer-coordinator": (302, 302)},
}


@pytest.mark.parametrize("role_key", sorted(ROLES))
@pytest.mark.parametrize("url_name", sorted(INVITATION_POSTS))
@pytest.mark.django_db
def test_samenwerking_invitation_posts_for_own_and_other(client, make_member, url_name, role_key):
    own, other = own_and_other(make_member, role_key)
    client.force_login(member(make_member, role_key))
    got = tuple(
        client.post(reverse(url_name, args=objects.invitation_args)).status_code
        for objects in (own, other)
    )
    assert got == INVITATION_POSTS[url_name][role_key]
    states = {
        objects.samenwerking_invitation.pk: code
        for objects, code in zip((own, other), got, strict=True)
    }
    for invitation in SamenwerkingInvitation.objects.filter(pk__in=states):
        assert (invitation.state == "open") == (states[invitation.pk] != 302)


FOLLOWERS = {"contractpartner-medewerker": 403, "contractpartner-coordinator": 403}
FOLLOWERS |= {"woningcorporatie-medewerker": 403}


@pytest.mark.parametrize("role_key", sorted(ROLES))
@pytest.mark.django_db
def test_taakstelling_pages_for_every_role(client, make_member, role_key):
    from taakstelling.services import period_get_or_create, quota_estimate_preview
    from tests.support import actor_of

    period_get_or_create(code="2026-II")
    beheerder = make_member(K.BEHEER, role=R.COORDINATOR)
    draft = quota_estimate_preview(
        actor=actor_of(beheerder), period="2026-II", kind="kso_plaatsen", national_total=10
    )
    user = member(make_member, role_key)
    client.force_login(user)
    table = client.get(reverse("period_table", args=["2026-II"])).status_code
    assert table == FOLLOWERS.get(role_key, 200)
    for fmt in ("csv", "xlsx"):
        export = client.get(reverse("period_table_export", args=["2026-II", fmt])).status_code
        assert export == FOLLOWERS.get(role_key, 200)
    # A gemeente page: one's own gemeente (Utrecht for gemeenten, Nidos Noord-West, national and
    # beheer all); Eindhoven only for national Nidos and beheer.
    own = client.get(reverse("gemeente_taakstelling", args=["2026-II", "GM0344"])).status_code
    other = client.get(reverse("gemeente_taakstelling", args=["2026-II", "GM0772"])).status_code
    expected_own = FOLLOWERS.get(role_key, 200)
    sees_all = role_key in ("nidos-coordinator-landelijk", "beheer-coordinator")
    expected_other = 403 if role_key in FOLLOWERS else (200 if sees_all else 404)
    assert (own, other) == (expected_own, expected_other)
    assert client.get(reverse("period_table", args=["2031-I"])).status_code in (403, 404)
    unknown = client.get(reverse("period_table_export", args=["2031-I", "csv"])).status_code
    assert unknown == (403 if role_key in FOLLOWERS else 404)
    preview = client.get(reverse("quota_import_preview", args=[draft.pk])).status_code
    assert preview == (200 if role_key == "beheer-coordinator" else 404)
    confirm = client.post(reverse("quota_import_confirm", args=[draft.pk])).status_code
    assert confirm == (302 if role_key == "beheer-coordinator" else 404)


@pytest.mark.django_db
def test_calendar_feed_is_public_but_a_wrong_link_is_404(client, make_member):
    url = reverse("calendar_feed", args=["onbekend"])
    assert client.get(url).status_code == 404
    client.force_login(make_member(OrganisationKind.GEMEENTE))
    assert client.get(url).status_code == 404


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


# Making a report (POST /rapporten/maken/) of the own and the other organisation's subject.
# The Stand van zaken is for gemeente and Nidos (the beheerder sees no youths); the overview for
# Nidos, its regions (Noord-West) or nationally; a location's dossier for who sees it.
STAND = dict.fromkeys(ROLES, (403, 403)) | {
    "gemeente-lezer": (200, 404),
    "gemeente-medewerker": (200, 404),
    "gemeente-coordinator": (200, 404),
    "nidos-medewerker": (200, 404),
    "nidos-coordinator-landelijk": (200, 200),
}
OVERVIEW = dict.fromkeys(ROLES, (403, 403)) | {
    "nidos-medewerker": (200, 404),
    "nidos-coordinator-landelijk": (200, 200),
}


def _report_posts(client, own, other) -> dict[str, tuple[int, int]]:
    url = reverse("report_create")
    stand = [{"stand-gemeente": code, "stand-period": "2026-II"} for code in ("GM0344", "GM0772")]
    regions = [
        {"overzicht-region": code, "overzicht-period": "2026-II"} for code in ("noord-west", "zuid")
    ]
    dossiers = [{"dossier-location": objects.location.pk} for objects in (own, other)]
    return {
        kind: tuple(client.post(url, {"kind": kind, **data}).status_code for data in pair)
        for kind, pair in (
            ("stand_van_zaken", stand),
            ("overview", regions),
            ("location_dossier", dossiers),
        )
    }


@pytest.mark.parametrize("role_key", sorted(ROLES))
@pytest.mark.django_db
def test_reports_for_every_role(client, make_member, role_key):
    from reports.constants import ReportState
    from reports.models import Report
    from taakstelling.services import period_get_or_create

    period_get_or_create(code="2026-II")
    own, other = own_and_other(make_member, role_key)
    user = member(make_member, role_key)
    client.force_login(user)
    assert _report_posts(client, own, other) == {
        "stand_van_zaken": STAND[role_key],
        "overview": OVERVIEW[role_key],
        "location_dossier": tuple(200 if code == 200 else 404 for code in LOCATION_PAGE[role_key]),
    }
    # A report the worker made: its requester downloads it; a colleague gets 404.
    colleague = own.membership.user
    reports = [
        Report.objects.create(
            requested_by=requester,
            membership=requester.memberships.get(),
            kind="overview",
            title="Overzicht",
            state=ReportState.READY,
            file=ContentFile(b"%PDF-1.7", name="overzicht.pdf"),
        )
        for requester in (user, colleague)
    ]
    got = tuple(
        client.get(reverse("report_download", args=[report.pk])).status_code for report in reports
    )
    assert got == (200, 404)
