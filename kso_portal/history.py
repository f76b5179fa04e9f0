"""The history of an object, as its page shows it: who changed what, when, before and after.

The rows come from django-pghistory's triggers
(docs/decisions/0004-history-by-database-triggers.md). The caller has
already fetched the object through the access policy, so whoever sees the object sees its
history.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import cache

import pghistory
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import DateField, DateTimeField, ForeignKey, Model
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pghistory.models import Events

from . import derived
from .access import hidden_history_models


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
# An object's page shows its newest changes; the rest (up to DEFAULT_LIMIT) one click away.
FIRST_SHOWN = 10
ALL_PARAMETER, ALL_VALUE = "geschiedenis", "alles"
HISTORY_TEMPLATE = "includes/history.html"
WORDS = {"yes": gettext_lazy("ja"), "no": gettext_lazy("nee"), "system": gettext_lazy("systeem")}


@dataclass
class Change:
    field: str
    before: str
    after: str


CHANGE_HTML = '<li><span class="changes__field">{field}:</span> {before}{after}</li>'
BEFORE_HTML = '<del><span class="visually-hidden">{label} </span>{value}</del> '
AFTER_HTML = '<ins><span class="visually-hidden">{label} </span>{value}</ins>'


@dataclass
class HistoryEntry:
    at: datetime
    who: str
    organisation: str
    subject: str
    action: str
    changes: list[Change] = field(default_factory=list)

    def changes_html(self) -> SafeString:
        """The changes as the items of the list the history shows. Written here, not by a
        template loop: a history holds up to a thousand changes, and a template loop per change
        took most of a busy location page's time (issue 9, docs/performance.md)."""
        was, becomes = escape(_("was")), escape(_("wordt"))
        items = []
        for change in self.changes:
            before = after = ""
            if change.before != "—":
                before = BEFORE_HTML.format(label=was, value=escape(change.before))
            if change.after != "—":
                after = AFTER_HTML.format(label=becomes, value=escape(change.after))
            field_name = escape(capfirst(change.field))
            items.append(CHANGE_HTML.format(field=field_name, before=before, after=after))
        return mark_safe("\n".join(items))  # noqa: S308 - every value above is escaped


def history_page(
    request, *, obj: Model, hide: frozenset[str] = frozenset(), kept: bool = False
) -> dict:
    """The history for an object's page: its newest FIRST_SHOWN changes, or (`?geschiedenis=
    alles`) up to DEFAULT_LIMIT; `history_more` says whether there are more than shown. A busy
    location has hundreds of changes, which made them most of its page's time.

    `kept`: read and rendered (`history_html`, which includes/history.html shows as it is)
    once per change of the data (kso_portal/derived.py), for an object whose rows and every
    row pointing to it are tracked (a location); the same for everyone who may see the object,
    which the caller checked. A user's changed e-mail address shows from the next change of
    data on. Whoever sees no youths sees none of the changes of rows about youths that point
    to `obj` (a location's or an organisation's placements: their dates and reasons too)."""
    hide_models = hidden_history_models(request.actor)
    show_all = request.GET.get(ALL_PARAMETER) == ALL_VALUE
    limit = DEFAULT_LIMIT if show_all else FIRST_SHOWN
    if not kept:
        entries, more = _history(obj, limit, hide, hide_models=hide_models)
        return {"history": entries, "history_more": more, "history_all": show_all}

    def section() -> dict:
        # Kept as the section's HTML: the same for every reader in this language, so that a
        # page seen again does not render its rows again.
        entries, more = _history(obj, limit, hide, hide_models=hide_models)
        context = {"history": entries, "history_more": more, "history_all": show_all}
        return {**context, "history_html": render_to_string(HISTORY_TEMPLATE, context)}

    key = (obj._meta.label, obj.pk, limit, hide, hide_models)
    return derived.cached("history", key, section)


def history_list(
    *,
    obj: Model,
    limit: int = DEFAULT_LIMIT,
    hide: frozenset[str] = frozenset(),
    own_only: bool = False,
) -> list[HistoryEntry]:
    """The latest changes to `obj` and to the rows that point to it, newest first. Fields in
    `hide` are left out, for readers who may not see them (a gemeente and a date of birth).
    `own_only`: the changes of `obj`'s own row only, not of the rows that point to it (for
    /beheer/, whose reader may not see every row that points to an organisation: placements).
    Two queries: the events, and the names behind every user and foreign key in them."""
    return _history(obj, limit, hide, own_only=own_only)[0]


def _history(
    obj: Model,
    limit: int,
    hide: frozenset[str],
    *,
    own_only: bool = False,
    hide_models: frozenset[str] = frozenset(),
) -> tuple[list[HistoryEntry], bool]:
    events = Events.objects.tracks(obj) if own_only else Events.objects.references(obj)
    if hide_models:
        events = events.exclude(pgh_obj_model__in=hide_models)
    events = list(events.order_by("-pgh_created_at", "-pgh_id")[: limit + 1])
    more = len(events) > limit
    events = events[:limit]
    related = _related_objects(events, known=obj)
    user_model = get_user_model()
    users = {pk: user.email for (model, pk), user in related.items() if model is user_model}
    names = {key: str(value) for key, value in related.items()}
    hidden = HIDDEN_FIELDS | hide
    labels = _Labels()
    entries = [_entry(event, users, names, hidden, labels) for event in events]
    return [entry for entry in entries if entry.changes or entry.action != ACTIONS["update"]], more


@cache
def _foreign_keys(model) -> dict[str, ForeignKey]:
    return {f.attname: f for f in model._meta.concrete_fields if isinstance(f, ForeignKey)}


def _related_objects(events, known: Model) -> dict[tuple[type, object], Model]:
    """The users of the events' contexts and the rows behind every foreign key in them, read
    in one query (`known`, the object whose history it is, needs no reading)."""
    wanted: dict[type, set] = {}
    for event in events:
        user = (event.pgh_context or {}).get("user")
        if user is not None:
            wanted.setdefault(get_user_model(), set()).add(user)
        model = apps.get_model(event.pgh_obj_model)
        for attname, fk in _foreign_keys(model).items():
            if attname.startswith("pgh_") or fk.name in HIDDEN_FIELDS:
                continue
            for value in _values(event, attname):
                if value is not None:
                    wanted.setdefault(fk.related_model, set()).add(value)
    found = {(type(known), known.pk): known}
    wanted.get(type(known), set()).discard(known.pk)
    quote = connection.ops.quote_name
    parts, params = [], []
    for model, pks in wanted.items():
        if pks:
            table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
            # Names from the models' own metadata, quoted; the values go as parameters.
            parts.append(f"SELECT %s, row_to_json(t)::text FROM {table} t WHERE t.{pk} = ANY(%s)")  # noqa: S608
            params += [model._meta.label_lower, [model._meta.pk.to_python(v) for v in pks]]
    if not parts:
        return found
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    for label, data in rows:
        instance = _instance(apps.get_model(label), json.loads(data, parse_float=Decimal))
        found[(type(instance), instance.pk)] = instance
    return found


def _instance(model, data: dict) -> Model:
    """A model instance from its row as JSON, for its name (`str()`)."""
    fields = model._meta.concrete_fields
    return model.from_db(
        connection.alias,
        [f.attname for f in fields],
        [f.to_python(data[f.column]) for f in fields],
    )


def _values(event, attname: str) -> list:
    if event.pgh_diff and attname in event.pgh_diff:
        return list(event.pgh_diff[attname])
    return [(event.pgh_data or {}).get(attname)]


class _Labels:
    """Translated names of models, fields and choices, each translated once per history."""

    def __init__(self):
        self._cache: dict = {}

    def name(self, meta_or_field) -> str:
        if meta_or_field not in self._cache:
            self._cache[meta_or_field] = str(meta_or_field.verbose_name)
        return self._cache[meta_or_field]

    def choice(self, model_field, value) -> str:
        key = (model_field, "choices")
        if key not in self._cache:
            self._cache[key] = {choice: str(label) for choice, label in model_field.flatchoices}
        return self._cache[key].get(value, str(value))

    def word(self, key: str) -> str:
        if key not in self._cache:
            self._cache[key] = str(WORDS[key])
        return self._cache[key]


def _format(model_field, value, names, labels: _Labels) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(model_field, ForeignKey):
        return names.get((model_field.related_model, value), f"#{value}")
    if model_field.choices:
        return labels.choice(model_field, value)
    if isinstance(value, bool):
        return labels.word("yes") if value else labels.word("no")
    if isinstance(model_field, DateTimeField) and (moment := parse_datetime(value)):
        return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M")
    if isinstance(model_field, DateField) and (day := parse_date(value)):
        return day.strftime("%d-%m-%Y")
    return str(value)


def _changes(event, model, names, hidden, labels: _Labels) -> list[Change]:
    changes = []
    for model_field in model._meta.concrete_fields:
        if model_field.name in hidden:
            continue
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
                field=labels.name(model_field),
                before=_format(model_field, before, names, labels),
                after=_format(model_field, after, names, labels),
            )
        )
    return changes


def _entry(event, users, names, hidden, labels: _Labels) -> HistoryEntry:
    model = apps.get_model(event.pgh_obj_model)
    context = event.pgh_context or {}
    if context.get("user") in users:
        who = users[context["user"]]
    elif context.get("command"):
        who = _("systeem (%(command)s)") % {"command": context["command"]}
    else:
        who = labels.word("system")
    return HistoryEntry(
        at=event.pgh_created_at,
        who=who,
        organisation=context.get("organisation", ""),
        subject=labels.name(model._meta),
        action=str(ACTIONS.get(event.pgh_label, event.pgh_label)),
        changes=_changes(event, model, names, hidden, labels),
    )
