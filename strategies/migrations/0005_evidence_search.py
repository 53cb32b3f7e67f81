"""Claims in search: their stored search text, the trigger that derives the vector, its GIN index, a backfill.

A claim's text comes from its organization (names and other names), strategy, regions (and the
region around each), summary and quotes. The sound keys of names (core.search.transliterate) are
new in every search title, so every searchable record is indexed again.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

import core.search.operations

TRIGGER = """
CREATE TRIGGER strategies_evidence_search_vector
  BEFORE INSERT OR UPDATE OF search_title, search_document ON strategies_evidence
  FOR EACH ROW EXECUTE FUNCTION search_vector_update();
"""


def forward(apps, schema_editor):
    from core.search.indexing import search_index_rebuild, searchable_models

    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER, params=None)
    search_index_rebuild(models_=searchable_models(apps), apps=apps)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS strategies_evidence_search_vector ON strategies_evidence", params=None
        )


class Migration(migrations.Migration):
    dependencies = [
        ("advocacy", "0006_tree_triggers"),
        ("orgs", "0004_identification_and_groupings"),
        ("sources", "0004_review"),
        ("strategies", "0004_disputed_note"),
    ]

    operations = [
        migrations.AddField(
            model_name="evidence",
            name="search_document",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search document"),
        ),
        migrations.AddField(
            model_name="evidence",
            name="search_title",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search title"),
        ),
        migrations.AddField(
            model_name="evidence",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, verbose_name="search vector"
            ),
        ),
        core.search.operations.PostgreSQLOnly(
            migrations.AddIndex(
                model_name="evidence",
                index=django.contrib.postgres.indexes.GinIndex(fields=["search_vector"], name="evidence_search_vector"),
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
