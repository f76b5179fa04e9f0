"""The housing-term table's first rows: the published rule of DESIGN.md §6 (also
vervolghuisvesting.rules.DEFAULT_TERM_POLICY)."""

import datetime

from django.db import migrations

ROWS = (
    (datetime.date(2000, 1, 1), 6, "Aanvragen ingediend voor 1 januari 2025: 6 maanden."),
    (
        datetime.date(2025, 1, 1),
        12,
        "Tijdelijke verlenging vanaf 1 januari 2025: 12 maanden (geen einddatum bekend).",
    ),
)


def create_rows(apps, schema_editor):
    policy = apps.get_model("vervolghuisvesting", "TermPolicy")
    for valid_from, months, note in ROWS:
        policy.objects.get_or_create(
            valid_from=valid_from, defaults={"term_months": months, "note": note}
        )


def remove_rows(apps, schema_editor):
    policy = apps.get_model("vervolghuisvesting", "TermPolicy")
    policy.objects.filter(valid_from__in=[row[0] for row in ROWS]).delete()


class Migration(migrations.Migration):
    dependencies = [("vervolghuisvesting", "0002_housing_requests_and_reminders")]

    operations = [migrations.RunPython(create_rows, remove_rows)]
