"""Reads of housing requests: the buckets of DESIGN.md §6, their counts, and one request."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Case, CharField, Count, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from kso_portal.access import Action, Actor, scope
from vervolghuisvesting.constants import DONE_STATES, Bucket, TransferState
from vervolghuisvesting.models import HousingRequest


def with_bucket(rows: QuerySet, today=None) -> QuerySet:
    """Requests annotated with their bucket: overdue from the day after the deadline while they
    have no outcome (the same rule as rules.housing_bucket, in SQL for lists and counts)."""
    today = today or timezone.localdate()
    return rows.annotate(
        bucket=Case(
            When(state__in=DONE_STATES, then=Value(Bucket.AFGEROND)),
            When(deadline_on__lt=today, then=Value(Bucket.OVERSCHREDEN)),
            When(deadline_on__lte=today + timedelta(days=30), then=Value(Bucket.BINNEN_30)),
            When(deadline_on__lte=today + timedelta(days=90), then=Value(Bucket.BINNEN_90)),
            default=Value(Bucket.OP_SCHEMA),
            output_field=CharField(),
        )
    )


@dataclass(frozen=True)
class HousingFilters:
    bucket: str = ""
    state: str = ""
    gemeente: str = ""
    query: str = ""


def housing_request_list(*, actor: Actor, filters: HousingFilters = HousingFilters()) -> QuerySet:
    rows = with_bucket(scope(actor, HousingRequest))
    if filters.bucket:
        rows = rows.filter(bucket=filters.bucket)
    if filters.state:
        rows = rows.filter(state=filters.state)
    if filters.gemeente:
        rows = rows.filter(gemeente__code=filters.gemeente)
    if filters.query:
        rows = rows.filter(youth__pseudonym__icontains=filters.query.strip())
    return rows.select_related("youth", "gemeente", "term_policy").order_by("deadline_on", "pk")


def housing_list_page_rows(rows: QuerySet) -> QuerySet:
    """The rows of `housing_request_list` with what the page of /vervolghuisvesting/ shows of
    them only (the term policy and the youth's other fields cost a third of its time)."""
    return (
        rows.select_related(None)
        .select_related("youth", "gemeente")
        .only("submitted_on", "deadline_on", "state", "youth__pseudonym", "gemeente__name")
    )


def bucket_counts(*, actor: Actor) -> list[dict]:
    """Number of requests per bucket, in bucket order: one query."""
    counts = dict(
        with_bucket(scope(actor, HousingRequest))
        .order_by()
        .values_list("bucket")
        .annotate(n=Count("pk"))
    )
    return [
        {"bucket": value, "label": label, "count": counts.get(value, 0)}
        for value, label in Bucket.choices
    ]


def bucket_term_counts(*, actor: Actor, filters: HousingFilters = HousingFilters()) -> list[dict]:
    """Per bucket, the number of requests by term in months ({6: 3, 12: 1}) and in all, for
    the requests of `filters`: one query."""
    counts = (
        housing_request_list(actor=actor, filters=filters)
        .order_by()
        .values_list("bucket", "term_months")
        .annotate(n=Count("pk"))
    )
    terms: dict[str, dict[int, int]] = {value: {} for value in Bucket.values}
    for bucket, months, number in counts:
        terms[bucket][months] = number
    return [
        {
            "bucket": value,
            "label": label,
            "terms": terms[value],
            "count": sum(terms[value].values()),
        }
        for value, label in Bucket.choices
    ]


def overdue_per_gemeente(*, actor: Actor) -> dict[int, int]:
    """The number of overdue requests per gemeente id: one query."""
    rows = housing_request_list(actor=actor, filters=HousingFilters(bucket=Bucket.OVERSCHREDEN))
    return dict(rows.order_by().values_list("gemeente_id").annotate(n=Count("pk")))


def housing_request_get(*, actor: Actor, pk: int) -> HousingRequest:
    """One request with its bucket, for its page: also for a gemeente that handed it over or
    is offered it (read-only; `Action.VIEW_HISTORY`). Another's: 404."""
    rows = scope(actor, HousingRequest, Action.VIEW_HISTORY).filter(pk=pk)
    request = with_bucket(rows).select_related("youth", "gemeente", "term_policy").first()
    if request is None:
        raise Http404
    return request


def housing_request_detail(*, request: HousingRequest) -> dict:
    """The request's hand-overs (the open offer apart) and escalations."""
    transfers = list(
        request.transfers.select_related("from_gemeente", "to_gemeente", "by", "decided_by")
    )
    return {
        "transfers": transfers,
        "open_offer": next((t for t in transfers if t.state == TransferState.AANGEBODEN), None),
        "escalations": list(request.escalations.select_related("by", "organisation")),
    }
