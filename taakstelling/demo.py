"""Demo figures for `make run`, each through the same check, preview and confirmation as a real
import: KSO places (an estimate for the half year before the running one, a made-up letter for
the running one) and the taakstelling huisvesting vergunninghouders (made-up letters for the
running half year and the two before it, with COA/TVS counts for the two that ended), so the
flow shows an achterstand (Utrecht), a voorsprong (Amersfoort) and a gemeente on course (Zeist),
carried over, and a running half year that is voorlopig."""

import csv
import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from kso_portal.access import Actor
from organisations.models import Gemeente

from . import services
from .constants import FigureKind
from .models import Quota
from .rules import apportion, period_code, period_of, previous_period

# National totals of the made-up letters.
KSO_ESTIMATE, KSO_LETTER = 3000, 3500
VERGUNNINGHOUDERS = (13_000, 15_000, 13_000)  # two half years back, one back, the running one
# The share of its target a gemeente housed per the COA/TVS, in the two half years that ended.
HOUSED_SHARE = {"GM0344": (0.85, 0.95), "GM0307": (1.15, 1.1), "GM0355": (1.0, 1.0)}
OTHERS_SHARE = ((0.9, 1.0), (1.0, 0.95), (1.1, 1.05))  # by CBS number modulo 3


def _beheerder() -> Actor:
    user = get_user_model().objects.get(email="beheer@kso.example")
    return Actor(user=user, membership=user.memberships.order_by("pk").first())


def _file(name: str, numbers: dict[str, int]) -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["code", "aantal"])
    writer.writerows(sorted(numbers.items()))
    return SimpleUploadedFile(name, out.getvalue().encode())


def _housed(targets: dict[str, int], ended: int) -> dict[str, int]:
    """The COA/TVS count of the `ended`-th half year that ended (0: two back, 1: one back)."""
    counts = {}
    for code, target in targets.items():
        share = HOUSED_SHARE.get(code) or OTHERS_SHARE[int(code[2:]) % 3]
        counts[code] = round(target * share[ended])
    return counts


def _apply(actor: Actor, period: str, kind: str, name: str, numbers: dict[str, int]) -> None:
    draft = services.quota_import_preview(
        actor=actor, period=period, kind=kind, upload=_file(name, numbers)
    )
    services.quota_import_apply(actor=actor, quota_import=draft)


@transaction.atomic
def demo_quotas_load() -> bool:
    """Load the demo figures once; False when there are figures already."""
    if Quota.objects.exists():
        return False
    actor = _beheerder()
    running = period_of(timezone.localdate())
    back = previous_period(*running)
    codes = [period_code(*previous_period(*back)), period_code(*back), period_code(*running)]
    populations = dict(Gemeente.objects.filter(valid_until=None).values_list("code", "inhabitants"))
    estimate = services.quota_estimate_preview(
        actor=actor, period=codes[1], kind=FigureKind.KSO_PLAATSEN, national_total=KSO_ESTIMATE
    )
    services.quota_import_apply(actor=actor, quota_import=estimate)
    kso = apportion(KSO_LETTER, populations)
    _apply(actor, codes[2], FigureKind.KSO_PLAATSEN, f"demo-brief-{codes[2]}.csv", kso)
    for number, (code, total) in enumerate(zip(codes, VERGUNNINGHOUDERS, strict=True)):
        targets = apportion(total, populations)
        name = f"demo-taakstelling-vergunninghouders-{code}.csv"
        _apply(actor, code, FigureKind.VERGUNNINGHOUDERS, name, targets)
        if number < 2:
            counts = _housed(targets, number)
            _apply(actor, code, FigureKind.GEHUISVEST, f"demo-coa-tvs-{code}.csv", counts)
    return True
