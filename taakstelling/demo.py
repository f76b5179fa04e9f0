"""Demo figures for `make run`: an estimate for 2026-I and a made-up letter for 2026-II, each
through the same check, preview and confirmation as a real import."""

import csv
import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from kso_portal.access import Actor
from organisations.models import Gemeente

from . import services
from .constants import FigureKind
from .models import Quota
from .rules import apportion


def _beheerder() -> Actor:
    user = get_user_model().objects.get(email="beheer@kso.example")
    return Actor(user=user, membership=user.memberships.order_by("pk").first())


def _letter(total: int) -> SimpleUploadedFile:
    populations = dict(Gemeente.objects.filter(valid_until=None).values_list("code", "inhabitants"))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["code", "aantal"])
    writer.writerows(sorted(apportion(total, populations).items()))
    return SimpleUploadedFile("demo-taakstellingsbrief-2026-II.csv", out.getvalue().encode())


@transaction.atomic
def demo_quotas_load() -> bool:
    """Load the demo figures once; False when there are figures already."""
    if Quota.objects.exists():
        return False
    actor = _beheerder()
    estimate = services.quota_estimate_preview(
        actor=actor, period="2026-I", kind=FigureKind.KSO_PLAATSEN, national_total=3000
    )
    services.quota_import_apply(actor=actor, quota_import=estimate)
    letter = services.quota_import_preview(
        actor=actor, period="2026-II", kind=FigureKind.KSO_PLAATSEN, upload=_letter(3500)
    )
    services.quota_import_apply(actor=actor, quota_import=letter)
    return True
