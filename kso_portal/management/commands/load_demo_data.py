import pghistory
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from locations.demo import demo_locations_load
from organisations.demo import demo_organisations_load
from organisations.demo_accounts import demo_password
from reports.demo import demo_reports_load
from taakstelling.demo import demo_quotas_load
from vervolghuisvesting.demo import demo_youths_load


class Command(BaseCommand):
    help = "Laadt de demogegevens die nog ontbreken (alleen in demomodus, nooit in productie)."

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("Demogegevens worden alleen geladen met KSO_DEMO_MODE=1 (make run).")
        with pghistory.context(command="load_demo_data"):
            created = demo_organisations_load(password=demo_password())
            if demo_locations_load():
                created.append("locaties")
            if demo_youths_load():
                created.append("jongeren")
            if demo_quotas_load():
                created.append("taakstelling")
            if demo_reports_load():
                created.append("rapporten")
        if created:
            self.stdout.write(f"Demogegevens geladen: {len(created)} nieuw ({', '.join(created)}).")
        else:
            self.stdout.write("Demogegevens waren al geladen; niets gewijzigd.")
