"""On PostgreSQL, the database itself refuses clashes: no two live sessions may overlap in
time for the same room, the same Peer Trainer or the same Practitioner Trainer, so no race
between two managers can create one. SQLite (a newcomer's first run) has no exclusion
constraints; there the scheduling service's checks stand alone."""

from django.db import migrations

CONSTRAINTS = {
    "session_no_room_clash": "room_id",
    "session_no_peer_clash": "peer_id",
    "session_no_practitioner_clash": "practitioner_id",
}


def add(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    for name, column in CONSTRAINTS.items():
        schema_editor.execute(
            f"ALTER TABLE workshops_scheduledsession ADD CONSTRAINT {name} "
            f"EXCLUDE USING gist ({column} WITH =, tstzrange(starts_at, ends_at) WITH &&) "
            f"WHERE (NOT cancelled AND {column} IS NOT NULL)"
        )


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in CONSTRAINTS:
        schema_editor.execute(
            f"ALTER TABLE workshops_scheduledsession DROP CONSTRAINT IF EXISTS {name}"
        )


class Migration(migrations.Migration):
    dependencies = [("workshops", "0002_scheduling")]

    operations = [migrations.RunPython(add, remove)]
