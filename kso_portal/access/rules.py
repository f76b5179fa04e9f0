"""The rules of the access policy, one per model (DESIGN.md §2), and who is told about an
object (the audience, the mirror of the rules). Models are named by label, never imported."""

from collections.abc import Callable

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
    """Member gemeenten and Nidos (in its regions) see and edit a regionale samenwerking."""
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
        return rows.filter(
            pk__in=members.filter(gemeente__province__in=actor.region_provinces).values(
                "samenwerking"
            )
        )
    return rows.none()


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
    """Youths ever placed in a location the actor works with, as a lazy subquery."""
    locations = _location(actor, Action.VIEW, apps.get_model("locations", "Location").objects)
    placements = apps.get_model("vervolghuisvesting", "Placement").objects
    return placements.filter(location__in=locations.values("pk")).values("youth")


def _youth(actor: Actor, action: Action, rows: QuerySet) -> QuerySet:
    """Youths: those placed (now or before) in the locations of the gemeente, of the Nidos
    regions or of the contractpartner, and for a gemeente also those with a housing request
    addressed to it; only the contractpartner records for them. The beheerder and
    woningcorporaties see no youths (DESIGN.md §2: personal data to the minimum)."""
    if actor.kind not in (GEMEENTE, NIDOS, CONTRACTPARTNER):
        return rows.none()
    if action == Action.CHANGE and not (actor.kind == CONTRACTPARTNER and actor.can_write):
        return rows.none()
    condition = Q(pk__in=_placed_youths(actor))
    if actor.kind == GEMEENTE:
        requests = apps.get_model("vervolghuisvesting", "HousingRequest").objects
        addressed = requests.filter(gemeente=actor.organisation.gemeente_id).values("youth")
        condition |= Q(pk__in=addressed)
    return rows.filter(condition)


def _housing_request(actor: Actor, action: Action, rows: QuerySet) -> QuerySet:
    """Requests: the gemeente those addressed to it, Nidos those of gemeenten in its regions,
    the contractpartner those for its youths. The gemeente moves them; the submitters (Nidos
    and contractpartner) withdraw; gemeente and Nidos record escalations."""
    if action == Action.CHANGE and not actor.can_write:
        return rows.none()
    if actor.kind == GEMEENTE:
        return rows.filter(gemeente=actor.organisation.gemeente_id)
    if actor.kind == NIDOS:
        if actor.is_national:
            return rows
        return rows.filter(gemeente__province__in=actor.region_provinces)
    if actor.kind == CONTRACTPARTNER:
        return rows.filter(youth__in=_placed_youths(actor))
    return rows.none()


def _housing_part(actor: Actor, action: Action, rows: QuerySet) -> QuerySet:
    requests = _housing_request(
        actor, action, apps.get_model("vervolghuisvesting", "HousingRequest").objects
    )
    return rows.filter(request__in=requests.values("pk"))


def _placement(actor: Actor, action: Action, rows: QuerySet) -> QuerySet:
    """Placements go with their youth; a contractpartner changes those at its own locations."""
    youths = _youth(actor, Action.VIEW, apps.get_model("vervolghuisvesting", "Youth").objects)
    rows = rows.filter(youth__in=youths.values("pk"))
    if action == Action.CHANGE:
        if not (actor.kind == CONTRACTPARTNER and actor.can_write):
            return rows.none()
        return rows.filter(location__contractpartner=actor.organisation)
    return rows


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
    "vervolghuisvesting.housingrequest": _housing_request,
    "vervolghuisvesting.housingtransfer": _housing_part,
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
    # A gemeente or woningcorporatie offers a property (DESIGN.md §4.4).
    "locations.location": lambda actor: (
        actor.kind in (GEMEENTE, WONINGCORPORATIE) and actor.can_write
    ),
}


def _location_audience(location) -> Q:
    audience = (
        Q(organisation__kind=GEMEENTE, organisation__gemeente=location.gemeente_id)
        | Q(organisation=location.offered_by_id)
        | Q(organisation__kind=NIDOS, is_national=True)
        | Q(organisation__kind=NIDOS, nidos_regions__provinces=location.gemeente.province_id)
    )
    if location.contractpartner_id:
        audience |= Q(organisation=location.contractpartner_id)
    return audience


def _youth_audience(youth) -> Q:
    """The organisations of a youth's current (or last) location: its gemeente, its
    contractpartner and the Nidos region; and a gemeente a request is addressed to."""
    placement = (
        youth.placements.select_related("location__gemeente").order_by("-started_on").first()
    )
    audience = Q(pk__in=[])
    if placement is not None:
        audience |= _location_audience(placement.location) & ~Q(
            organisation=placement.location.offered_by_id, organisation__kind=WONINGCORPORATIE
        )
    for gemeente_id in youth.housing_requests.values_list("gemeente", flat=True):
        audience |= Q(organisation__kind=GEMEENTE, organisation__gemeente=gemeente_id)
    return audience


def _housing_audience(request) -> Q:
    return (
        _youth_audience(request.youth) & ~Q(organisation__kind=GEMEENTE)
        | Q(organisation__kind=GEMEENTE, organisation__gemeente=request.gemeente_id)
        | Q(organisation__kind=NIDOS, nidos_regions__provinces=request.gemeente.province_id)
    )


AUDIENCE: dict[str, Callable[[Model], Q]] = {
    "locations.location": _location_audience,
    "vervolghuisvesting.youth": _youth_audience,
    "vervolghuisvesting.housingrequest": _housing_audience,
}
