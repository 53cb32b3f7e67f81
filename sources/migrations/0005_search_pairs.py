"""Passages: a tsvector of adjacent word pairs with its GIN index, so a phrase of common words is found fast.

The trigger fills search_pairs from the normalized search_title and search_document, as
search_vector_update() fills search_vector (core/migrations/0003_search.py); the words are
split on white space, as core.search.normalize joins them, and each adjacent pair becomes the
lexeme "a~b" (no position, no weight: it only selects rows, never ranks them).
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations

import core.search.operations

FUNCTION = """
CREATE FUNCTION search_word_pairs(document text) RETURNS tsvector AS $$
  SELECT coalesce(array_to_tsvector(array_agg(DISTINCT pair)), ''::tsvector)
  FROM (
    SELECT word || '~' || lead(word) OVER (ORDER BY place) AS pair
    FROM unnest(regexp_split_to_array(coalesce(document, ''), '\\s+')) WITH ORDINALITY AS words(word, place)
    WHERE word <> ''
  ) AS pairs
  WHERE pair IS NOT NULL
$$ LANGUAGE sql IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION search_pairs_update() RETURNS trigger AS $$
BEGIN
  NEW.search_pairs := search_word_pairs(NEW.search_title) || search_word_pairs(NEW.search_document);
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER sources_passage_search_pairs BEFORE INSERT OR UPDATE OF search_title, search_document
  ON sources_passage FOR EACH ROW EXECUTE FUNCTION search_pairs_update();

UPDATE sources_passage SET search_pairs = search_word_pairs(search_title) || search_word_pairs(search_document);
"""

REVERSE = """
DROP TRIGGER IF EXISTS sources_passage_search_pairs ON sources_passage;
DROP FUNCTION IF EXISTS search_pairs_update();
DROP FUNCTION IF EXISTS search_word_pairs(text);
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVERSE, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0004_review"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalpassage",
            name="search_pairs",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, verbose_name="search word pairs"
            ),
        ),
        migrations.AddField(
            model_name="passage",
            name="search_pairs",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, verbose_name="search word pairs"
            ),
        ),
        migrations.RunPython(forward, backward),
        core.search.operations.PostgreSQLOnly(
            migrations.AddIndex(
                model_name="passage",
                index=django.contrib.postgres.indexes.GinIndex(fields=["search_pairs"], name="passage_search_pairs"),
            ),
        ),
    ]
