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
