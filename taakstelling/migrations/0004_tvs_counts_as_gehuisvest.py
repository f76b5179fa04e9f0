"""The COA/TVS counts imported so far become the official number housed of the taakstelling
huisvesting vergunninghouders (issue 18): the same rows and numbers under their new kind, so
nothing imported is lost. The reverse gives them their old kind back."""

from django.db import migrations

OLD, NEW = "tvs", "gehuisvest"


def _rename(apps, old: str, new: str) -> None:
    for name in ("Quota", "QuotaImport"):
        apps.get_model("taakstelling", name).objects.filter(kind=old).update(kind=new)


def forwards(apps, schema_editor):
    _rename(apps, OLD, NEW)


def backwards(apps, schema_editor):
    _rename(apps, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("taakstelling", "0003_gehuisvest_kind"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
