"""One run of the data set, in one transaction: it all lands or nothing does."""

from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from organisations.services import reference_data_load
from taakstelling.rules import period_bounds, period_of

from .accounts import accounts_ensure
from .base import ScaleError, ScaleOptions, Seeder
from .figures import figures_seed
from .housing import housing_seed
from .inbox import inbox_seed
from .locations import locations_seed
from .reset import domain_counts, domain_data_remove, history_count, refusal
from .youths import youths_seed

# Two runs at once must not both find an empty database (and double the data): the second
# waits for the first's transaction and then finds its data.
ADVISORY_LOCK = "SELECT pg_advisory_xact_lock(hashtext('kso_portal.seed_scale'))"
# Django makes foreign keys DEFERRABLE INITIALLY DEFERRED: in one transaction of this size the
# queue of deferred checks grows to hundreds of thousands, and PostgreSQL walks it after every
# statement (four times slower over the run). The rows go in dependency order, so each check
# can run at once.
IMMEDIATE_CHECKS = "SET CONSTRAINTS ALL IMMEDIATE"


class AlreadySeeded(ScaleError):
    """The database has domain data and --reset was not given; nothing was written."""


def window_start(today: date) -> date:
    """Locations opened from four years back: long enough for every stage, lead time and
    period, short enough that every youth placed since is 15 to 21 today."""
    year, half = period_of(today)
    return period_bounds(year - 4, half)[0]


def _check(options: ScaleOptions) -> None:
    numbers = (options.locations, options.youths, options.housing_requests, options.periods)
    if min(*numbers, options.notifications) < 0:
        raise ScaleError("Aantallen kunnen niet negatief zijn.")
    if options.periods < 1:
        raise ScaleError("Kies ten minste één periode (--periods).")
    if options.housing_requests and not options.youths:
        raise ScaleError("Aanvragen vervolghuisvesting horen bij jongeren: kies --youths > 0.")


@transaction.atomic
def seed_scale(*, options: ScaleOptions, reset: bool = False, write=print) -> Seeder:
    """Write the national data set; refuse (AlreadySeeded) when domain data is there and
    `reset` is not set, else remove it first (reset.py says what goes)."""
    _check(options)
    with connection.cursor() as cursor:
        cursor.execute(ADVISORY_LOCK)
        cursor.execute(IMMEDIATE_CHECKS)
    counts = domain_counts()
    if any(counts.values()):
        if not reset:
            raise AlreadySeeded(refusal(counts))
        write(f"Verwijderd: {domain_data_remove()} rijen domeingegevens met hun historie.")
    seeder = Seeder(options, timezone.localdate(), write)
    reference_data_load()
    accounts = accounts_ensure(seeder)
    drafts = locations_seed(seeder, accounts, window_start(seeder.today))
    careers = youths_seed(seeder, drafts, accounts)
    planned = housing_seed(seeder, accounts, careers)
    figures_seed(seeder, accounts, drafts, careers)
    inbox_seed(seeder, accounts, drafts, planned)
    seeder.counts["historie"] = history_count()
    # Fresh statistics, as autovacuum would gather them in time: without them the planner takes
    # every table for empty and a benchmark right after the seed measures bad plans.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    seeder.benchmark = {role: user.email for role, user in accounts.benchmark.items()}
    return seeder
