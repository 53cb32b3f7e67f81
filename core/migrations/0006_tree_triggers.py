"""Database rule: a region or strategy cannot sit inside itself or its own descendant.

The CHECK constraints `region_not_own_parent` and `strategy_not_own_parent` refuse a node that
is its own parent, but a loop through a descendant needs the rows above, which a CHECK cannot
read. Triggers named after the rule walk the parents on every write of `parent_id`, on both
engines, so `save()`, `QuerySet.update()` and raw SQL are refused like a form is. A violation is
an IntegrityError, like any other constraint.

On PostgreSQL, two transactions could each add half of a loop that neither sees; the trigger
takes a transaction-level advisory lock per table first, so such writes run one after the other.
Further groupings (`Region.also_in`) are links, not parents: they may form loops and are not
checked here.
"""

from django.db import migrations

TREE_TABLES = {"orgs_region": "region", "strategies_strategy": "strategy"}

POSTGRESQL_TRIGGER = """
CREATE FUNCTION {table}_not_own_ancestor() RETURNS trigger AS $$
BEGIN
  IF NEW.parent_id IS NULL THEN
    RETURN NEW;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('{table}:tree'));
  IF EXISTS (
    WITH RECURSIVE above(id, parent_id) AS (
      SELECT t.id, t.parent_id FROM {table} t WHERE t.id = NEW.parent_id
      UNION
      SELECT t.id, t.parent_id FROM {table} t JOIN above a ON t.id = a.parent_id
    )
    SELECT 1 FROM above WHERE above.id = NEW.id
  ) THEN
    RAISE EXCEPTION '{name}_not_own_ancestor: {name} % cannot be inside itself', NEW.id
      USING ERRCODE = 'check_violation', CONSTRAINT = '{name}_not_own_ancestor';
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER {name}_not_own_ancestor BEFORE INSERT OR UPDATE OF parent_id ON {table}
  FOR EACH ROW EXECUTE FUNCTION {table}_not_own_ancestor();
"""

POSTGRESQL_BACKWARD = """
DROP TRIGGER IF EXISTS {name}_not_own_ancestor ON {table};
DROP FUNCTION IF EXISTS {table}_not_own_ancestor();
"""

SQLITE_TRIGGER = """
CREATE TRIGGER {name}_not_own_ancestor_{suffix} BEFORE {event} ON {table}
WHEN NEW.parent_id IS NOT NULL AND EXISTS (
  WITH RECURSIVE above(id, parent_id) AS (
    SELECT t.id, t.parent_id FROM {table} t WHERE t.id = NEW.parent_id
    UNION
    SELECT t.id, t.parent_id FROM {table} t JOIN above a ON t.id = a.parent_id
  )
  SELECT 1 FROM above WHERE above.id = NEW.id)
BEGIN SELECT RAISE(ABORT, '{name}_not_own_ancestor: a {name} cannot be inside itself'); END;
"""

SQLITE_EVENTS = {"insert": "INSERT", "update": "UPDATE OF parent_id"}


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, name in TREE_TABLES.items():
        if vendor == "postgresql":
            schema_editor.execute(POSTGRESQL_TRIGGER.format(table=table, name=name), params=None)
        elif vendor == "sqlite":
            for suffix, event in SQLITE_EVENTS.items():
                schema_editor.execute(SQLITE_TRIGGER.format(table=table, name=name, suffix=suffix, event=event))
        else:
            raise NotImplementedError(f"No tree triggers for {vendor}")


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, name in TREE_TABLES.items():
        if vendor == "postgresql":
            schema_editor.execute(POSTGRESQL_BACKWARD.format(table=table, name=name), params=None)
        elif vendor == "sqlite":
            for suffix in SQLITE_EVENTS:
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}_not_own_ancestor_{suffix}")


class Migration(migrations.Migration):
    dependencies = [
        ("advocacy", "0005_import_permissions"),
        ("orgs", "0004_identification_and_groupings"),
        ("strategies", "0004_disputed_note"),
    ]

    operations = [migrations.RunPython(forward, backward)]
