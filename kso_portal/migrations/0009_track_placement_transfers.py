"""The access policy reads open overplaatsingen (a contractpartner sees the youths proposed to
its locations), so the figures kept per version of the data (kso_portal/derived.py) follow
them too."""

from django.db import migrations

TRACKED_TABLES = ["vervolghuisvesting_placementtransfer"]


class Migration(migrations.Migration):
    dependencies = [
        ("kso_portal", "0008_submission_tokens"),
        ("vervolghuisvesting", "0007_placement_transfer"),
    ]

    operations = [
        migrations.RunSQL(
            [
                f"CREATE TRIGGER kso_datachange AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION kso_portal_datachange_append()"
                for table in TRACKED_TABLES
            ],
            reverse_sql=[f"DROP TRIGGER kso_datachange ON {table}" for table in TRACKED_TABLES],
        )
    ]
