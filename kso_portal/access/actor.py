"""Who acts: the user with the membership they act in now, and the actions of the policy."""

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from django.apps import apps
from django.db.models import QuerySet

# Organisation kinds and roles, as stored (organisations/constants.py holds their labels).
GEMEENTE, NIDOS, CONTRACTPARTNER, WONINGCORPORATIE, BEHEER = (
    "gemeente",
    "nidos",
    "contractpartner",
    "woningcorporatie",
    "beheer",
)
LEZER, MEDEWERKER, COORDINATOR = "lezer", "medewerker", "coordinator"


class Action(StrEnum):
    VIEW = "view"
    # A gemeente also sees a short summary of the locations of its regionale samenwerkingen.
    VIEW_SUMMARY = "view_summary"
    CHANGE = "change"
    # Which gemeenten' taakstelling an actor follows (DESIGN.md §2).
    VIEW_TAAKSTELLING = "view_taakstelling"
    # A housing request's page, read-only, also for a gemeente that handed it over or is
    # offered it; lists and counts stay with VIEW (the requests the gemeente is responsible for).
    VIEW_HISTORY = "view_history"
    MANAGE_MEMBERS = "manage_members"
    # Regionale samenwerkingen (docs/architecture.md): the invited gemeente accepts or declines
    # an invitation, whoever invited withdraws it while it is open, and a member row is removed
    # by its own gemeente (leaving) or by the beheerder.
    RESPOND = "respond"
    WITHDRAW = "withdraw"
    REMOVE = "remove"


@dataclass(eq=False)
class Actor:
    """Who acts: the signed-in user and the membership they act in now (None: no organisation)."""

    user: object
    membership: object | None
    # All the user's active memberships, for the organisation switch in the header.
    memberships: list = field(default_factory=list)

    @property
    def organisation(self):
        return self.membership.organisation if self.membership else None

    @property
    def kind(self) -> str | None:
        return self.membership.organisation.kind if self.membership else None

    @property
    def role(self) -> str | None:
        return self.membership.role if self.membership else None

    @property
    def is_beheer(self) -> bool:
        return self.kind == BEHEER

    @property
    def can_write(self) -> bool:
        return self.role in (MEDEWERKER, COORDINATOR)

    @property
    def is_coordinator(self) -> bool:
        return self.role == COORDINATOR

    @property
    def is_national(self) -> bool:
        return self.kind == NIDOS and self.membership.is_national

    @cached_property
    def region_provinces(self) -> QuerySet:
        """The provinces of a Nidos membership's regions, as a lazy subquery."""
        province = apps.get_model("organisations", "Province")
        return province.objects.filter(nidos_regions__memberships=self.membership).values("pk")
