"""Pure rules of the locations app: the Programma van Eisen check (`pve`, DESIGN.md §4.3) and
the rules of the stages (`stages`, DESIGN.md §4.4 and §7). Plain data in, plain data out."""

from .pve import (
    FORM_NAMES,
    REQUIREMENT_LABELS,
    RULES,
    SUITABILITY_LABELS,
    VERDICT_LABELS,
    Checklist,
    FieldLabel,
    PropertyData,
    PveResult,
    Requirement,
    RequirementResult,
    Suitability,
    Verdict,
    overall_suitability,
    pve_check,
)
from .stages import STALLED_AFTER, actual_date_problem, is_stalled, stalled_from

__all__ = [
    "FORM_NAMES",
    "REQUIREMENT_LABELS",
    "RULES",
    "STALLED_AFTER",
    "SUITABILITY_LABELS",
    "VERDICT_LABELS",
    "Checklist",
    "FieldLabel",
    "PropertyData",
    "PveResult",
    "Requirement",
    "RequirementResult",
    "Suitability",
    "Verdict",
    "actual_date_problem",
    "is_stalled",
    "overall_suitability",
    "pve_check",
    "stalled_from",
]
