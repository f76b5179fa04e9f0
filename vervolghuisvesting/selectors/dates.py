"""Milestones in SQL: the date arithmetic of `rules.add_months` as PostgreSQL does it, and the
windows of dates of birth whose milestones fall in a window of days (a milestone is no column,
a date of birth is, with an index)."""

from datetime import date, timedelta

from django.db.models import DateField, Func, Q

from vervolghuisvesting.rules import (
    EINDE_VERLENGDE_OPVANG_MONTHS,
    KEUZEMOMENT_MONTHS,
    MEERDERJARIG_MONTHS,
    add_months,
)


class AddMonths(Func):
    """PostgreSQL's date + interval, which takes the month's last day when the day does not
    exist: the same rule as `rules.add_months`."""

    output_field = DateField()

    def __init__(self, expression, months: int):
        super().__init__(
            expression, template=f"(%(expressions)s + interval '{int(months)} months')::date"
        )


MILESTONE_FIELDS = {
    "keuzemoment_on": KEUZEMOMENT_MONTHS,
    "meerderjarig_on": MEERDERJARIG_MONTHS,
    "einde_vo_on": EINDE_VERLENGDE_OPVANG_MONTHS,
}


def first_birth_on(months: int, day: date) -> date:
    """The earliest date of birth whose milestone `months` on falls on `day` or later. As
    `add_months` never decreases, the youths whose milestone falls in a window are those born
    in a window, which the index on birth_on finds (a milestone is no column)."""
    birth = add_months(day, -months)
    while add_months(birth, months) >= day:
        birth -= timedelta(days=1)
    while add_months(birth, months) < day:
        birth += timedelta(days=1)
    return birth


def milestone_between(field: str, first: date, last: date) -> Q:
    """The youths whose milestone `field` (an annotation of `youth_list`) falls from `first`
    to `last`, both included."""
    months = MILESTONE_FIELDS[field]
    return Q(
        birth_on__gte=first_birth_on(months, first),
        birth_on__lt=first_birth_on(months, last + timedelta(days=1)),
    )


def reached_by(months: int, day: date, prefix: str = "") -> Q:
    """The youths (or, with `prefix` "youth__", the rows of youths) whose milestone `months`
    falls on `day` or before: `milestones()`'s rule, so that a youth born on 29 February is 18
    on 28 February, as their page says (subtracting months from `day` instead is a day late)."""
    return Q(**{f"{prefix}birth_on__lt": first_birth_on(months, day + timedelta(days=1))})


def in_verlengde_opvang_by_age(day: date, prefix: str = "") -> Q:
    """18 or older and not yet 21 on `day`: the age of Verlengde Opvang (DESIGN.md §5)."""
    return reached_by(MEERDERJARIG_MONTHS, day, prefix) & ~reached_by(
        EINDE_VERLENGDE_OPVANG_MONTHS, day, prefix
    )
