"""Pages of the shared kernel: dashboard, accessibility statement and the health check."""

import logging

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection
from django.db.models import F
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from kso_portal import derived, selectors
from kso_portal.access import Actor
from kso_portal.calendar import calendar_for
from kso_portal.celery import app as celery_app
from kso_portal.constants import AccessKind
from kso_portal.forms import AccessLogFilterForm
from kso_portal.paging import paginate
from kso_portal.services import access_log_record
from locations import selectors as location_selectors
from locations.workflow import BEFORE_IN_USE
from notifications import selectors as notification_selectors
from organisations.selectors import (
    ACTIVE_MEMBERSHIP_SESSION_KEY,
    active_membership_get,
    membership_list,
)
from taakstelling import selectors as taakstelling_selectors
from vervolghuisvesting import selectors as youth_selectors
from vervolghuisvesting.constants import Choice

logger = logging.getLogger(__name__)
HEALTH_TIMEOUT_SECONDS = 2.0


# Rows of each list on the dashboard; the full lists are one click away.
DASHBOARD_ROWS = 10


def dashboard(request):
    """Each role its part: a gemeente its locations by stage, Nidos the review queue, stalled
    stages and lead times, a contractpartner or woningcorporatie its locations."""
    actor = request.actor
    context = {}
    if actor.membership is not None:
        # Counted over all the actor's locations, youths and requests: once per change of the
        # data (kso_portal/derived.py), not on every visit.
        context = derived.cached("dashboard", derived.whose(actor), lambda: _dashboard(actor))
        if actor.kind == "contractpartner":
            # Youths by pseudonym: read fresh, never kept (kept figures hold no youths' rows);
            # the page is in the access log like every page that shows youths.
            due = list(youth_selectors.keuzegesprek_due(actor=actor))
            context = {**context, "keuzegesprek_due": due}
        if actor.kind in ("contractpartner", "nidos"):
            transfers = list(youth_selectors.transfers_open(actor=actor))
            context = {**context, "transfers": transfers}
        if actor.is_beheer:
            # What needs the beheerder's attention, read fresh (docs/operations.md).
            context = {**context, "operations": _operations()}
    return render(request, "kso_portal/dashboard.html", context)


def _operations() -> dict:
    from kso_portal import health as checks

    parts = {
        "email": checks.email(),
        "reports": checks.reports(),
        "reminders": checks.reminders(),
        "beat": checks.beat(),
        "disk": checks.disk(),
    }
    return {**parts, "attention": any(part["status"] != "ok" for part in parts.values())}


def _dashboard(actor: Actor) -> dict:
    context = {}
    locations = location_selectors.location_list(actor=actor)
    context["per_stage"] = [
        row for row in location_selectors.places_per_stage(locations) if row["locations"]
    ]
    if actor.kind in ("nidos", "beheer"):
        context["queue"] = list(location_selectors.review_queue(actor=actor)[:DASHBOARD_ROWS])
        context["stalled"] = list(location_selectors.stalled_stages(actor=actor)[:DASHBOARD_ROWS])
        context["lead_times"] = location_selectors.lead_times(actor=actor)
    if actor.kind == "woningcorporatie":
        context["own_locations"] = list(locations[:DASHBOARD_ROWS])
    if actor.kind == "contractpartner":
        # Those that need attention first: never or longest ago confirmed; the full list of
        # locations in use is one click away.
        context["occupancy"] = list(
            youth_selectors.own_locations_occupancy(actor=actor).order_by(
                F("occupancy_at").asc(nulls_first=True), "pk"
            )[:DASHBOARD_ROWS]
        )
    if actor.kind in ("gemeente", "nidos"):
        context["milestones"] = _with_choice_columns(youth_selectors.milestone_counts(actor=actor))
        context["choice_labels"] = CHOICE_COLUMNS
        context["verlengde_opvang"] = youth_selectors.verlengde_opvang_counts(actor=actor)
    if actor.kind in ("gemeente", "nidos", "contractpartner"):
        context["buckets"] = youth_selectors.bucket_counts(actor=actor)
    if actor.kind == "gemeente":
        context["taakstelling"] = taakstelling_selectors.running_glance(actor=actor)
        context["pipeline_places"] = sum(
            row["places"] for row in context["per_stage"] if row["stage"] in BEFORE_IN_USE
        )
    return context


# The columns of the choices per month: decided first, then not yet known.
CHOICE_COLUMNS = [
    (choice, choice.label)
    for choice in (Choice.ZELFSTANDIG_WONEN, Choice.VERLENGDE_OPVANG, Choice.NOG_NIET_BEKEND)
]


def _with_choice_columns(rows: list[dict]) -> list[dict]:
    for row in rows:
        row["choice_counts"] = [row["choices"][choice] for choice, _label in CHOICE_COLUMNS]
    return rows


@require_POST
def membership_switch(request):
    """Act for another of the user's organisations; what they see follows the active one."""
    wanted = request.POST.get("membership", "")
    memberships = {str(m.pk): m for m in membership_list(user=request.user)}
    if wanted not in memberships:
        raise Http404
    request.session[ACTIVE_MEMBERSHIP_SESSION_KEY] = memberships[wanted].pk
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "dashboard"
    return redirect(target)


def access_log_list(request):
    """The access log, searchable, for the beheerder."""
    if not request.actor.is_beheer:
        raise PermissionDenied
    form = AccessLogFilterForm(request.GET or None)
    data = form.applied()
    rows = selectors.access_log_list(
        actor=request.actor,
        query=data.get("q", ""),
        kind=data.get("kind", ""),
        since=data.get("since"),
        until=data.get("until"),
    )
    context = {"form": form, **paginate(request, rows)}
    return render(request, "kso_portal/access_log_list.html", context)


@login_not_required
@require_GET
def calendar_feed(request, token):
    """A user's private iCal feed; the secret in the link is the authority (a calendar program
    does not sign in). Every fetch with youth rows is in the access log."""
    user = notification_selectors.calendar_feed_owner(token=token)
    if user is None:
        raise Http404
    # The feed follows the membership the user has had longest, as the portal does by default.
    actor = Actor(user=user, membership=active_membership_get(user=user, session={}))
    content, youth_rows = calendar_for(actor)
    if youth_rows and actor.membership is not None:
        access_log_record(
            actor=actor,
            request=request,
            kind=AccessKind.EXPORT,
            what=gettext("Agenda-feed"),
            row_count=youth_rows,
        )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


def email_managed(request):
    return render(request, "kso_portal/email_managed.html")


@login_not_required
def accessibility(request):
    return render(request, "kso_portal/accessibility.html")


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("health: database unreachable")
        return False


def _redis_ok() -> bool:
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL,
            socket_timeout=HEALTH_TIMEOUT_SECONDS,
            socket_connect_timeout=HEALTH_TIMEOUT_SECONDS,
        )
        with client:
            return bool(client.ping())
    except (redis.RedisError, OSError, ValueError):
        logger.exception("health: redis unreachable or REDIS_URL invalid")
        return False


def _worker_ok() -> bool:
    try:
        replies = celery_app.control.ping(timeout=HEALTH_TIMEOUT_SECONDS, limit=1)
    except Exception:
        logger.exception("health: could not ask the Celery workers")
        return False
    return bool(replies)


@login_not_required
@never_cache
@require_GET
def health(request):
    """For the orchestrator and the monitoring: 503 when the database, Redis or the worker is
    down; with them, what else needs attention (docs/operations.md says what each means)."""
    redis_ok = _redis_ok()
    checks = {
        "database": _database_ok(),
        "redis": redis_ok,
        # Workers answer through Redis, so without Redis they cannot be asked.
        "worker": redis_ok and _worker_ok(),
    }
    body: dict = {name: "ok" if ok else "down" for name, ok in checks.items()}
    body.update(_attention(database_ok=checks["database"]))
    return JsonResponse(body, status=200 if all(checks.values()) else 503)


def _attention(*, database_ok: bool) -> dict:
    """The periodic jobs, waiting e-mail and reports, and the disk (kso_portal/health.py)."""
    from kso_portal import health as checks

    found = {"disk": checks.disk()}
    if not database_ok:
        return found
    try:
        found.update(
            beat=checks.beat(),
            reminders=checks.reminders(),
            email=checks.email(),
            reports=checks.reports(),
        )
    except DatabaseError:
        logger.exception("health: could not read the jobs' state")
    return found
