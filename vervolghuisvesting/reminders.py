"""The daily reminders of DESIGN.md §7: find what is due, write one row per (subject, rule,
threshold), and notify the parties of the rows this run wrote.

Why it cannot double or lose a reminder: the row is written before anything is sent, under a
unique key, in the same transaction as the notifications; a second run (or a second worker at
the same moment) finds the key taken and writes and sends nothing. A crash before commit writes
nothing, so the next run does it all. When several thresholds of a rule passed unseen (days
without a run), only the most recent one is a candidate, so only that one is sent.

The job works for the system, not for a user: it reads every subject, and the access policy's
audience (`audiences()`, for all the run's subjects at once) chooses who is told.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kso_portal.access import CONTRACTPARTNER, GEMEENTE, NIDOS, audiences
from locations.constants import Stage
from locations.models import StagePlan
from locations.rules import STALLED_AFTER, stalled_from
from locations.selectors import stalled_plans
from locations.workflow import OFFERER, TRANSITIONS
from notifications.services import Notice, notification_send_pending, notify_many

from .constants import OPEN_STATES, Choice
from .models import HousingRequest, Placement, Reminder, Youth
from .rules import (
    EINDE_VERLENGDE_OPVANG_MONTHS,
    KEUZEGESPREK_NOTICE_DAYS,
    KEUZEMOMENT_MONTHS,
    MEERDERJARIG_MONTHS,
    keuzegesprek_threshold,
)
from .selectors import AddMonths
from .selectors.dates import reached_by


@dataclass(frozen=True)
class Due:
    """A reminder that is due: what about, which rule and threshold, and who hears of it."""

    subject: object
    rule: str
    threshold: str
    due_on: date
    kinds: frozenset[str]
    title: str
    body: str
    url: str


def _placed_youths():
    active = Placement.objects.filter(youth=OuterRef("pk"), ended_on__isnull=True)
    return Youth.objects.annotate(is_placed=Exists(active)).filter(is_placed=True)


def _youth_url(youth) -> str:
    return reverse("youth_detail", kwargs={"pseudonym": youth.pseudonym})


def keuzegesprek_due(today: date) -> Iterable[Due]:
    """60 days before the keuzemoment without a conversation, on the day itself, and every week
    after it until the conversation is recorded (`rules.keuzegesprek_threshold`)."""
    notice = today + timedelta(days=KEUZEGESPREK_NOTICE_DAYS)
    rows = (
        _placed_youths()
        .annotate(moment=AddMonths(F("birth_on"), KEUZEMOMENT_MONTHS))
        .filter(reached_by(KEUZEMOMENT_MONTHS, notice), conversation_on__isnull=True)
    )
    for youth in rows:
        threshold, due_on = keuzegesprek_threshold(youth.moment, today)
        moment = youth.moment.strftime("%d-%m-%Y")
        if youth.moment < today:
            title = _("Keuzegesprek %(youth)s te laat") % {"youth": youth}
            body = _("Het keuzemoment van %(youth)s was op %(on)s en het gesprek is nog niet "
                     "vastgelegd; leg het gesprek en de keuze vast.")  # fmt: skip
        else:
            title = _("Keuzegesprek %(youth)s nog niet gevoerd") % {"youth": youth}
            body = _(
                "Het keuzemoment van %(youth)s is op %(on)s; leg het gesprek en de keuze vast."
            )
        yield Due(
            youth, "keuzegesprek", threshold, due_on, frozenset({CONTRACTPARTNER, NIDOS}),
            title, body % {"youth": youth, "on": moment}, _youth_url(youth),
        )  # fmt: skip


def housing_request_expected(today: date) -> Iterable[Due]:
    """120 days before 18, chose zelfstandig wonen, no request yet."""
    requests = HousingRequest.objects.filter(youth=OuterRef("pk"))
    rows = (
        _placed_youths()
        .annotate(adult=AddMonths(F("birth_on"), MEERDERJARIG_MONTHS), asked=Exists(requests))
        .filter(
            choice=Choice.ZELFSTANDIG_WONEN,
            asked=False,
            adult__range=(today, today + timedelta(days=120)),
        )
    )
    for youth in rows:
        yield Due(
            youth, "aanvraag_verwacht", "120d", youth.adult - timedelta(days=120),
            frozenset({CONTRACTPARTNER, NIDOS}),
            _("Aanvraag vervolghuisvesting voor %(youth)s verwacht") % {"youth": youth},
            _("%(youth)s wordt op %(on)s 18 en kiest zelfstandig wonen; er is nog geen aanvraag.")
            % {"youth": youth, "on": youth.adult.strftime("%d-%m-%Y")},
            _youth_url(youth),
        )  # fmt: skip


def verlengde_opvang_ends(today: date) -> Iterable[Due]:
    """90 days before the 21st birthday, while still placed; and from that birthday on, while
    still placed, once: Verlengde Opvang has ended (a signal to Nidos as well, issue 17)."""
    rows = _placed_youths().annotate(end=AddMonths(F("birth_on"), EINDE_VERLENGDE_OPVANG_MONTHS))
    for youth in rows.filter(end__lte=today + timedelta(days=90)):
        if youth.end <= today:
            yield Due(
                youth, "verlengde_opvang_eindigt", "21", youth.end,
                frozenset({NIDOS, GEMEENTE, CONTRACTPARTNER}),
                _("%(youth)s is 21 en nog geplaatst") % {"youth": youth},
                _("%(youth)s werd op %(on)s 21; de Verlengde Opvang is geëindigd. Overleg waar "
                  "de jongere nu gaat wonen.")
                % {"youth": youth, "on": youth.end.strftime("%d-%m-%Y")},
                _youth_url(youth),
            )  # fmt: skip
            continue
        yield Due(
            youth, "verlengde_opvang_eindigt", "90d", youth.end - timedelta(days=90),
            frozenset({GEMEENTE, CONTRACTPARTNER}),
            _("Verlengde Opvang van %(youth)s eindigt") % {"youth": youth},
            _("%(youth)s wordt op %(on)s 21; de Verlengde Opvang eindigt dan uiterlijk.")
            % {"youth": youth, "on": youth.end.strftime("%d-%m-%Y")},
            _youth_url(youth),
        )  # fmt: skip


TERM_THRESHOLDS = (7, 30, 90)  # days before the deadline, most recent first


def housing_term(today: date) -> Iterable[Due]:
    """90, 30 and 7 days before the deadline (Nidos too at 30 and 7); and the day after it,
    the term is exceeded (gemeente and Nidos: escalation)."""
    rows = HousingRequest.objects.filter(
        state__in=OPEN_STATES, deadline_on__lte=today + timedelta(days=90)
    ).select_related("youth", "gemeente__province")
    for request in rows:
        url = reverse("housing_request_detail", kwargs={"pk": request.pk})
        deadline = request.deadline_on.strftime("%d-%m-%Y")
        if request.deadline_on < today:
            yield Due(
                request, "termijn_overschreden", "dag_na", request.deadline_on + timedelta(days=1),
                frozenset({GEMEENTE, NIDOS}),
                _("Termijn overschreden: aanvraag voor %(youth)s") % {"youth": request.youth},
                _("De uiterste datum was %(on)s en er is nog geen huisvesting of overbrugging. "
                  "Escaleer: overleg met Nidos, zo nodig bestuurlijk.") % {"on": deadline},
                url,
            )  # fmt: skip
            continue
        days_left = (request.deadline_on - today).days
        threshold = next(n for n in TERM_THRESHOLDS if days_left <= n)
        yield Due(
            request, "termijn_loopt_af", f"{threshold}d",
            request.deadline_on - timedelta(days=threshold),
            frozenset({GEMEENTE, NIDOS} if threshold <= 30 else {GEMEENTE}),
            _("Nog %(days)d dagen: aanvraag voor %(youth)s")
            % {"days": days_left, "youth": request.youth},
            _("Uiterlijk %(on)s huisvesting of passende overbrugging.") % {"on": deadline},
            url,
        )  # fmt: skip


def stalled_stages(today: date) -> Iterable[Due]:
    """A stalled stage (`locations.rules.is_stalled`, the dashboard's rule): the party that
    moves into that stage."""
    for plan in stalled_plans(today=today):
        movers = frozenset().union(*(t.by for t in TRANSITIONS if t.target == plan.stage))
        yield Due(
            plan, "fase_vastgelopen", f"{STALLED_AFTER.days}d-{plan.planned_on:%Y%m%d}",
            stalled_from(plan.planned_on), movers,
            _("%(location)s: %(stage)s loopt achter") % {
                "location": plan.location, "stage": Stage(plan.stage).label},
            _("De fase %(stage)s was gepland op %(on)s.")
            % {"stage": Stage(plan.stage).label, "on": plan.planned_on.strftime("%d-%m-%Y")},
            reverse("location_detail", kwargs={"pk": plan.location_id}),
        )  # fmt: skip


RULES = (
    keuzegesprek_due,
    housing_request_expected,
    verlengde_opvang_ends,
    housing_term,
    stalled_stages,
)


def _subject_type(subject) -> str:
    return subject._meta.model_name


def _recipients(dues: list[Due]) -> list[set]:
    """For each due reminder, the users of the organisations the policy says work with the
    subject, of the kinds the rule names (for a stalled stage: the offerer as well, when it is
    the mover). One `audiences()` for all of them, so the queries do not grow with the number."""
    targets = [d.subject.location if isinstance(d.subject, StagePlan) else d.subject for d in dues]
    members = audiences(targets)
    return [
        {
            member.user
            for member in members[target]
            if member.organisation.kind in d.kinds
            or (OFFERER in d.kinds and member.organisation_id == target.offered_by_id)
        }
        for d, target in zip(dues, targets, strict=True)
    ]


def reminders_run(*, today: date | None = None) -> int:
    """Write and send what is due today; returns how many reminders this run sent. E-mails that
    did not go out earlier (broker or mail server down) are queued again first. The queries are
    a fixed number per rule, not per reminder."""
    notification_send_pending()
    today = today or timezone.localdate()
    run = uuid.uuid4()
    due = {
        (_subject_type(d.subject), d.subject.pk, d.rule, d.threshold): d
        for r in RULES
        for d in r(today)
    }
    with transaction.atomic():
        Reminder.objects.bulk_create(
            [
                Reminder(subject_type=key[0], subject_id=key[1], rule=key[2], threshold=key[3],
                         due_on=d.due_on, run=run)
                for key, d in due.items()
            ],
            ignore_conflicts=True,
        )  # fmt: skip
        mine = list(Reminder.objects.filter(run=run).order_by("pk"))
        dues = [due[r.subject_type, r.subject_id, r.rule, r.threshold] for r in mine]
        notify_many(
            notices=[
                Notice(recipients, "reminder", d.title, d.body, d.url, f"reminder-{reminder.pk}")
                for reminder, d, recipients in zip(mine, dues, _recipients(dues), strict=True)
            ]
        )
        return len(mine)
