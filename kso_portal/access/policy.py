"""The entry points of the access policy: scope, get_or_404, can, can_create, what one may
grant, and the audience of an object."""

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from .actor import COORDINATOR, LEZER, MEDEWERKER, NIDOS, Action, Actor
from .rules import AUDIENCE, CREATE_POLICY, POLICY


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
