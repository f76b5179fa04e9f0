"""Demo organisations, users, regionale samenwerkingen (one with an open invitation for a
gemeente) and an open invitation to an account, for `make run` (never in production). Each part
is created only when missing, so a later version of the demo adds what is new to an existing
`.data/` without doubling anything."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from kso_portal.access import Actor

from .constants import OrganisationKind, Role
from .demo_accounts import DEMO_USERS
from .models import (
    Gemeente,
    Invitation,
    Membership,
    NidosRegion,
    Organisation,
    RegionaleSamenwerking,
    RegionaleSamenwerkingMember,
)
from .rules import INVITATION_VALID_FOR, token_digest
from .services import samenwerking_create

DEMO_GEMEENTEN = {
    "Gemeente Utrecht": "GM0344",
    "Gemeente Amersfoort": "GM0307",
    "Gemeente Zeist": "GM0355",
}
DEMO_OTHER_ORGANISATIONS = {
    "Nidos": OrganisationKind.NIDOS,
    "Stichting De Overstap": OrganisationKind.CONTRACTPARTNER,
    "Zorggroep Nieuw Thuis": OrganisationKind.CONTRACTPARTNER,
    "Woonstichting Domstad": OrganisationKind.WONINGCORPORATIE,
    "Functioneel beheer KSO-portaal": OrganisationKind.BEHEER,
}
DEMO_SAMENWERKING = "Regio Utrecht"
# Made by Amersfoort, which invited Zeist: zeist@kso.example accepts or declines (README).
DEMO_INVITING_SAMENWERKING = "Regio Amersfoort"
# The link of the demo's open invitation: /uitnodiging/<this>/ (the README names it).
DEMO_INVITATION_TOKEN = "demo-uitnodiging-utrecht"  # noqa: S105 - demo data only
DEMO_INVITATION_EMAIL = "nieuwe.collega@kso.example"


@transaction.atomic
def demo_organisations_load(*, password: str) -> list[str]:
    """Create what is missing of the demo; return what was created (empty: nothing new)."""
    created: list[str] = []
    organisations = _organisations(created)
    _users(organisations, password, created)
    _samenwerking(created)
    _inviting_samenwerking(created)
    _invitation(organisations, created)
    return created


def _organisations(created: list[str]) -> dict[str, Organisation]:
    organisations = {}
    for name, code in DEMO_GEMEENTEN.items():
        organisations[name], new = Organisation.objects.get_or_create(
            gemeente=Gemeente.objects.get(code=code),
            defaults={"name": name, "kind": OrganisationKind.GEMEENTE},
        )
        created += [name] if new else []
    for name, kind in DEMO_OTHER_ORGANISATIONS.items():
        organisations[name], new = Organisation.objects.get_or_create(name=name, kind=kind)
        created += [name] if new else []
    return organisations


def _users(organisations: dict[str, Organisation], password: str, created: list[str]) -> None:
    users = get_user_model().objects
    for demo in DEMO_USERS:
        if users.filter(email=demo.email).exists():
            continue
        user = users.create_user(
            username=demo.email,
            email=demo.email,
            password=password,
            is_staff=demo.is_beheerder,
            is_superuser=demo.is_beheerder,
        )
        membership = Membership.objects.create(
            user=user,
            organisation=organisations[demo.organisation],
            role=demo.role,
            is_national=demo.is_national,
        )
        membership.nidos_regions.set(NidosRegion.objects.filter(code__in=demo.regions))
        for organisation, role in demo.also:
            Membership.objects.create(
                user=user, organisation=organisations[organisation], role=role
            )
        created.append(demo.email)


def _samenwerking(created: list[str]) -> None:
    samenwerking, new = RegionaleSamenwerking.objects.get_or_create(
        name=DEMO_SAMENWERKING,
        defaults={"description": "Utrecht, Amersfoort en Zeist regelen samen vervolghuisvesting."},
    )
    if new:
        RegionaleSamenwerkingMember.objects.bulk_create(
            RegionaleSamenwerkingMember(samenwerking=samenwerking, gemeente=gemeente)
            for gemeente in Gemeente.objects.filter(code__in=DEMO_GEMEENTEN.values())
        )
        created.append(DEMO_SAMENWERKING)


def _inviting_samenwerking(created: list[str]) -> None:
    if RegionaleSamenwerking.objects.filter(name=DEMO_INVITING_SAMENWERKING).exists():
        return
    maker = Membership.objects.select_related("user", "organisation__gemeente").get(
        user__email="amersfoort@kso.example", organisation__gemeente__code="GM0307"
    )
    samenwerking_create(
        actor=Actor(user=maker.user, membership=maker),
        name=DEMO_INVITING_SAMENWERKING,
        description="Amersfoort zoekt samen met Zeist woonruimte voor jongeren na de KSO.",
        gemeenten=list(Gemeente.objects.filter(code="GM0355")),
    )
    created.append(DEMO_INVITING_SAMENWERKING)


def _invitation(organisations: dict[str, Organisation], created: list[str]) -> None:
    digest = token_digest(DEMO_INVITATION_TOKEN)
    if Invitation.objects.filter(token_hash=digest).exists():
        return
    Invitation.objects.create(
        email=DEMO_INVITATION_EMAIL,
        organisation=organisations["Gemeente Utrecht"],
        role=Role.MEDEWERKER,
        invited_by=get_user_model().objects.get(email="gemeente.coordinator@kso.example"),
        token_hash=digest,
        # The demo keeps its link usable for a long time; real invitations last 7 days.
        expires_at=timezone.now() + INVITATION_VALID_FOR + timedelta(days=358),
    )
    created.append(DEMO_INVITATION_EMAIL)
