"""The columns of the export of the period table (`/taakstelling/<period>/`): those of the
table, with the CBS code and province, where the targets came from, the pipeline per stage as
the page abbreviates it, and how the number housed was counted. Counts only, no youths."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kso_portal.exports import Column, Kind
from locations.constants import Stage

from .constants import Source

# The stages on the way to use, in their order (as the page lists them: Row.pipeline_by_stage).
PIPELINE_STAGES = Stage.values[: Stage.values.index(Stage.IN_GEBRUIK)]


def _source(letter):
    return Source(letter.source).label if letter.source else None


def _pipeline_stage(stage: str) -> Column:
    header = format_lazy("{}: {}", _("In voorbereiding"), Stage(stage).label)
    return Column(header, lambda row: row.pipeline.get(stage, 0), Kind.INT, width=16)


def _counted_by(housing) -> str:
    return str(_("COA/TVS")) if housing.tvs is not None else str(_("Voorlopig: amv's in KSO"))


PLACES_COLUMNS = [
    Column(_("KSO-plaatsen te realiseren"), lambda row: row.places.target, Kind.INT, width=14),
    Column(_("Bron KSO-plaatsen"), lambda row: _source(row.places.letter), width=12),
    Column(_("KSO-plaatsen gerealiseerd"), lambda row: row.places.realised, Kind.INT, width=14),
    Column(_("KSO-plaatsen nog te realiseren"), lambda row: row.places.gap, Kind.INT, width=14),
    Column(_("Stand KSO-plaatsen"), lambda row: row.places.status_text, width=18),
    Column(_("In voorbereiding"), lambda row: row.pipeline_total, Kind.INT),
    *(_pipeline_stage(stage) for stage in PIPELINE_STAGES),
]
HOUSING_COLUMNS = [
    Column(_("Taakstelling vergunninghouders"), lambda row: row.housing.target, Kind.INT, width=16),
    Column(_("Bron taakstelling"), lambda row: _source(row.housing.letter), width=12),
    Column(_("Meegenomen uit vorige periode"), lambda row: row.housing.carried_in, Kind.INT),
    Column(_("Te huisvesten"), lambda row: row.housing.effective_target, Kind.INT),
    Column(_("Gehuisvest"), lambda row: row.housing.housed, Kind.INT),
    Column(_("Gehuisvest volgens"), lambda row: _counted_by(row.housing), width=22),
    Column(_("Amv's vervroegd meegeteld"), lambda row: row.housing.counted_early, Kind.INT),
    Column(_("Achterstand (+) of voorsprong (-)"), lambda row: row.housing.balance, Kind.INT),
    Column(_("Stand huisvesting"), lambda row: row.housing.status_text, width=22),
]
PERIOD_TABLE_COLUMNS = [
    Column(_("Gemeente"), lambda row: row.gemeente.name),
    Column(_("CBS-code"), lambda row: row.gemeente.code, width=10),
    Column(_("Provincie"), lambda row: row.gemeente.province.name, width=16),
    *PLACES_COLUMNS,
    *HOUSING_COLUMNS,
]
