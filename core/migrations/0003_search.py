"""Search: pg_trgm for name suggestions, the triggers that keep each stored tsvector current, and a backfill.

The tsvector is built with the 'simple' configuration from text that Python has already
normalized and stemmed (core.search.normalize), names weighted A and the rest B. On SQLite
there is no vector: search matches the normalized text itself.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

TABLES = ["orgs_organization", "orgs_region", "strategies_strategy", "sources_source", "sources_passage"]

FUNCTION = """
CREATE FUNCTION search_vector_update() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('pg_catalog.simple', coalesce(NEW.search_title, '')), 'A')
    || setweight(to_tsvector('pg_catalog.simple', coalesce(NEW.search_document, '')), 'B');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""

TRIGGER = """
CREATE TRIGGER {table}_search_vector BEFORE INSERT OR UPDATE OF search_title, search_document ON {table}
  FOR EACH ROW EXECUTE FUNCTION search_vector_update();
"""

# Ranking reads the vector of every candidate: kept in the row it is not de-TOASTed (DESIGN section 5).
STORAGE = """
ALTER TABLE sources_passage ALTER COLUMN search_vector SET STORAGE MAIN;
ALTER TABLE sources_passage ALTER COLUMN text_ar SET STORAGE EXTERNAL;
ALTER TABLE sources_passage ALTER COLUMN text_en SET STORAGE EXTERNAL;
ALTER TABLE sources_passage ALTER COLUMN search_document SET STORAGE EXTERNAL;
"""


def forward(apps, schema_editor):
    from core.search.indexing import search_index_rebuild, searchable_models

    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION, params=None)
        for table in TABLES:
            schema_editor.execute(TRIGGER.format(table=table), params=None)
        schema_editor.execute(STORAGE, params=None)
    search_index_rebuild(models_=searchable_models(apps), apps=apps)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_search_vector ON {table}", params=None)
        schema_editor.execute("DROP FUNCTION IF EXISTS search_vector_update()", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("advocacy", "0002_quote_triggers"),
        ("orgs", "0002_search"),
        ("sources", "0002_search"),
        ("strategies", "0002_search"),
    ]

    operations = [
        # CreateExtension does nothing on other engines.
        TrigramExtension(),
        migrations.RunPython(forward, backward),
    ]
