"""Demo of the reports for `make run`: the national overview that the landelijke Nidos user
asked for, made by the worker, so that /rapporten/ and the inbox show the way a large report
goes."""

from django.contrib.auth import get_user_model
from django.db import transaction

from kso_portal.access import Actor
from taakstelling.models import Period

from . import services
from .constants import ReportKind
from .models import Report


@transaction.atomic
def demo_reports_load() -> bool:
    """Ask for the overview once; False when there are reports already."""
    period = Period.objects.order_by("-starts_on").first()
    if Report.objects.exists() or period is None:
        return False
    user = get_user_model().objects.get(email="nidos.landelijk@kso.example")
    actor = Actor(user=user, membership=user.memberships.order_by("pk").first())
    services.report_request(
        actor=actor,
        kind=ReportKind.OVERVIEW,
        parameters={"period": period.code, "region": ""},
    )
    return True
