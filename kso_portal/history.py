"""The history of an object, as its page shows it: who changed what, when, before and after.

The rows come from django-pghistory's triggers
(docs/decisions/0004-history-by-database-triggers.md). The caller has
already fetched the object through the access policy, so whoever sees the object sees its
history.
"""

from dataclasses import dataclass, field
from datetime import datetime

import pghistory
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import DateField, DateTimeField, ForeignKey, Model
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pghistory.models import Events


def track_changes(model=None, *, exclude: list[str] | None = None):
    """Class decorator: every insert, update and delete of the model is recorded by a database
    trigger (docs/decisions/0004-history-by-database-triggers.md), whether made in the portal, in
    /beheer/ or by a command."""

    def track(model):
        # Fresh trackers per model: pghistory fills a tracker's fields in for the model it tracks.
        return pghistory.track(
            pghistory.InsertEvent(),
            pghistory.UpdateEvent(),
            pghistory.DeleteEvent(),
            exclude=exclude,
        )(model)

    return track(model) if model is not None else track


# Fields that say nothing to a reader of the history.
HIDDEN_FIELDS = {"id", "created_at", "updated_at", "token_hash"}
ACTIONS = {
    "insert": gettext_lazy("aangemaakt"),
    "update": gettext_lazy("gewijzigd"),
    "delete": gettext_lazy("verwijderd"),
}
DEFAULT_LIMIT = 100


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    at: datetime
    who: str
    organisation: str
    subject: str
    action: str
    changes: list[Change] = field(default_factory=list)


def history_list(
    *, obj: Model, limit: int = DEFAULT_LIMIT, hide: frozenset[str] = frozenset()
) -> list[HistoryEntry]:
    """The latest changes to `obj` and to the rows that point to it, newest first. Fields in
    `hide` are left out, for readers who may not see them (a gemeente and a date of birth)."""
    events = list(Events.objects.references(obj).order_by("-pgh_created_at", "-pgh_id")[:limit])
    users = _users(events)
    related = _related_objects(events)
    hidden = HIDDEN_FIELDS | hide
    entries = [_entry(event, users, related, hidden) for event in events]
    return [entry for entry in entries if entry.changes or entry.action != ACTIONS["update"]]


def _users(events) -> dict[int, str]:
    ids = {(e.pgh_context or {}).get("user") for e in events} - {None}
    return dict(get_user_model().objects.filter(pk__in=ids).values_list("pk", "email"))


def _foreign_keys(model) -> dict[str, ForeignKey]:
    return {f.attname: f for f in model._meta.concrete_fields if isinstance(f, ForeignKey)}


def _related_objects(events) -> dict[tuple[type, object], str]:
    """One query per related model for the names behind every foreign key in the events."""
    wanted: dict[type, set] = {}
    for event in events:
        model = apps.get_model(event.pgh_obj_model)
        for attname, fk in _foreign_keys(model).items():
            if attname.startswith("pgh_") or fk.name in HIDDEN_FIELDS:
                continue
            for value in _values(event, attname):
                if value is not None:
                    wanted.setdefault(fk.related_model, set()).add(value)
    names = {}
    for model, pks in wanted.items():
        for obj in model._base_manager.filter(pk__in=pks):
            names[(model, obj.pk)] = str(obj)
    return names


def _values(event, attname: str) -> list:
    if event.pgh_diff and attname in event.pgh_diff:
        return list(event.pgh_diff[attname])
    return [(event.pgh_data or {}).get(attname)]


def _format(model, attname: str, value, related) -> str:
    if value is None or value == "":
        return "—"
    fk = _foreign_keys(model).get(attname)
    if fk is not None:
        return related.get((fk.related_model, value), f"#{value}")
    model_field = model._meta.get_field(attname)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(model_field, DateTimeField) and (moment := parse_datetime(value)):
        return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M")
    if isinstance(model_field, DateField) and (day := parse_date(value)):
        return day.strftime("%d-%m-%Y")
    return str(value)


def _changes(event, model, related, hidden) -> list[Change]:
    fields = [f for f in model._meta.concrete_fields if f.name not in hidden]
    changes = []
    for model_field in fields:
        attname = model_field.attname
        if event.pgh_label == "update":
            if not event.pgh_diff or attname not in event.pgh_diff:
                continue
            before, after = event.pgh_diff[attname]
        elif event.pgh_label == "delete":
            before, after = event.pgh_data.get(attname), None
        else:
            before, after = None, event.pgh_data.get(attname)
        if before is None and after is None:
            continue
        changes.append(
            Change(
                field=str(model_field.verbose_name),
                before=_format(model, attname, before, related),
                after=_format(model, attname, after, related),
            )
        )
    return changes


def _entry(event, users, related, hidden) -> HistoryEntry:
    model = apps.get_model(event.pgh_obj_model)
    context = event.pgh_context or {}
    if context.get("user") in users:
        who = users[context["user"]]
    elif context.get("command"):
        who = _("systeem (%(command)s)") % {"command": context["command"]}
    else:
        who = _("systeem")
    return HistoryEntry(
        at=event.pgh_created_at,
        who=who,
        organisation=context.get("organisation", ""),
        subject=str(model._meta.verbose_name),
        action=str(ACTIONS.get(event.pgh_label, event.pgh_label)),
        changes=_changes(event, model, related, hidden),
    )
