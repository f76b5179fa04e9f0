import os
import time

import pghistory
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import translation

from kso_portal import derived
from kso_portal.scale import DEFAULT_PASSWORD, ScaleError, ScaleOptions, seed_scale
from organisations.services import ReferenceDataError

PASSWORD_VARIABLE = "KSO_SCALE_PASSWORD"  # noqa: S105 - the name of the variable, no secret
PRODUCTION_SETTINGS = "kso_portal.settings.production"


def count(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Maakt uit een vaste seed een realistische landelijke dataset (locaties, jongeren, "
        "aanvragen, taakstelling, meldingen) voor belastingtests. Weigert op een database met "
        "domeingegevens, tenzij --reset die eerst verwijdert."
    )

    def add_arguments(self, parser):
        defaults = ScaleOptions()
        parser.add_argument("--locations", type=count, default=defaults.locations)
        parser.add_argument("--youths", type=count, default=defaults.youths)
        parser.add_argument("--housing-requests", type=count, default=defaults.housing_requests)
        parser.add_argument("--periods", type=count, default=defaults.periods)
        parser.add_argument("--notifications", type=count, default=defaults.notifications)
        parser.add_argument("--seed", type=int, default=defaults.seed)
        parser.add_argument(
            "--password",
            help=f"Wachtwoord van de accounts; anders ${PASSWORD_VARIABLE}, anders "
            f"{DEFAULT_PASSWORD}.",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Eerst alle domeingegevens met hun historie verwijderen (ook die van de demo).",
        )

    def handle(self, *args, reset: bool, password: str | None, **options):
        if settings.SETTINGS_MODULE == PRODUCTION_SETTINGS:
            raise CommandError("seed_scale is voor test- en benchmarkdatabases, niet productie.")
        scale = ScaleOptions(
            locations=options["locations"],
            youths=options["youths"],
            housing_requests=options["housing_requests"],
            periods=options["periods"],
            notifications=options["notifications"],
            seed=options["seed"],
            password=password or os.environ.get(PASSWORD_VARIABLE) or DEFAULT_PASSWORD,
        )
        started = time.monotonic()
        try:
            with pghistory.context(command="seed_scale"), translation.override("nl"):
                seeder = seed_scale(options=scale, reset=reset, write=self.stdout.write)
        except (ScaleError, ReferenceDataError) as error:
            raise CommandError(str(error)) from error
        if not connection.in_atomic_block:
            # The tables as autovacuum leaves them in time: without the visibility map a bulk
            # load's fresh pages make the planner avoid index-only scans.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE)")
            derived.compact()
        self._summary(seeder, time.monotonic() - started)

    def _summary(self, seeder, seconds: float) -> None:
        shown = ("locaties", "jongeren", "plaatsingen", "aanvragen vervolghuisvesting",
                 "perioden", "taakstellingen", "meldingen", "historie")  # fmt: skip
        parts = ", ".join(f"{seeder.counts[label]} {label}" for label in shown)
        self.stdout.write(f"Klaar in {seconds:.1f} s: {parts}.")
        for role, email in seeder.benchmark.items():
            self.stdout.write(f"  Inloggen als {role}: {email}")
        self.stdout.write(f"  Wachtwoord: --password, ${PASSWORD_VARIABLE} of {DEFAULT_PASSWORD}.")
