"""The access policy: for an actor and a kind of object, the rows they may see or act on.

This is the one place that says who sees what (DESIGN.md §2). Selectors, views, forms, exports,
PDFs and the choice of who is notified all call `scope()` (or `get_or_404()` / `can()`, which use
it); nothing else filters domain rows by organisation.

The policy names the models of every app by their label and imports none of them, so that the
kernel stays below the apps in the import order (docs/architecture.md).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

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
    MANAGE_MEMBERS = "manage_members"


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


Rule = Callable[[Actor, Action, QuerySet], QuerySet]


def _everyone_reads(actor: Actor, action: Action, rows: QuerySet) -> QuerySet:
    """Reference data: everyone with an organisation reads it; only /beheer/ changes it."""
    return rows if action == Action.VIEW else rows.none()


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


def _checklist(actor: Actor, action: Action, rows: QuerySet) -> QuerySet:
    """The PvE checklist is read by everyone; only the beheerder makes a new version."""
    if action == Action.VIEW or actor.is_beheer:
        return rows
    return rows.none()


POLICY: dict[str, Rule] = {
    "organisations.province": _everyone_reads,
    "organisations.gemeente": _everyone_reads,
    "organisations.nidosregion": _everyone_reads,
    "organisations.organisation": _organisation,
    "organisations.membership": _membership,
    "organisations.invitation": _invitation,
    "organisations.regionalesamenwerking": _samenwerking,
    "kso_portal.accesslogentry": _beheer_only,
    "notifications.notification": _own_rows,
    "locations.location": _location,
    "locations.locationcomment": _location_part,
    "locations.locationdocument": _location_part,
    "locations.stageplan": _location_part,
    "locations.stagetransition": _location_part,
    "locations.checklistversion": _checklist,
}

# Who may create a new object of a kind (there is no row yet to scope).
CREATE_POLICY: dict[str, Callable[[Actor], bool]] = {
    "organisations.regionalesamenwerking": lambda actor: (
        actor.is_beheer or (actor.kind in (GEMEENTE, NIDOS) and actor.can_write)
    ),
    "organisations.invitation": lambda actor: actor.is_beheer or actor.is_coordinator,
    # A gemeente or woningcorporatie offers a property (DESIGN.md §4.4).
    "locations.location": lambda actor: (
        actor.kind in (GEMEENTE, WONINGCORPORATIE) and actor.can_write
    ),
}


def _label(model: type[Model] | str) -> str:
    return model.lower() if isinstance(model, str) else model._meta.label_lower


def scope(actor: Actor, model: type[Model] | str, action: Action = Action.VIEW) -> QuerySet:
    """The rows of `model` that `actor` may see (VIEW) or act on (other actions)."""
    label = _label(model)
    try:
        rule = POLICY[label]
    except KeyError:
        raise ImproperlyConfigured(f"The access policy has no rule for {label}.") from None
    rows = apps.get_model(label).objects.all()
    if actor.membership is None or not actor.user.is_active:
        return rows.none()
    return rule(actor, Action(action), rows)


def get_or_404(actor: Actor, model: type[Model] | str, action: Action = Action.VIEW, **lookup):
    """One object through the policy: outside the actor's sight 404; seen but not theirs to
    act on, 403."""
    try:
        obj = scope(actor, model, Action.VIEW).get(**lookup)
    except apps.get_model(_label(model)).DoesNotExist:
        raise Http404 from None
    if action != Action.VIEW and not can(actor, obj, action):
        raise PermissionDenied
    return obj


def can(actor: Actor, obj: Model, action: Action) -> bool:
    """Whether `actor` may take `action` on `obj`."""
    return scope(actor, type(obj), action).filter(pk=obj.pk).exists()


def can_create(actor: Actor, model: type[Model] | str) -> bool:
    rule = CREATE_POLICY.get(_label(model))
    if rule is None:
        raise ImproperlyConfigured(f"The access policy has no create rule for {_label(model)}.")
    return actor.membership is not None and rule(actor)


def grantable_roles(actor: Actor, organisation) -> list[str]:
    """The roles `actor` may give in `organisation`: the beheerder every role anywhere; a
    coordinator lezer and medewerker in their own organisation (a new coordinator comes from
    the beheerder, so that no coordinator can push another out)."""
    if actor.membership is None:
        return []
    if actor.is_beheer:
        return [LEZER, MEDEWERKER, COORDINATOR]
    if actor.is_coordinator and organisation.pk == actor.organisation.pk:
        return [LEZER, MEDEWERKER]
    return []


def grantable_nidos_scope(actor: Actor) -> tuple[QuerySet, bool]:
    """The Nidos regions `actor` may give a Nidos membership, and whether they may give
    national scope: only what they cover themselves."""
    region = apps.get_model("organisations", "NidosRegion")
    if actor.is_beheer or actor.is_national:
        return region.objects.all(), True
    if actor.kind == NIDOS:
        return region.objects.filter(memberships=actor.membership), False
    return region.objects.none(), False


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


AUDIENCE: dict[str, Callable[[Model], Q]] = {
    "locations.location": _location_audience,
}


def audience(obj: Model) -> QuerySet:
    """The active memberships whose organisation works with `obj`: who is told about it. The
    mirror of `scope()`, for choosing the recipients of a notification."""
    label = obj._meta.label_lower
    if label not in AUDIENCE:
        raise ImproperlyConfigured(f"The access policy has no audience rule for {label}.")
    memberships = apps.get_model("organisations", "Membership").objects.filter(
        is_active=True, user__is_active=True, organisation__is_active=True
    )
    return memberships.filter(AUDIENCE[label](obj)).distinct()
