"""Pure rules of the stages of a location: the date a stage was reached (DESIGN.md §4.4) and
when a planned stage counts as stalled (DESIGN.md §7).

Plain data in, plain data out; `locations.selectors.stalled_condition` is the stalled rule in
SQL for lists and the daily reminders, and a property test holds the two together.
"""

from datetime import date, timedelta

from django.utils.translation import gettext

# A stage whose planned date passed by this much, unreached, is stalled (DESIGN.md §7).
STALLED_AFTER = timedelta(days=14)


def stalled_from(planned_on: date) -> date:
    """The first day a stage planned on `planned_on` counts as stalled."""
    return planned_on + STALLED_AFTER


def is_stalled(
    *, planned_on: date | None, actual_on: date | None, is_ahead: bool, today: date
) -> bool:
    """Whether a stage is stalled on `today`: planned, not reached (no actual date, and still
    ahead of the location on its way to use; a closed location has nothing ahead), and its
    planned date passed by `STALLED_AFTER` or more."""
    if planned_on is None or actual_on is not None or not is_ahead:
        return False
    return today >= stalled_from(planned_on)


def actual_date_problem(on: date, *, today: date, reached_on: date | None) -> str | None:
    """Why `on` cannot be the date a location reached its next stage, or None when it can. The
    actual date is the day the event happened (the opening, the decision), entered by whoever
    records it: never after today, and never before the day the location reached the stage it
    leaves (`reached_on`)."""
    if on > today:
        return gettext("Deze datum ligt in de toekomst; vul de datum in waarop het gebeurde.")
    if reached_on is not None and on < reached_on:
        return gettext(
            "Deze datum ligt voor %(reached)s, de datum waarop de locatie haar huidige fase "
            "bereikte."
        ) % {"reached": reached_on.strftime("%d-%m-%Y")}
    return None
