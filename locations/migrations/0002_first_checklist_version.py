"""The first version of the Programma van Eisen checklist: the table of DESIGN.md §4.3."""

import datetime

from django.db import migrations

FIRST_VERSION = {
    "number": 1,
    "valid_from": datetime.date(2023, 1, 1),
    "note": (
        "Eerste versie, naar de gepubliceerde eisen (DESIGN.md §4.3): capaciteit per vorm uit het "
        "draaiboek, één slaapkamer per jongere, gemeenschappelijke ruimte, keuken, sanitair per "
        "2 jongeren (te bevestigen met Nidos), ISK binnen 30 minuten, gebruiksmelding boven 10 "
        "slapers 4 weken voor opening. Geen m²-normen: die zijn niet gepubliceerd."
    ),
    "kwg_min": 9,
    "kwg_max": 12,
    "kwe_min": 3,
    "kwe_max": 5,
    "kwe_plus_min": 6,
    "kwe_plus_max": 8,
    "youths_per_sanitary_facility": 2,
    "isk_max_minutes": 30,
    "min_bedroom_m2": None,
    "min_living_room_m2": None,
    "gebruiksmelding_above_sleepers": 10,
    "gebruiksmelding_weeks_before": 4,
}


def create_first_version(apps, schema_editor):
    checklist = apps.get_model("locations", "ChecklistVersion")
    checklist.objects.get_or_create(number=1, defaults=FIRST_VERSION)


def remove_first_version(apps, schema_editor):
    apps.get_model("locations", "ChecklistVersion").objects.filter(number=1).delete()


class Migration(migrations.Migration):
    dependencies = [("locations", "0001_locations_stages_documents_checklist")]

    operations = [migrations.RunPython(create_first_version, remove_first_version)]
