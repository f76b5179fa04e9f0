"""Reads of the taakstelling. Other apps and the views use these names only."""

from .areas import Geography, Totals, geography, province_totals, region_totals, totals
from .figures import Housing, Letter, PeriodFigures, Places, Row
from .tables import (
    gemeente_history,
    import_history,
    outlook,
    period_table,
    running_glance,
    samenwerking_totals,
)

__all__ = [
    "Geography",
    "Housing",
    "Letter",
    "PeriodFigures",
    "Places",
    "Row",
    "Totals",
    "gemeente_history",
    "geography",
    "import_history",
    "outlook",
    "period_table",
    "province_totals",
    "region_totals",
    "running_glance",
    "samenwerking_totals",
    "totals",
]
