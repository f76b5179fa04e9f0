"""The inboxes of the benchmark accounts: notifications of what happened to the locations and
requests they work with, in the words the services use, most read and some not yet. They were
e-mailed already (or are inbox-only), so a worker started on this database sends nothing."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.urls import reverse

from locations.constants import Stage
from notifications.constants import Delivery
from notifications.models import Notification
from vervolghuisvesting.constants import OPEN_STATES

from .accounts import Accounts
from .base import Seeder, insert
from .housing import Planned
from .locations import Draft

DELIVERIES = {Delivery.IMMEDIATE: 60, Delivery.DIGEST: 25, Delivery.INBOX: 15}


@dataclass(frozen=True)
class Event:
    kind: str
    title: str
    body: str
    url: str
    at: datetime


def _location_events(drafts: list[Draft]) -> list[Event]:
    events = []
    for draft in drafts:
        location = draft.location
        url = reverse("location_detail", kwargs={"pk": location.pk})
        steps = zip(["", *draft.route], draft.route, draft.moments, strict=False)
        for source, target, at in steps:
            if not source:
                title = f"Nieuw pand aangeboden: {location}"
                body = f"{draft.offerer.organisation} biedt een pand aan in {draft.place.name}."
            else:
                title = f"{location}: {Stage(target).label}"
                body = f"De locatie ging van {Stage(source).label} naar {Stage(target).label}."
            events.append(Event("location", title, body, url, at))
    return events


def _request_events(planned: list[Planned]) -> list[Event]:
    events = []
    for item in planned:
        request, youth = item.request, item.career.youth
        url = reverse("housing_request_detail", kwargs={"pk": request.pk})
        deadline = request.deadline_on.strftime("%d-%m-%Y")
        events.append(
            Event("housing_request", f"Aanvraag vervolghuisvesting voor {youth}",
                  f"Ingediend op {request.submitted_on:%d-%m-%Y}; uiterlijk {deadline} "
                  "huisvesting of passende overbrugging.", url, request.created_at)
        )  # fmt: skip
        if request.state in OPEN_STATES:
            warned = datetime.combine(request.deadline_on - timedelta(days=30), time(7))
            events.append(
                Event("reminder", f"Nog 30 dagen: aanvraag voor {youth}",
                      f"Uiterlijk {deadline} huisvesting of passende overbrugging.", url,
                      warned.replace(tzinfo=request.created_at.tzinfo))
            )  # fmt: skip
    return events


def _events_for(accounts: Accounts, drafts, planned) -> dict[str, list[Event]]:
    """What each benchmark account was told about: the gemeente its own locations and the
    requests addressed to it, Nidos everything, the contractpartner its locations and youths."""
    gemeente = accounts.largest.id
    partner = accounts.benchmark_partner.organisation.pk

    def of_partner(item: Planned) -> bool:
        return any(s.partner.organisation.pk == partner for s in item.career.stays)

    return {
        "gemeente": _location_events([d for d in drafts if d.place.id == gemeente])
        + _request_events([p for p in planned if p.request.gemeente_id == gemeente]),
        "nidos": _location_events(drafts) + _request_events(planned),
        "contractpartner": _location_events(
            [d for d in drafts if d.location.contractpartner_id == partner]
        )
        + _request_events([p for p in planned if of_partner(p)]),
    }


def _notification(seeder: Seeder, user, event: Event) -> Notification:
    rng, now = seeder.rng, seeder.now
    delivery = seeder.pick(DELIVERIES)
    sent = {
        Delivery.IMMEDIATE: event.at + timedelta(minutes=1),
        Delivery.DIGEST: (event.at + timedelta(days=1)).replace(hour=7, minute=30),
        Delivery.INBOX: None,
    }[delivery]
    old = now - event.at > timedelta(days=14)
    read = rng.random() < (0.85 if old else 0.4)
    return Notification(
        recipient=user, kind=event.kind, title=event.title[:200], body=event.body,
        url=event.url, created_at=event.at, delivery=delivery,
        emailed_at=sent if sent and sent <= now else None,
        read_at=min(event.at + timedelta(hours=rng.randint(1, 72)), now) if read else None,
    )  # fmt: skip


def inbox_seed(seeder: Seeder, accounts: Accounts, drafts, planned) -> None:
    users = accounts.benchmark
    share, extra = divmod(seeder.options.notifications, len(users))
    rows = []
    for number, (name, events) in enumerate(_events_for(accounts, drafts, planned).items()):
        events = [event for event in events if event.at <= seeder.now]
        wanted = min(len(events), share + (1 if number < extra else 0))
        chosen = sorted(seeder.rng.sample(events, wanted), key=lambda event: event.at)
        rows += [_notification(seeder, users[name], event) for event in chosen]
    seeder.progress("meldingen", len(insert(Notification, rows)))
