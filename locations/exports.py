"""The columns of the export of `/locaties/`: those of the list, with the address split into its
parts and the occupancy as numbers.

The rows are plain dicts from one query (`export_rows`), not model instances, and their labels
come from dicts translated once per export: Nidos nationally exports 2,000 rows, and a model
instance with four related ones and `get_*_display()` (which translates every choice on each
call) per row took most of half a second."""

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from operator import itemgetter
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kso_portal.exports import CHUNK_SIZE, Column, Kind

from .constants import KsoForm, Stage

EXPORT_FIELDS = (
    "pk",
    "street",
    "house_number",
    "postcode",
    "place",
    "gemeente__name",
    "stage",
    "agreed_form",
    "intended_form",
    "capacity_value",
    "contractpartner__name",
    "offered_by__name",
    "updated_at",
)


def export_rows(
    rows: QuerySet, freshness_of: Callable[[int], Any], stale_before: datetime
) -> Iterator[dict]:
    """The rows of a list (`selectors.location_list`) as the columns below read them, fetched
    in chunks as the export is written; `freshness_of(pk)`: a location's occupancy and its
    last change (vervolghuisvesting's `freshness()`, two queries for all rows)."""
    rows = rows.values(*EXPORT_FIELDS).iterator(chunk_size=CHUNK_SIZE)
    return _labelled(rows, freshness_of, stale_before)


def _labelled(rows: Iterable[dict], freshness_of, stale_before: datetime) -> Iterator[dict]:
    # A generator's body runs as the export is written, in the request's language (a streamed
    # CSV is written after the view has returned): the labels are translated then, once.
    stages = {stage: str(label) for stage, label in Stage.choices}
    forms = {form: str(label) for form, label in KsoForm.choices}
    yes_no = {True: str(_("ja")), False: str(_("nee"))}
    for row in rows:
        in_use = row["stage"] == Stage.IN_GEBRUIK
        row["address"] = f"{row['street']} {row['house_number']}"
        row["stage_label"] = stages[row["stage"]]
        row["form_label"] = forms[row["agreed_form"] or row["intended_form"]]
        # Occupancy means something only for a location in use; the list shows a dash otherwise.
        if in_use:
            fresh = freshness_of(row["pk"])
            row["occupied"] = fresh.occupied or 0
            row["occupied_at"] = fresh.at
            row["stale"] = yes_no[fresh.is_stale(row["stage"], stale_before)]
        else:
            row["occupied"] = row["occupied_at"] = row["stale"] = None
        yield row


LOCATION_COLUMNS = [
    Column(_("Adres"), itemgetter("address"), width=30),
    Column(_("Postcode"), itemgetter("postcode"), width=10),
    Column(_("Plaats"), itemgetter("place")),
    Column(_("Gemeente"), itemgetter("gemeente__name")),
    Column(_("Fase"), itemgetter("stage_label"), width=16),
    Column(_("Vorm"), itemgetter("form_label"), width=10),
    Column(_("Capaciteit"), itemgetter("capacity_value"), Kind.INT),
    Column(_("Bezet vandaag"), itemgetter("occupied"), Kind.INT),
    Column(_("Bezetting gewijzigd of bevestigd op"), itemgetter("occupied_at"), Kind.DATETIME),
    Column(_("Bezetting niet tijdig bevestigd"), itemgetter("stale"), width=12),
    Column(_("Contractpartner"), itemgetter("contractpartner__name")),
    Column(_("Aangeboden door"), itemgetter("offered_by__name")),
    Column(_("Laatst gewijzigd"), itemgetter("updated_at"), Kind.DATETIME),
]
