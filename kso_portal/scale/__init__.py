"""`manage.py seed_scale`: a realistic national data set from a fixed random seed, for load
tests and benchmarks (README, "Data at national scale"; docs/architecture.md).

An entry point like the management commands, above all apps. It writes the rows itself in bulk,
because the services write one row at a time and notify every party (hours for this much data),
but it computes what the services would derive with the apps' own rules and tables
(`locations.workflow`, the PvE checklist, `vervolghuisvesting.rules`, `taakstelling.rules`), so
that the data is what the portal would have made.
"""

from .base import DEFAULT_PASSWORD, EMAIL_DOMAIN, ScaleError, ScaleOptions
from .run import AlreadySeeded, seed_scale

__all__ = [
    "DEFAULT_PASSWORD",
    "EMAIL_DOMAIN",
    "AlreadySeeded",
    "ScaleError",
    "ScaleOptions",
    "seed_scale",
]
