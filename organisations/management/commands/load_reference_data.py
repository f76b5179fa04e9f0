from pathlib import Path

import pghistory
from django.core.management.base import BaseCommand, CommandError

from organisations.services import REFERENCE_DATA_DIR, ReferenceDataError, reference_data_load


class Command(BaseCommand):
    help = "Laadt provincies, gemeenten en Nidos-regio's uit CSV (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", type=Path, default=REFERENCE_DATA_DIR)

    def handle(self, *args, data_dir: Path, **options):
        try:
            with pghistory.context(command="load_reference_data"):
                report = reference_data_load(data_dir=data_dir)
        except ReferenceDataError as error:
            raise CommandError(
                "Referentiegegevens niet geladen, er is niets geschreven:\n" + str(error)
            ) from error
        self.stdout.write(f"Referentiegegevens geladen. {report.summary()}")
