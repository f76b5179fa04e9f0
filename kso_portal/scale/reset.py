"""How a second run recognises data already there, and what `--reset` removes: all domain data
(locations, youths, placements, housing requests, taakstelling, notifications, reminders) with
its history. Reference data, organisations, accounts, samenwerkingen, the term table, the PvE
checklist and the access log stay.

The data set is meant for a database of its own; on a database with other domain data (the demo
of `make run`) a run refuses, and `--reset` removes that data as well.
"""

import pgtrigger
from django.apps import apps
from django.contrib.auth import get_user_model

from locations.models import (
    Location,
    LocationComment,
    LocationDocument,
    PveCheck,
    StagePlan,
    StageTransition,
)
from notifications.models import Notification
from taakstelling.models import Period, Quota, QuotaImport
from vervolghuisvesting.models import (
    Escalation,
    HousingRequest,
    HousingTransfer,
    OccupancyConfirmation,
    Placement,
    PlacementTransfer,
    Reminder,
    Youth,
)

from .base import EMAIL_DOMAIN

# In delete order: whatever points to a row goes before it.
DOMAIN_MODELS = (
    Notification, Reminder, Escalation, HousingTransfer, HousingRequest, OccupancyConfirmation,
    PlacementTransfer, Placement, Youth, Quota, QuotaImport, Period, LocationComment,
    LocationDocument, StageTransition, StagePlan, PveCheck, Location,
)  # fmt: skip
# The tables that tell whether a database holds domain data.
COUNTED = {"locaties": Location, "jongeren": Youth, "aanvragen": HousingRequest,
           "perioden": Period}  # fmt: skip


def domain_counts() -> dict[str, int]:
    return {label: model.objects.count() for label, model in COUNTED.items()}


def seeded_before() -> bool:
    """Whether this database has the accounts of an earlier run (kept by --reset)."""
    return get_user_model().objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").exists()


def refusal(counts: dict[str, int]) -> str:
    found = ", ".join(f"{count} {label}" for label, count in counts.items() if count)
    if seeded_before():
        return (
            f"Deze database bevat al een dataset ({found}); er is niets gewijzigd. "
            "Gebruik --reset om die eerst te verwijderen."
        )
    return (
        f"Deze database bevat al domeingegevens die seed_scale niet maakte ({found}), "
        "bijvoorbeeld de demo van make run; er is niets gewijzigd. Gebruik een database met "
        "alleen referentiegegevens, of --reset: dat verwijdert alle locaties, jongeren, "
        "aanvragen, taakstelling en meldingen met hun historie."
    )


def _event_models(model) -> list:
    return [m for m in apps.get_models() if getattr(m, "pgh_tracked_model", None) is model]


def domain_data_remove() -> int:
    """Delete the domain data and then its history. The delete triggers are skipped: the rows
    they would write are history of the data set that goes right after. Returns the number of
    rows removed, history not included."""
    removed = 0
    uris = [f"{m._meta.app_label}.{m.__name__}:delete_delete" for m in DOMAIN_MODELS
            if _event_models(m)]  # fmt: skip
    for document in LocationDocument.objects.all():
        document.file.delete(save=False)
    with pgtrigger.ignore(*uris):
        for model in DOMAIN_MODELS:
            removed += model.objects.all().delete()[0]
    for model in DOMAIN_MODELS:
        for event_model in _event_models(model):
            event_model.objects.all().delete()
    return removed


def history_count() -> int:
    return sum(e.objects.count() for m in DOMAIN_MODELS for e in _event_models(m))
