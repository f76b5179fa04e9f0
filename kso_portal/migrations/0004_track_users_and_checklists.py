"""A location page is kept per version of the data (kso_portal/derived.py) with its checklist
and its accountmanager's e-mail address, and the kept histories name users by that address:
the checklist versions and the users are tracked too."""

from django.db import migrations

TRACKED_TABLES = ["auth_user", "locations_checklistversion"]


class Migration(migrations.Migration):
    dependencies = [("kso_portal", "0003_track_comments_and_documents")]

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
