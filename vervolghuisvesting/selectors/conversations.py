"""Reads of the keuzegesprek: the youths whose conversation is due or overdue, and the choices
recorded for a youth, earlier ones included."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.utils import timezone

from kso_portal.access import Actor
from vervolghuisvesting.constants import Choice
from vervolghuisvesting.models import Youth
from vervolghuisvesting.rules import KEUZEGESPREK_NOTICE_DAYS, KEUZEMOMENT_MONTHS

from .dates import reached_by
from .youths import youth_list


def keuzegesprek_due(*, actor: Actor) -> QuerySet:
    """Youths placed now without a recorded conversation whose keuzemoment comes within 60
    days or has passed (`is_overdue`): an overdue conversation stays until it is recorded, and
    a youth placed after the keuzemoment is on it at once (issue 17). No status: placed youths'
    status needs no lookup of ended placements."""
    today = timezone.localdate()
    notice = today + timedelta(days=KEUZEGESPREK_NOTICE_DAYS)
    return (
        youth_list(actor=actor, status=False)
        .filter(
            reached_by(KEUZEMOMENT_MONTHS, notice), is_placed=True, conversation_on__isnull=True
        )
        .annotate(
            is_overdue=ExpressionWrapper(Q(keuzemoment_on__lt=today), output_field=BooleanField())
        )
        .order_by("keuzemoment_on", "pk")
    )


@dataclass(frozen=True)
class RecordedChoice:
    """A keuzegesprek as it was recorded: its date and choice, who recorded it and when."""

    conversation_on: date
    choice: str
    recorded_at: datetime
    recorded_by: str
    organisation: str

    @property
    def choice_label(self) -> str:
        return str(Choice(self.choice).label)


def choice_history(*, youth: Youth) -> list[RecordedChoice]:
    """Every keuzegesprek recorded for `youth` (which the caller read through the policy),
    newest first: a changed choice keeps the earlier one, with who recorded it and when. Read
    from the history of the youth's row (django-pghistory), in two queries."""
    events = (
        apps.get_model("vervolghuisvesting", "YouthEvent")
        .objects.filter(pgh_obj=youth)
        .order_by("pgh_created_at", "pgh_id")
        .values_list("pgh_created_at", "conversation_on", "choice", "pgh_context__metadata")
    )
    recorded, last = [], None
    for at, conversation_on, choice, context in events:
        if conversation_on is not None and (conversation_on, choice) != last:
            recorded.append((at, conversation_on, choice, context or {}))
        last = (conversation_on, choice)
    users = dict(
        get_user_model()
        .objects.filter(pk__in={context.get("user") for *_rest, context in recorded})
        .values_list("pk", "email")
    )
    return [
        RecordedChoice(
            conversation_on=conversation_on,
            choice=choice,
            recorded_at=at,
            recorded_by=users.get(context.get("user"), ""),
            organisation=context.get("organisation", ""),
        )
        for at, conversation_on, choice, context in reversed(recorded)
    ]
