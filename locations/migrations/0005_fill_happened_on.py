"""The day each recorded move happened: the day it was recorded (all that is known of it), except
where the location holds the date of the event itself (the college decision, the opening, the
end): then that date, for the move and for the stage's actual date, so that the two agree."""

from django.db import migrations

# Moves whose date is a field of the location (locations/workflow.py, `date_field`).
EVENT_DATES = (
    ("voorbereiding", "college_decision_on"),
    ("in_gebruik", "opening_on"),
    ("beeindigd", "ended_on"),
)


def fill(apps, schema_editor):
    transitions = apps.get_model("locations", "StageTransition")
    plans = apps.get_model("locations", "StagePlan")
    locations = apps.get_model("locations", "Location")
    # The history's copies of the rows too: the column becomes required in both.
    events = apps.get_model("locations", "StageTransitionEvent")
    with schema_editor.connection.cursor() as cursor:
        for model in (transitions, events):
            cursor.execute(
                f"UPDATE {model._meta.db_table} "  # noqa: S608 - table names from the models
                "SET happened_on = (at AT TIME ZONE 'Europe/Amsterdam')::date "
                "WHERE happened_on IS NULL"
            )
    for stage, field in EVENT_DATES:
        dated = locations.objects.exclude(**{f"{field}__isnull": True})
        for location_id, on in dated.values_list("pk", field):
            transitions.objects.filter(location_id=location_id, to_stage=stage).update(
                happened_on=on
            )
            plans.objects.filter(location_id=location_id, stage=stage).update(actual_on=on)


class Migration(migrations.Migration):
    dependencies = [("locations", "0004_stage_transition_happened_on")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
