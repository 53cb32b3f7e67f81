"""Search: the stored best rows of each frequent word (PostgreSQL only; SQLite search never reads them)."""

import django.contrib.postgres.fields
from django.db import migrations, models

from core.search.operations import PostgreSQLOnly


class Migration(migrations.Migration):
    dependencies = [
        ("advocacy", "0003_search"),
    ]

    operations = [
        PostgreSQLOnly(
            migrations.CreateModel(
                name="SearchLexemeTop",
                fields=[
                    (
                        "id",
                        models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                    ),
                    ("model_label", models.CharField(max_length=100)),
                    ("lexeme", models.CharField(max_length=200)),
                    ("ids", django.contrib.postgres.fields.ArrayField(base_field=models.BigIntegerField())),
                    ("refreshed_at", models.DateTimeField(auto_now=True)),
                ],
                options={
                    "constraints": [
                        models.UniqueConstraint(fields=("model_label", "lexeme"), name="search_lexeme_top_unique")
                    ],
                },
            )
        ),
    ]
