import hashlib
import os

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command
from django.core.management.base import BaseCommand

FINGERPRINT_FILE = ".sources-fingerprint"


def static_sources_fingerprint() -> str:
    """A digest of every static source file's path, size and modification time."""
    digest = hashlib.sha256(settings.STORAGES["staticfiles"]["BACKEND"].encode())
    for finder in get_finders():
        for path, storage in sorted(finder.list([]), key=lambda item: item[0]):
            stat = os.stat(storage.path(path))
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


class Command(BaseCommand):
    help = (
        "Maakt het portaal klaar om te serveren: migreren, referentiegegevens laden, "
        "statische bestanden verzamelen en in demomodus de demogegevens laden."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-static",
            action="store_true",
            help="Statische bestanden niet verzamelen (het Docker-image doet dat al bij de bouw).",
        )

    def handle(self, *args, no_static: bool = False, **options):
        # One process for every start-up step keeps a warm `make run` well under 15 seconds.
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_reference_data")
        if settings.DEMO_MODE:
            call_command("load_demo_data")
        if not no_static:
            self._collect_static()
        self.stdout.write("Portaal klaar.")

    def _collect_static(self) -> None:
        # Compressing and hashing takes seconds, so it runs only when a source file changed.
        marker = settings.STATIC_ROOT / FINGERPRINT_FILE
        fingerprint = static_sources_fingerprint()
        if marker.exists() and marker.read_text() == fingerprint:
            return
        call_command("collectstatic", interactive=False, verbosity=0)
        marker.write_text(fingerprint)
