"""The rules of the access policy, one per model (DESIGN.md §2), and who is told about an
object (the audience, the mirror of the rules). Models are named by label, never imported."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from django.apps import apps
from django.db.models import Model, Q, QuerySet

from .actor import (
    CONTRACTPARTNER,
    COORDINATOR,
    GEMEENTE,
    NIDOS,
    WONINGCORPORATIE,
    Action,
    Actor,
)

Rule = Callable[[Actor, Action, QuerySet], QuerySet]
# SamenwerkingInvitationState.OPEN as stored (the kernel imports no app).
INVITATION_OPEN = "open"


def _everyone_reads(actor: Actor, action: Action, rows: QuerySet) -> QuerySet:
    """Reference data: everyone with an organisation reads it; only /beheer/ changes it."""
    return rows if action == Action.VIEW else rows.none()


def _gemeente(actor: Actor, action: Action, rows: QuerySet) -> QuerySet:
    """Gemeenten are reference data; whose taakstelling one follows is narrower: a gemeente its
    own, Nidos those of its regions (national: all), the beheerder all; no one else."""
    if action != Action.VIEW_TAAKSTELLING:
        return _everyone_reads(actor, action, rows)
    if actor.is_beheer or actor.is_national:
        return rows
    if actor.kind == GEMEENTE:
        return rows.filter(pk=actor.organisation.gemeente_id)
    if actor.kind == NIDOS:
        return rows.filter(province__in=actor.region_provinces)
    return rows.none()


def _quota(actor: Actor, action: Action, rows: QuerySet) -> QuerySet:
    """Figures go with their gemeente; a gemeente also counts those of its regionale
    samenwerkingen into their totals (VIEW_SUMMARY, shown only summed); only the beheerder
    imports and changes them."""
    if action == Action.VIEW_SUMMARY and actor.kind == GEMEENTE:
        members = apps.get_model("organisations", "RegionaleSamenwerkingMember").objects
        partners = members.filter(
            samenwerking__members__gemeente=actor.organisation.gemeente_id
        ).values("gemeente")
        return rows.filter(gemeente__in=partners)
    if action == Action.VIEW_SUMMARY:
        action = Action.VIEW
    if action != Action.VIEW:
        return rows if actor.is_beheer else rows.none()
    gemeenten = _gemeente(
        actor, Action.VIEW_TAAKSTELLING, apps.get_model("organisations", "Gemeente").objects
    )
    return rows.filter(gemeente__in=gemeenten.values("pk"))


def _beheer_only(actor: Actor, action: Action, rows: QuerySet) -> QuerySet:
    return rows if actor.is_beheer else rows.none()


def _organisation(actor: Actor, action: Action, rows: QuerySet) -> QuerySet:
    if actor.is_beheer:
        return rows
    if action == Action.VIEW:
        return rows.filter(pk=actor.organisation.pk)
    if action == Action.MANAGE_MEMBERS and actor.is_coordinator:
        return rows.filter(pk=actor.organisation.pk)
    return rows.none()


def _membership(actor: Actor, action: Action, rows: QuerySet) -> QuerySet:
    """Coordinators see their organisation's members and change those who are not coordinators
    (nor themselves); appointing or changing a coordinator is for the beheerder."""
    if actor.is_beheer:
        return rows
    if not actor.is_coordinator:
        return rows.none()
    own = rows.filter(organisation=actor.organisation)
    if action == Action.VIEW:
        return own
    return own.exclude(role=COORDINATOR).exclude(user=actor.user)


def _invitation(actor: Actor, action: Action, rows: QuerySet) -> QuerySet:
    if actor.is_beheer:
        return rows
    if actor.is_coordinator:
        return rows.filter(organisation=actor.organisation)
    return rows.none()


def _samenwerking(actor: Actor, action: Action, rows: QuerySet) -> QuerySet:
    """Member gemeenten see and edit a regionale samenwerking (a gemeente only invited does
    not: it sees the invitation); Nidos those with a member or an open invitation in its
    regions, so that it keeps sight of one it made before any gemeente accepted."""
    if actor.is_beheer:
        return rows
    if action not in (Action.VIEW, Action.CHANGE) or (
        action == Action.CHANGE and not actor.can_write
    ):
        return rows.none()
    if actor.kind == GEMEENTE:
        return rows.filter(members__gemeente=actor.organisation.gemeente_id)
    if actor.kind == NIDOS:
        if actor.is_national:
            return rows
        members = apps.get_model("organisations", "RegionaleSamenwerkingMember").objects
        invitations = apps.get_model("organisations", "SamenwerkingInvitation").objects
        in_regions = Q(gemeente__province__in=actor.region_provinces)
        return rows.filter(
            Q(pk__in=members.filter(in_regions).values("samenwerking"))
            | Q(pk__in=invitations.filter(in_regions, state=INVITATION_OPEN).values("samenwerking"))
        )
    return rows.none()


def _samenwerking_member(actor: Actor, action: Action, rows: QuerySet) -> QuerySet:
    """A member is seen with its samenwerking. Only its own gemeente removes it (leaving) or
    the beheerder; no other member and not Nidos, which invites but pushes no one out."""
    if action == Action.REMOVE:
        if actor.is_beheer:
            return rows
        if actor.kind == GEMEENTE and actor.can_write:
            return rows.filter(gemeente=actor.organisation.gemeente_id)
        return rows.none()
    if action != Action.VIEW:
        return rows.none()
    seen = _samenwerking(actor, Action.VIEW, _model("organisations", "RegionaleSamenwerking"))
    return rows.filter(samenwerking__in=seen.values("pk"))


def _samenwerking_invitation(actor: Actor, action: Action, rows: QuerySet) -> QuerySet:
    """Who sees a samenwerking sees its invitations, and a gemeente those addressed to it. An
    open one is answered (RESPOND) only by a medewerker or coordinator of the invited gemeente,
    never on its behalf; it is withdrawn by the organisation that invited, or the beheerder."""
    seen = _samenwerking(actor, Action.VIEW, _model("organisations", "RegionaleSamenwerking"))
    condition = Q(samenwerking__in=seen.values("pk"))
    if actor.kind == GEMEENTE:
        condition |= Q(gemeente=actor.organisation.gemeente_id)
    rows = rows.filter(condition)
    if action == Action.VIEW:
        return rows
    rows = rows.filter(state=INVITATION_OPEN)
    if action == Action.RESPOND and actor.kind == GEMEENTE and actor.can_write:
        return rows.filter(gemeente=actor.organisation.gemeente_id)
    if action == Action.WITHDRAW and actor.is_beheer:
        return rows
    if action == Action.WITHDRAW and actor.can_write:
        return rows.filter(invited_by_organisation=actor.organisation)
    return rows.none()


def _model(app_label: str, name: str) -> QuerySet:
    return apps.get_model(app_label, name).objects.all()


def _own_rows(actor: Actor, action: Action, rows: QuerySet) -> QuerySet:
    """Rows that belong to the user themselves (their notifications)."""
    return rows.filter(recipient=actor.user)


def _own_reports(actor: Actor, action: Action, rows: QuerySet) -> QuerySet:
    """Reports are their requester's, in the organisation they asked them in."""
    return rows.filter(requested_by=actor.user, membership=actor.membership)


def _location_filter(actor: Actor, prefix: str = "") -> Q | None:
    """Which locations an organisation works with (DESIGN.md §2); None: all of them."""
    organisation = actor.organisation
    if actor.is_beheer or actor.is_national:
        return None
    if actor.kind == GEMEENTE:
        return Q(**{f"{prefix}gemeente": organisation.gemeente_id}) | Q(
            **{f"{prefix}offered_by": organisation}
        )
    if actor.kind == NIDOS:
        return Q(**{f"{prefix}gemeente__province__in": actor.region_provinces})
    if actor.kind == CONTRACTPARTNER:
        return Q(**{f"{prefix}contractpartner": organisation})
    if actor.kind == WONINGCORPORATIE:
        return Q(**{f"{prefix}offered_by": organisation})
    return Q(pk__in=[])


def _location(actor: Actor, action: Action, rows: QuerySet) -> QuerySet:
    """Locations: a gemeente its own (and a summary of its samenwerkingen'), Nidos its regions,
    a contractpartner those assigned to it, a woningcorporatie those it offered."""
    if action == Action.CHANGE and not (actor.can_write or actor.is_beheer):
        return rows.none()
    condition = _location_filter(actor)
    if condition is None:
        return rows
    if action == Action.VIEW_SUMMARY and actor.kind == GEMEENTE:
        members = apps.get_model("organisations", "RegionaleSamenwerkingMember").objects
        partners = members.filter(
            samenwerking__members__gemeente=actor.organisation.gemeente_id
        ).values("gemeente")
        condition |= Q(gemeente__in=partners)
    return rows.filter(condition)


def _location_part(actor: Actor, action: Action, rows: QuerySet) -> QuerySet:
    """Comments, documents, stage plans and transitions go with their location."""
    location_action = Action.VIEW if action == Action.VIEW_SUMMARY else action
    locations = _location(actor, location_action, apps.get_model("locations", "Location").objects)
    return rows.filter(location__in=locations.values("pk"))


def _placed_youths(actor: Actor) -> QuerySet:
    """Youths ever placed in a location the actor works with, as a lazy subquery. The location
    rule (VIEW) is applied as a join, not as a nested `IN`; where it sees every location the
    placements need no join at all (each has a location)."""
    placements = apps.get_model("vervolghuisvesting", "Placement").objects
    condition = _location_filter(actor, prefix="location__")
    if condition is not None:
        placements = placements.filter(condition)
    return placements.values("youth")


def _youth(actor: Actor, action: Action, rows: QuerySet) -> QuerySet:
    """Youths: those placed (now or before) in the locations of the gemeente, of the Nidos
    regions or of the contractpartner, and for a gemeente also those with a housing request
    addressed to it; only the contractpartner records for them. The beheerder and
    woningcorporaties see no youths (DESIGN.md §2: personal data to the minimum)."""
    if not may_see_youths(actor):
        return rows.none()
    if action == Action.CHANGE and not (actor.kind == CONTRACTPARTNER and actor.can_write):
        return rows.none()
    condition = Q(pk__in=_placed_youths(actor))
    if actor.kind == GEMEENTE:
        requests = apps.get_model("vervolghuisvesting", "HousingRequest").objects
        addressed = requests.filter(gemeente=actor.organisation.gemeente_id).values("youth")
        condition |= Q(pk__in=addressed)
    if actor.kind == CONTRACTPARTNER:
        # A youth proposed to one of its locations, so that it can decide (issue 17).
        condition |= Q(pk__in=_proposed_to(actor).values("youth"))
    return rows.filter(condition)


# The states of a hand-over, as stored (vervolghuisvesting.constants.TransferState).
TRANSFER_OFFERED, TRANSFER_ACCEPTED = "aangeboden", "aanvaard"


def _proposed_to(actor: Actor) -> QuerySet:
    """The open overplaatsingen to the contractpartner's locations."""
    transfers = apps.get_model("vervolghuisvesting", "PlacementTransfer").objects
    return transfers.filter(state="voorgesteld", to_location__contractpartner=actor.organisation)


def _placement_transfer(actor: Actor, action: Action, rows: QuerySet) -> QuerySet:
    """Overplaatsingen go with the placement they move from, and for Nidos also with the
    location they move to; the receiving contractpartner sees those to its locations. Nidos
    proposes and withdraws, the receiving contractpartner accepts or declines (CHANGE)."""
    if not may_see_youths(actor):
        return rows.none()
    placements = _placement(
        actor, Action.VIEW, apps.get_model("vervolghuisvesting", "Placement").objects
    )
    seen = Q(from_placement__in=placements.values("pk"))
    if actor.kind == CONTRACTPARTNER:
        seen |= Q(to_location__contractpartner=actor.organisation)
    if actor.kind == NIDOS and (condition := _location_filter(actor, "to_location__")):
        seen |= condition
    rows = rows.filter(seen)
    if action == Action.VIEW:
        return rows
    if action != Action.CHANGE or not actor.can_write:
        return rows.none()
    if actor.kind == CONTRACTPARTNER:
        return rows.filter(to_location__contractpartner=actor.organisation)
    return rows if actor.kind == NIDOS else rows.none()


def _housing_request(actor: Actor, action: Action, rows: QuerySet) -> QuerySet:
    """Requests: the gemeente those addressed to it (it is responsible), Nidos those of
    gemeenten in its regions, the contractpartner those for its youths. The gemeente moves
    them; the submitters (Nidos and contractpartner) withdraw; gemeente and Nidos record
    escalations. A request's page (VIEW_HISTORY) a gemeente also reads when it handed the
    request over (accepted) or is offered it: read-only, never in its lists or counts."""
    if action == Action.CHANGE and not actor.can_write:
        return rows.none()
    if actor.kind == GEMEENTE:
        addressed = Q(gemeente=actor.organisation.gemeente_id)
        if action == Action.VIEW_HISTORY:
            addressed |= Q(pk__in=_involved_transfers(actor).values("request"))
        return rows.filter(addressed)
    if actor.kind == NIDOS:
        if actor.is_national:
            return rows
        return rows.filter(gemeente__province__in=actor.region_provinces)
    if actor.kind == CONTRACTPARTNER:
        return rows.filter(youth__in=_placed_youths(actor))
    return rows.none()


def _involved_transfers(actor: Actor) -> QuerySet:
    """The hand-overs a gemeente made (accepted by the receiver) or is offered now."""
    gemeente_id = actor.organisation.gemeente_id
    return apps.get_model("vervolghuisvesting", "HousingTransfer").objects.filter(
        Q(from_gemeente=gemeente_id, state=TRANSFER_ACCEPTED)
        | Q(to_gemeente=gemeente_id, state=TRANSFER_OFFERED)
    )


def _housing_part(actor: Actor, action: Action, rows: QuerySet) -> QuerySet:
    requests = _housing_request(
        actor, action, apps.get_model("vervolghuisvesting", "HousingRequest").objects
    )
    return rows.filter(request__in=requests.values("pk"))


def _housing_transfer(actor: Actor, action: Action, rows: QuerySet) -> QuerySet:
    """Hand-overs go with their request's page; answering one (CHANGE) is for the gemeente it
    is offered to, while it is open."""
    if action != Action.CHANGE:
        return _housing_part(actor, Action.VIEW_HISTORY, rows)
    if actor.kind != GEMEENTE or not actor.can_write:
        return rows.none()
    return rows.filter(to_gemeente=actor.organisation.gemeente_id, state=TRANSFER_OFFERED)


def _placement(actor: Actor, action: Action, rows: QuerySet) -> QuerySet:
    """Placements go with their youth; a contractpartner changes those at its own locations.

    A placement at a location the actor works with is always seen (its youth is, by `_youth`):
    that condition comes first, so that for the few placements of one location PostgreSQL
    checks it row by row and never builds the set of every youth the actor sees."""
    youths = _youth(actor, Action.VIEW, apps.get_model("vervolghuisvesting", "Youth").objects)
    seen = Q(youth__in=youths.values("pk"))
    if may_see_youths(actor):
        at_own_location = _location_filter(actor, prefix="location__")
        # Every location (None): every placement.
        seen = Q() if at_own_location is None else at_own_location | seen
    rows = rows.filter(seen)
    if action == Action.CHANGE:
        if not (actor.kind == CONTRACTPARTNER and actor.can_write):
            return rows.none()
        return rows.filter(location__contractpartner=actor.organisation)
    return rows


# Organisations that work with youths (DESIGN.md §2): the others have no youth pages, lists
# or exports, and see no youth's pseudonym in a location's history.
YOUTH_KINDS = (GEMEENTE, NIDOS, CONTRACTPARTNER)


def may_see_youths(actor: Actor) -> bool:
    """Gemeente, Nidos and contractpartner work with youths; the woningcorporatie and the
    beheerder see none (DESIGN.md §2)."""
    return actor.kind in YOUTH_KINDS


# Rows about youths, by model label: whoever sees no youths sees none of them, also not in the
# history of an object they point to (a location's placements).
YOUTH_MODELS = frozenset(
    {
        "vervolghuisvesting.Youth",
        "vervolghuisvesting.Placement",
        "vervolghuisvesting.HousingRequest",
        "vervolghuisvesting.HousingTransfer",
        "vervolghuisvesting.Escalation",
        "vervolghuisvesting.PlacementTransfer",
    }
)


def hidden_history_models(actor: Actor) -> frozenset[str]:
    """The models whose changes an object's history leaves out for `actor`."""
    return frozenset() if may_see_youths(actor) else YOUTH_MODELS


def may_see_birth_date(actor: Actor) -> bool:
    """Gemeente users see a youth's milestones, never the date of birth (DESIGN.md §2)."""
    return actor.kind in (NIDOS, CONTRACTPARTNER)


def may_see_dossier_number(actor: Actor) -> bool:
    """The Nidos dossier number is for Nidos and the contractpartner only (DESIGN.md §2)."""
    return actor.kind in (NIDOS, CONTRACTPARTNER)


def _checklist(actor: Actor, action: Action, rows: QuerySet) -> QuerySet:
    """The PvE checklist is read by everyone; only the beheerder makes a new version."""
    if action == Action.VIEW or actor.is_beheer:
        return rows
    return rows.none()


POLICY: dict[str, Rule] = {
    "organisations.province": _everyone_reads,
    "organisations.gemeente": _gemeente,
    "organisations.nidosregion": _everyone_reads,
    "organisations.organisation": _organisation,
    "organisations.membership": _membership,
    "organisations.invitation": _invitation,
    "organisations.regionalesamenwerking": _samenwerking,
    "organisations.regionalesamenwerkingmember": _samenwerking_member,
    "organisations.samenwerkinginvitation": _samenwerking_invitation,
    "kso_portal.accesslogentry": _beheer_only,
    "notifications.notification": _own_rows,
    "reports.report": _own_reports,
    "locations.location": _location,
    "locations.locationcomment": _location_part,
    "locations.locationdocument": _location_part,
    "locations.stageplan": _location_part,
    "locations.stagetransition": _location_part,
    "locations.checklistversion": _checklist,
    "vervolghuisvesting.youth": _youth,
    "vervolghuisvesting.placement": _placement,
    "vervolghuisvesting.occupancyconfirmation": _location_part,
    "vervolghuisvesting.placementtransfer": _placement_transfer,
    "vervolghuisvesting.housingrequest": _housing_request,
    "vervolghuisvesting.housingtransfer": _housing_transfer,
    "vervolghuisvesting.escalation": _housing_part,
    "vervolghuisvesting.termpolicy": _everyone_reads,
    "taakstelling.period": _everyone_reads,
    "taakstelling.quota": _quota,
    "taakstelling.quotaimport": _beheer_only,
}

# Who may create a new object of a kind (there is no row yet to scope).
CREATE_POLICY: dict[str, Callable[[Actor], bool]] = {
    "organisations.regionalesamenwerking": lambda actor: (
        actor.is_beheer or (actor.kind in (GEMEENTE, NIDOS) and actor.can_write)
    ),
    "organisations.invitation": lambda actor: actor.is_beheer or actor.is_coordinator,
    # A contractpartner registers a new youth when placing them (issue 5).
    "vervolghuisvesting.youth": lambda actor: actor.kind == CONTRACTPARTNER and actor.can_write,
    # Nidos decides a move to another contractpartner's location (issue 17).
    "vervolghuisvesting.placementtransfer": lambda actor: actor.kind == NIDOS and actor.can_write,
    # A gemeente or woningcorporatie offers a property (DESIGN.md §4.4).
    "locations.location": lambda actor: (
        actor.kind in (GEMEENTE, WONINGCORPORATIE) and actor.can_write
    ),
}


class Parties[T](Protocol):
    """The words an audience rule names organisations in. `policy.audience()` reads them as a
    condition on memberships (one object, a QuerySet), `policy.audiences()` as sets of
    memberships (many objects, a fixed number of queries); a rule written once in these words
    gives both the same answer. The values combine with `|` and `&`; `without` takes away.
    The sets agree with SQL because a Nidos region condition (the one relation with many rows
    per membership) is never taken away nor combined with `&` with another."""

    def none(self) -> T: ...
    def gemeente(self, gemeente_id: int | None) -> T: ...  # the gemeente's own organisation
    def organisation(self, organisation_id: int | None) -> T: ...
    def kind(self, kind: str) -> T: ...
    def nidos_national(self) -> T: ...
    def nidos_province(self, province_id: int | None) -> T: ...  # Nidos regions covering it
    def without(self, parties: T, excluded: T) -> T: ...


def _location_parties[T](location, province_id: int, parties: Parties[T]) -> T:
    audience = (
        parties.gemeente(location.gemeente_id)
        | parties.organisation(location.offered_by_id)
        | parties.nidos_national()
        | parties.nidos_province(province_id)
    )
    if location.contractpartner_id:
        audience |= parties.organisation(location.contractpartner_id)
    return audience


def _gemeente_provinces(gemeente_ids: Iterable[int]) -> dict[int, int]:
    gemeenten = apps.get_model("organisations", "Gemeente").objects
    return dict(gemeenten.filter(pk__in=set(gemeente_ids)).values_list("pk", "province"))


def _location_facts(locations: list) -> dict[int, int]:
    """The province of each location's gemeente."""
    provinces = _gemeente_provinces(location.gemeente_id for location in locations)
    return {location.pk: provinces[location.gemeente_id] for location in locations}


@dataclass(frozen=True)
class YouthFacts:
    """What a youth's audience depends on: the location of their current (or last) placement
    and the gemeenten their housing requests are addressed to."""

    location: Model | None
    request_gemeenten: tuple[int, ...]


def _youth_facts(youth_ids: Iterable[int]) -> dict[int, YouthFacts]:
    ids = set(youth_ids)
    placements = apps.get_model("vervolghuisvesting", "Placement").objects
    # The last placement per youth; of two started on the same day, the one recorded last.
    last = (
        placements.filter(youth__in=ids)
        .select_related("location__gemeente")
        .order_by("youth_id", "-started_on", "-pk")
        .distinct("youth_id")
    )
    locations = {placement.youth_id: placement.location for placement in last}
    requests = apps.get_model("vervolghuisvesting", "HousingRequest").objects
    gemeenten: dict[int, list[int]] = {youth_id: [] for youth_id in ids}
    for youth_id, gemeente_id in requests.filter(youth__in=ids).values_list("youth", "gemeente"):
        gemeenten[youth_id].append(gemeente_id)
    return {
        youth_id: YouthFacts(locations.get(youth_id), tuple(gemeenten[youth_id]))
        for youth_id in ids
    }


def _youth_parties[T](facts: YouthFacts, parties: Parties[T]) -> T:
    """The organisations of a youth's current (or last) location: its gemeente, its
    contractpartner and the Nidos region; and a gemeente a request is addressed to."""
    audience = parties.none()
    location = facts.location
    if location is not None:
        audience |= parties.without(
            _location_parties(location, location.gemeente.province_id, parties),
            parties.organisation(location.offered_by_id) & parties.kind(WONINGCORPORATIE),
        )
    for gemeente_id in facts.request_gemeenten:
        audience |= parties.gemeente(gemeente_id)
    return audience


def _housing_facts(requests: list) -> dict[int, tuple[YouthFacts, int]]:
    """Each request's youth facts and the province of the gemeente it is addressed to."""
    youths = _youth_facts(request.youth_id for request in requests)
    provinces = _gemeente_provinces(request.gemeente_id for request in requests)
    return {r.pk: (youths[r.youth_id], provinces[r.gemeente_id]) for r in requests}


def _housing_parties[T](request, facts: tuple[YouthFacts, int], parties: Parties[T]) -> T:
    youth, province_id = facts
    return (
        parties.without(_youth_parties(youth, parties), parties.kind(GEMEENTE))
        | parties.gemeente(request.gemeente_id)
        | parties.nidos_province(province_id)
    )


@dataclass(frozen=True)
class AudienceRule:
    """Who is told about the objects of one model. `facts` fetches, for a list of them in a
    fixed number of queries, what the rule reads besides their own fields ({pk: facts});
    `parties(obj, facts, parties)` names the organisations in the words of `Parties`."""

    facts: Callable[[list], Mapping[int, Any]]
    parties: Callable[[Any, Any, Parties], Any]


AUDIENCE: dict[str, AudienceRule] = {
    # An invitation to a samenwerking is told to the gemeente it invites.
    "organisations.samenwerkinginvitation": AudienceRule(
        lambda invitations: dict.fromkeys(invitation.pk for invitation in invitations),
        lambda invitation, facts, parties: parties.gemeente(invitation.gemeente_id),
    ),
    "locations.location": AudienceRule(_location_facts, _location_parties),
    "vervolghuisvesting.youth": AudienceRule(
        lambda youths: _youth_facts(youth.pk for youth in youths),
        lambda youth, facts, parties: _youth_parties(facts, parties),
    ),
    "vervolghuisvesting.housingrequest": AudienceRule(_housing_facts, _housing_parties),
}
