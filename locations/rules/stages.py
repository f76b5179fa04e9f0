"""Pure rules of the stages of a location: when a planned stage counts as stalled
(DESIGN.md §7).

Plain data in, plain data out; `locations.selectors.stalled_condition` is the same rule in SQL
for lists and the daily reminders, and a property test holds the two together.
"""

from datetime import date, timedelta

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
