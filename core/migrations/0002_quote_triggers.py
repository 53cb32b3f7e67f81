"""Database rule: a quote must be the exact words of its passage, in each language.

A CHECK constraint cannot look at another table, so triggers named after the rule enforce it
on both engines: on every citation written, and on every passage text changed under a
citation. A violation is an IntegrityError, like any other constraint.
"""

from django.db import migrations

CITATION_TABLES = ["strategies_evidencepassage", "orgs_relationshippassage"]

POSTGRESQL_FORWARD = """
CREATE FUNCTION quote_in_passage() RETURNS trigger AS $$
BEGIN
  IF coalesce(NEW.quote_ar, '') = '' AND coalesce(NEW.quote_en, '') = '' THEN
    RAISE EXCEPTION 'quote_in_passage: the quote is empty'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'quote_in_passage';
  END IF;
  IF NOT EXISTS (
    SELECT 1 FROM sources_passage p WHERE p.id = NEW.passage_id
      AND strpos(coalesce(p.text_ar, ''), coalesce(NEW.quote_ar, '')) > 0
      AND strpos(coalesce(p.text_en, ''), coalesce(NEW.quote_en, '')) > 0
  ) THEN
    RAISE EXCEPTION 'quote_in_passage: the quote is not in passage %', NEW.passage_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'quote_in_passage';
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION passage_keeps_quotes() RETURNS trigger AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM (
      SELECT quote_ar, quote_en FROM strategies_evidencepassage WHERE passage_id = NEW.id
      UNION ALL
      SELECT quote_ar, quote_en FROM orgs_relationshippassage WHERE passage_id = NEW.id
    ) c
    WHERE strpos(coalesce(NEW.text_ar, ''), coalesce(c.quote_ar, '')) = 0
       OR strpos(coalesce(NEW.text_en, ''), coalesce(c.quote_en, '')) = 0
  ) THEN
    RAISE EXCEPTION 'passage_keeps_quotes: passage % is quoted by a claim; change the quote first', NEW.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'passage_keeps_quotes';
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER evidencepassage_quote_in_passage BEFORE INSERT OR UPDATE ON strategies_evidencepassage
  FOR EACH ROW EXECUTE FUNCTION quote_in_passage();
CREATE TRIGGER relationshippassage_quote_in_passage BEFORE INSERT OR UPDATE ON orgs_relationshippassage
  FOR EACH ROW EXECUTE FUNCTION quote_in_passage();
CREATE TRIGGER passage_keeps_quotes BEFORE UPDATE OF text_ar, text_en ON sources_passage
  FOR EACH ROW EXECUTE FUNCTION passage_keeps_quotes();
"""

POSTGRESQL_BACKWARD = """
DROP TRIGGER IF EXISTS evidencepassage_quote_in_passage ON strategies_evidencepassage;
DROP TRIGGER IF EXISTS relationshippassage_quote_in_passage ON orgs_relationshippassage;
DROP TRIGGER IF EXISTS passage_keeps_quotes ON sources_passage;
DROP FUNCTION IF EXISTS quote_in_passage();
DROP FUNCTION IF EXISTS passage_keeps_quotes();
"""

SQLITE_CITATION_CHECK = """
CREATE TRIGGER {table_short}_quote_in_passage_{event} BEFORE {event} ON {table}
WHEN (coalesce(NEW.quote_ar, '') = '' AND coalesce(NEW.quote_en, '') = '')
  OR NOT EXISTS (
    SELECT 1 FROM sources_passage p WHERE p.id = NEW.passage_id
      AND instr(coalesce(p.text_ar, ''), coalesce(NEW.quote_ar, '')) > 0
      AND instr(coalesce(p.text_en, ''), coalesce(NEW.quote_en, '')) > 0)
BEGIN SELECT RAISE(ABORT, 'quote_in_passage: the quote is not in its passage'); END;
"""

SQLITE_PASSAGE_CHECK = """
CREATE TRIGGER passage_keeps_quotes BEFORE UPDATE OF text_ar, text_en ON sources_passage
WHEN EXISTS (
  SELECT 1 FROM (
    SELECT quote_ar, quote_en FROM strategies_evidencepassage WHERE passage_id = NEW.id
    UNION ALL
    SELECT quote_ar, quote_en FROM orgs_relationshippassage WHERE passage_id = NEW.id
  ) c
  WHERE instr(coalesce(NEW.text_ar, ''), coalesce(c.quote_ar, '')) = 0
     OR instr(coalesce(NEW.text_en, ''), coalesce(c.quote_en, '')) = 0)
BEGIN SELECT RAISE(ABORT, 'passage_keeps_quotes: the passage is quoted by a claim'); END;
"""


def sqlite_statements():
    statements = []
    for table in CITATION_TABLES:
        short = table.split("_", 1)[1]
        for event in ("INSERT", "UPDATE"):
            statements.append(SQLITE_CITATION_CHECK.format(table=table, table_short=short, event=event))
    statements.append(SQLITE_PASSAGE_CHECK)
    return statements


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_FORWARD, params=None)
    elif vendor == "sqlite":
        for statement in sqlite_statements():
            schema_editor.execute(statement)
    else:
        raise NotImplementedError(f"No quote triggers for {vendor}")


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_BACKWARD, params=None)
    elif vendor == "sqlite":
        for table in CITATION_TABLES:
            short = table.split("_", 1)[1]
            for event in ("INSERT", "UPDATE"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {short}_quote_in_passage_{event}")
        schema_editor.execute("DROP TRIGGER IF EXISTS passage_keeps_quotes")


class Migration(migrations.Migration):
    dependencies = [("advocacy", "0001_groups")]

    operations = [migrations.RunPython(forward, backward)]
