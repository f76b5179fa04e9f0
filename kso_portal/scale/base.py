"""Shared pieces of the national data set: the options, the seeded random source with its dates
and moments, and inserting in bulk with the timestamps the data set chose."""

import random
import time
from collections.abc import Callable, Iterable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models

from taakstelling.rules import apportion

# Rows per INSERT: large enough that the round trips do not count, small enough that one
# statement stays well under PostgreSQL's limit of 65,535 parameters (Location has 45 columns).
BATCH_SIZE = 1000
# Every account the data set makes has an address in this domain, so that they are easy to tell
# apart from real and demo accounts (and `.example` never receives mail).
EMAIL_DOMAIN = "schaal.kso.example"
DEFAULT_PASSWORD = "kso-schaal-2026"  # noqa: S105 - a published development password


class ScaleError(Exception):
    """The options cannot give the asked-for data set (the command reports it)."""


@dataclass(frozen=True)
class ScaleOptions:
    locations: int = 2000
    youths: int = 20000
    housing_requests: int = 8000
    periods: int = 10
    notifications: int = 300
    seed: int = 20261128
    password: str = DEFAULT_PASSWORD


@dataclass
class Seeder:
    """What every part of the seeding shares: one random source (so the same seed gives the same
    data on the same day), today, and the progress lines."""

    options: ScaleOptions
    today: date
    write: Callable[[str], None] = print
    rng: random.Random = field(init=False)
    started: float = field(default_factory=time.monotonic)
    counts: dict[str, int] = field(default_factory=dict)
    benchmark: dict[str, str] = field(default_factory=dict)  # role -> e-mail of the sign-in

    def __post_init__(self) -> None:
        # Reproducible on purpose: the same seed gives the same data set (no secret involved).
        self.rng = random.Random(self.options.seed)  # noqa: S311

    def progress(self, label: str, count: int) -> None:
        self.counts[label] = count
        self.write(f"  {label}: {count} ({time.monotonic() - self.started:.1f} s)")

    def days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, max(low, high)))

    def between(self, first: date, last: date) -> date:
        """A day from `first` to `last` inclusive (`first` when the range is empty)."""
        return first + timedelta(days=self.rng.randint(0, max(0, (last - first).days)))

    def moment(self, day: date) -> datetime:
        """A moment in office hours on `day`, in the portal's time zone; never in the future."""
        at = clock(self.rng.randint(8, 17), self.rng.randint(0, 59))
        moment = datetime.combine(day, at, tzinfo=ZoneInfo(settings.TIME_ZONE))
        return min(moment, self.now)

    @property
    def now(self) -> datetime:
        return datetime.now(tz=ZoneInfo(settings.TIME_ZONE))

    def pick(self, weights: Mapping[str, float]) -> str:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]


def counts_by_weight(total: int, weights: Mapping[str, int]) -> dict[str, int]:
    """Split `total` by whole-number weights with the taakstelling's largest-remainder rule, one
    each first when there is enough, so that every kind is present even in a small data set."""
    if total >= len(weights):
        rest = apportion(total - len(weights), dict(weights))
        return {key: rest[key] + 1 for key in weights}
    return apportion(total, dict(weights))


def shuffled_labels(seeder: Seeder, counts: Mapping[str, int]) -> list[str]:
    labels = [label for label, count in counts.items() for _ in range(count)]
    seeder.rng.shuffle(labels)
    return labels


@contextmanager
def explicit_timestamps(*model_classes: type[models.Model]):
    """Let bulk_create keep the moments the data set chose: `auto_now(_add)` would otherwise stamp
    every row with this minute, and lead times, freshness and inboxes would say nothing."""
    stamped = [
        f
        for model in model_classes
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in stamped]
    for f in stamped:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def insert(model: type[models.Model], rows: Iterable[models.Model]) -> list:
    """Insert in batches; PostgreSQL returns the keys, so the objects can be pointed to."""
    with explicit_timestamps(model):
        return model.objects.bulk_create(list(rows), batch_size=BATCH_SIZE)
