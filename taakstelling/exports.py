"""The columns of the export of the period table (`/taakstelling/<period>/`): those of the
table, with the CBS code and province, where the target came from, the pipeline per stage as
the page abbreviates it, and COA/TVS in a column of its own. Counts only, no youths."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kso_portal.exports import Column, Kind
from locations.constants import Stage

from .constants import Source
from .rules import HousingStatus as Status

STATUS = {
    Status.ACHTER: _("Achterstand"),
    Status.OP_KOERS: _("Op koers"),
    Status.VOOR: _("Voorsprong"),
}


# The stages on the way to use, in their order (as the page lists them: Row.pipeline_by_stage).
PIPELINE_STAGES = Stage.values[: Stage.values.index(Stage.IN_GEBRUIK)]


def _source(row):
    return Source(row.source).label if row.source else None


def _pipeline_stage(stage: str) -> Column:
    header = format_lazy("{}: {}", _("In voorbereiding"), Stage(stage).label)
    return Column(header, lambda row: row.pipeline.get(stage, 0), Kind.INT, width=16)


PERIOD_TABLE_COLUMNS = [
    Column(_("Gemeente"), lambda row: row.gemeente.name),
    Column(_("CBS-code"), lambda row: row.gemeente.code, width=10),
    Column(_("Provincie"), lambda row: row.gemeente.province.name, width=16),
    Column(_("Doel"), lambda row: row.target, Kind.INT),
    Column(_("Bron doel"), _source, width=12),
    Column(_("Meegenomen"), lambda row: row.balance.carried_in, Kind.INT),
    Column(_("Gerealiseerd"), lambda row: row.balance.realised, Kind.INT),
    Column(_("In voorbereiding"), lambda row: row.pipeline_total, Kind.INT),
    *(_pipeline_stage(stage) for stage in PIPELINE_STAGES),
    Column(_("Balans"), lambda row: row.balance.balance, Kind.INT),
    Column(_("Stand"), lambda row: STATUS[row.status], width=14),
    Column(_("Amv's vervroegd"), lambda row: row.counted_early, Kind.INT),
    Column(_("COA/TVS"), lambda row: row.tvs, Kind.INT),
]
