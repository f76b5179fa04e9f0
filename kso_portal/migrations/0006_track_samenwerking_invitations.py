"""The access policy reads the invitations to a regionale samenwerking (which samenwerkingen a
regional Nidos sees): their table is tracked, so that figures kept per data version
(kso_portal/derived.py) follow an invitation made, answered or withdrawn."""

from django.db import migrations

TRACKED_TABLES = ["organisations_samenwerkinginvitation"]


class Migration(migrations.Migration):
    dependencies = [
        ("kso_portal", "0005_access_log_pseudonyms"),
        ("organisations", "0004_samenwerking_invitation"),
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
