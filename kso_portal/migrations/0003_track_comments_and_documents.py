"""The comments and documents of locations feed a cached figure too: the history of a location
page, kept per version of the data (kso_portal/derived.py), holds their changes."""

from django.db import migrations

TRACKED_TABLES = ["locations_locationcomment", "locations_locationdocument"]


class Migration(migrations.Migration):
    dependencies = [("kso_portal", "0002_derived_figures_versions")]

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
