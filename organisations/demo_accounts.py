"""The demo accounts of `make run`: one user per organisation kind and role.

Kept apart from demo.py, without model imports, so that the runner can print them before Django
is set up.
"""

import os
from dataclasses import dataclass

from .constants import Role

# The published password of the local demo accounts; KSO_DEMO_PASSWORD overrides it.
DEFAULT_DEMO_PASSWORD = "kso-demo-2026"  # noqa: S105 - demo data only, never loaded in production


def demo_password() -> str:
    return os.environ.get("KSO_DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD


@dataclass(frozen=True)
class DemoUser:
    email: str
    organisation: str
    role: str
    description: str
    regions: tuple[str, ...] = ()
    is_national: bool = False
    is_beheerder: bool = False
    also: tuple[tuple[str, str], ...] = ()  # further (organisation, role) memberships


DEMO_USERS = (
    DemoUser(
        "gemeente@kso.example",
        "Gemeente Utrecht",
        Role.MEDEWERKER,
        "beleidsmedewerker van de gemeente Utrecht",
    ),
    DemoUser(
        "gemeente.coordinator@kso.example",
        "Gemeente Utrecht",
        Role.COORDINATOR,
        "coördinator van de gemeente Utrecht, ook lezer bij Amersfoort (wissel in de kop)",
        also=(("Gemeente Amersfoort", Role.LEZER),),
    ),
    DemoUser(
        "gemeente.lezer@kso.example",
        "Gemeente Amersfoort",
        Role.LEZER,
        "lezer bij de gemeente Amersfoort",
    ),
    DemoUser(
        "amersfoort@kso.example",
        "Gemeente Amersfoort",
        Role.MEDEWERKER,
        "beleidsmedewerker van de gemeente Amersfoort",
    ),
    DemoUser(
        "zeist@kso.example",
        "Gemeente Zeist",
        Role.MEDEWERKER,
        "beleidsmedewerker van de gemeente Zeist",
    ),
    DemoUser(
        "nidos@kso.example",
        "Nidos",
        Role.MEDEWERKER,
        "accountmanager van Nidos, regio Noord-West",
        regions=("noord-west",),
    ),
    DemoUser(
        "nidos.landelijk@kso.example",
        "Nidos",
        Role.COORDINATOR,
        "coördinator van Nidos, landelijk",
        is_national=True,
    ),
    DemoUser(
        "contractpartner@kso.example",
        "Stichting De Overstap",
        Role.MEDEWERKER,
        "medewerker van contractpartner Stichting De Overstap",
    ),
    DemoUser(
        "nieuwthuis@kso.example",
        "Zorggroep Nieuw Thuis",
        Role.MEDEWERKER,
        "medewerker van contractpartner Zorggroep Nieuw Thuis (Amersfoort)",
    ),
    DemoUser(
        "woningcorporatie@kso.example",
        "Woonstichting Domstad",
        Role.MEDEWERKER,
        "medewerker van Woonstichting Domstad",
    ),
    DemoUser(
        "beheer@kso.example",
        "Functioneel beheer KSO-portaal",
        Role.COORDINATOR,
        "functioneel beheerder (ook /beheer/)",
        is_beheerder=True,
    ),
)
