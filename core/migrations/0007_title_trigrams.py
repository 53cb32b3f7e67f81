"""PostgreSQL: trigram indexes on the titles of the records a search offers by name when it finds little.

core.search.backends' suggest() matches `search_title %> words` (pg_trgm, 0003_search), which these
indexes serve; without them every title was compared, 150 ms for 10,000 organizations. Other
engines have nothing to build.
"""

from django.db import migrations

INDEXES = {"orgs_organization": "organization_title_trigrams", "strategies_strategy": "strategy_title_trigrams"}


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table, index in INDEXES.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin (search_title gin_trgm_ops)", params=None
            )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for index in INDEXES.values():
            schema_editor.execute(f"DROP INDEX IF EXISTS {index}", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("advocacy", "0006_tree_triggers"),
        ("orgs", "0004_identification_and_groupings"),
        ("strategies", "0005_evidence_search"),
    ]

    operations = [migrations.RunPython(forward, backward)]
