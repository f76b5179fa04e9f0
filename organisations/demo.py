"""Demo organisations and their users, for `make run` (never in production)."""

from django.contrib.auth import get_user_model
from django.db import transaction

from .constants import OrganisationKind
from .demo_accounts import DEMO_USERS
from .models import Gemeente, Membership, NidosRegion, Organisation

DEMO_GEMEENTEN = {
    "Gemeente Utrecht": "GM0344",
    "Gemeente Amersfoort": "GM0307",
    "Gemeente Groningen": "GM0014",
}
DEMO_OTHER_ORGANISATIONS = {
    "Nidos": OrganisationKind.NIDOS,
    "Stichting De Overstap": OrganisationKind.CONTRACTPARTNER,
    "Zorggroep Nieuw Thuis": OrganisationKind.CONTRACTPARTNER,
    "Woonstichting Domstad": OrganisationKind.WONINGCORPORATIE,
    "Functioneel beheer KSO-portaal": OrganisationKind.BEHEER,
}


@transaction.atomic
def demo_organisations_load(*, password: str) -> bool:
    """Create the demo organisations and users once; return False when they already exist."""
    user_model = get_user_model()
    if user_model.objects.filter(email=DEMO_USERS[0].email).exists():
        return False
    organisations = {}
    for name, code in DEMO_GEMEENTEN.items():
        organisations[name] = Organisation.objects.create(
            name=name, kind=OrganisationKind.GEMEENTE, gemeente=Gemeente.objects.get(code=code)
        )
    for name, kind in DEMO_OTHER_ORGANISATIONS.items():
        organisations[name] = Organisation.objects.create(name=name, kind=kind)
    for demo in DEMO_USERS:
        user = user_model.objects.create_user(
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
    return True
