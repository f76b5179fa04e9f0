"""The private iCal feed of a user: the deadlines they may see, from the domain apps' selectors
through the access policy. No personal data beyond a youth's pseudonym."""

from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from icalendar import Calendar, Event

from kso_portal.access import Actor, scope
from locations.constants import Stage
from locations.models import Location, StagePlan
from vervolghuisvesting import selectors as youth_selectors

UID_SALT = "kso_portal.calendar.event"
MILESTONE_TITLES = (
    ("keuzemoment_on", "keuzemoment", "Keuzemoment (17,5) %s"),
    ("meerderjarig_on", "meerderjarig", "%s wordt 18"),
    ("einde_vo_on", "einde-vo", "%s wordt 21: einde Verlengde Opvang"),
)


def event_uid(key: str) -> str:
    """An event's stable id, opaque: a keyed digest of what it is about, so that a calendar
    keeps one event per deadline across fetches while the feed shows no internal number of a
    youth or a request."""
    return salted_hmac(UID_SALT, key, algorithm="sha256").hexdigest()[:32] + "@kso-portaal"


def _event(calendar: Calendar, uid: str, day: date, summary: str, path: str) -> None:
    event = Event()
    event.add("uid", event_uid(uid))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("url", settings.PORTAL_URL + path)
    calendar.add_component(event)


def _youth_events(calendar: Calendar, actor: Actor, today: date) -> int:
    youths = youth_selectors.youth_list(actor=actor).exclude(status="uitgestroomd")
    count = 0
    for youth in youths:
        path = reverse("youth_detail", kwargs={"pseudonym": youth.pseudonym})
        for field, key, title in MILESTONE_TITLES:
            day = getattr(youth, field)
            if day >= today:
                _event(calendar, f"{key}-{youth.pk}", day, title % youth.pseudonym, path)
                count += 1
    return count


def _housing_events(calendar: Calendar, actor: Actor) -> int:
    requests = youth_selectors.housing_request_list(actor=actor).exclude(bucket="afgerond")
    for request in requests:
        _event(
            calendar,
            f"aanvraag-{request.pk}",
            request.deadline_on,
            f"Uiterste datum vervolghuisvesting {request.youth.pseudonym}",
            reverse("housing_request_detail", kwargs={"pk": request.pk}),
        )
    return len(requests)


def _stage_events(calendar: Calendar, actor: Actor, today: date) -> int:
    plans = StagePlan.objects.filter(
        location__in=scope(actor, Location).values("pk"),
        actual_on__isnull=True,
        planned_on__gte=today,
    ).select_related("location")
    for plan in plans:
        _event(
            calendar,
            f"fase-{plan.pk}",
            plan.planned_on,
            f"Gepland: {Stage(plan.stage).label}, {plan.location}",
            reverse("location_detail", kwargs={"pk": plan.location_id}),
        )
    return len(plans)


def calendar_for(actor: Actor) -> tuple[bytes, int]:
    """The feed as iCalendar bytes, and how many youth rows it holds (for the access log)."""
    calendar = Calendar()
    calendar.add("prodid", "-//KSO-portaal//agenda//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "KSO-portaal")
    today = timezone.localdate()
    youth_rows = _youth_events(calendar, actor, today) + _housing_events(calendar, actor)
    _stage_events(calendar, actor, today)
    return calendar.to_ical(), youth_rows
