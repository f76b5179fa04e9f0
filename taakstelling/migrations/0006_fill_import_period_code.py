"""Every existing import keeps its period, now also as the code a preview is made with."""

from datetime import date

from django.db import migrations


def fill(apps, schema_editor):
    QuotaImport = apps.get_model("taakstelling", "QuotaImport")
    for quota_import in QuotaImport.objects.filter(period__isnull=False).select_related("period"):
        quota_import.period_code = quota_import.period.code
        quota_import.save(update_fields=["period_code"])


def unfill(apps, schema_editor):
    # The period itself was kept with every import that had one; a preview made after this
    # migration has none, and gets the period of its code on the way back.
    Period = apps.get_model("taakstelling", "Period")
    # The imports and their history rows (pghistory's events copy every field).
    for name in ("QuotaImport", "QuotaImportEvent"):
        model = apps.get_model("taakstelling", name)
        for row in model.objects.filter(period__isnull=True):
            row.period = _period(Period, row.period_code)
            row.save(update_fields=["period"])


def _period(Period, code: str):
    year, half = code.split("-")
    first = half == "I"
    period, _created = Period.objects.get_or_create(
        code=code,
        defaults={
            "year": int(year),
            "half": 1 if first else 2,
            "starts_on": date(int(year), 1 if first else 7, 1),
            "ends_on": date(int(year), 6 if first else 12, 30 if first else 31),
        },
    )
    return period


class Migration(migrations.Migration):
    dependencies = [("taakstelling", "0005_import_period_code")]

    operations = [migrations.RunPython(fill, unfill)]
