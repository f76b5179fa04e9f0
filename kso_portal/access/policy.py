"""The entry points of the access policy: scope, get_or_404, can, can_create, what one may
grant, and the audience of an object (or of many at once)."""

from collections import defaultdict
from collections.abc import Iterable

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from .actor import COORDINATOR, GEMEENTE, LEZER, MEDEWERKER, NIDOS, Action, Actor
from .rules import AUDIENCE, CREATE_POLICY, POLICY, AudienceRule


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
    if actor.membership is None or not actor.membership.is_active or not actor.user.is_active:
        return rows.none()
    return rule(actor, Action(action), rows)


def get_or_404(
    actor: Actor,
    model: type[Model] | str,
    action: Action = Action.VIEW,
    *,
    seen: Action = Action.VIEW,
    **lookup,
):
    """One object through the policy: outside the actor's sight (`seen`, VIEW unless a model
    has a wider read-only sight, such as a housing request's VIEW_HISTORY) 404; seen but not
    theirs to act on, 403."""
    try:
        obj = scope(actor, model, seen).get(**lookup)
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


def _audience_rule(obj: Model) -> AudienceRule:
    label = obj._meta.label_lower
    if label not in AUDIENCE:
        raise ImproperlyConfigured(f"The access policy has no audience rule for {label}.")
    return AUDIENCE[label]


def _active_memberships() -> QuerySet:
    return apps.get_model("organisations", "Membership").objects.filter(
        is_active=True, user__is_active=True, organisation__is_active=True
    )


def audience(obj: Model) -> QuerySet:
    """The active memberships whose organisation works with `obj`: who is told about it. The
    mirror of `scope()`, for choosing the recipients of a notification."""
    rule = _audience_rule(obj)
    facts = rule.facts([obj])[obj.pk]
    return _active_memberships().filter(rule.parties(obj, facts, _CONDITION)).distinct()


def gemeente_audience(gemeente_id: int) -> QuerySet:
    """The active memberships of a gemeente's own organisation: who is told of what is
    offered to that gemeente (a hand-over) or answered to it, before the object is theirs."""
    return _active_memberships().filter(_CONDITION.gemeente(gemeente_id))


def audiences(objects: Iterable[Model]) -> dict[Model, frozenset]:
    """`audience()` of many objects at once (of any models with an audience rule), in a fixed
    number of queries however many objects: {object: its active memberships}, with their
    `user` and `organisation` loaded. The same rules are read as sets of the memberships
    loaded once instead of as a condition per object, so the answer is `audience()`'s."""
    by_label: dict[str, list[Model]] = defaultdict(list)
    for obj in objects:
        _audience_rule(obj)
        by_label[obj._meta.label_lower].append(obj)
    if not by_label:
        return {}
    sets = _MembershipSets(_active_memberships().select_related("user", "organisation"))
    result = {}
    for label, objs in by_label.items():
        rule = AUDIENCE[label]
        facts = rule.facts(objs)
        for obj in objs:
            result[obj] = rule.parties(obj, facts[obj.pk], sets)
    return result


class _Condition:
    """The words of `Parties` as a condition on Membership (for `audience()`)."""

    def none(self) -> Q:
        return Q(pk__in=[])

    def gemeente(self, gemeente_id: int | None) -> Q:
        return Q(organisation__kind=GEMEENTE, organisation__gemeente=gemeente_id)

    def organisation(self, organisation_id: int | None) -> Q:
        return Q(organisation=organisation_id)

    def kind(self, kind: str) -> Q:
        return Q(organisation__kind=kind)

    def nidos_national(self) -> Q:
        return Q(organisation__kind=NIDOS, is_national=True)

    def nidos_province(self, province_id: int | None) -> Q:
        return Q(organisation__kind=NIDOS, nidos_regions__provinces=province_id)

    def without(self, parties: Q, excluded: Q) -> Q:
        return parties & ~excluded


_CONDITION = _Condition()
_NONE: frozenset = frozenset()


class _MembershipSets:
    """The words of `Parties` as sets of memberships (for `audiences()`), indexed once."""

    def __init__(self, memberships: QuerySet) -> None:
        rows = list(memberships)
        index: dict[tuple, set] = defaultdict(set)
        for membership in rows:
            kind = membership.organisation.kind
            index["organisation", membership.organisation_id].add(membership)
            index["kind", kind].add(membership)
            if kind == GEMEENTE:
                index["gemeente", membership.organisation.gemeente_id].add(membership)
            if kind == NIDOS and membership.is_national:
                index[("nidos_national",)].add(membership)
        by_pk = {
            membership.pk: membership
            for membership in rows
            if membership.organisation.kind == NIDOS
        }
        # A membership without regions matches an unknown province, as the SQL join does.
        provinces = memberships.model.objects.filter(pk__in=by_pk).values_list(
            "pk", "nidos_regions__provinces"
        )
        for pk, province_id in provinces:
            index["nidos_province", province_id].add(by_pk[pk])
        self._index = {key: frozenset(members) for key, members in index.items()}

    def none(self) -> frozenset:
        return _NONE

    def gemeente(self, gemeente_id: int | None) -> frozenset:
        return self._index.get(("gemeente", gemeente_id), _NONE)

    def organisation(self, organisation_id: int | None) -> frozenset:
        return self._index.get(("organisation", organisation_id), _NONE)

    def kind(self, kind: str) -> frozenset:
        return self._index.get(("kind", kind), _NONE)

    def nidos_national(self) -> frozenset:
        return self._index.get(("nidos_national",), _NONE)

    def nidos_province(self, province_id: int | None) -> frozenset:
        return self._index.get(("nidos_province", province_id), _NONE)

    def without(self, parties: frozenset, excluded: frozenset) -> frozenset:
        return parties - excluded
