from django.db import migrations

# PostgreSQL: the title terms move from a column of core_searchdocument (`title_vector`, 0006) to a narrow table of
# their own, GIN-indexed. "The newest documents whose title matches" walks ids backwards and checks each row's
# title terms; in the documents' table a row also holds the title, the body and the rest (about 3 KB, three rows
# a page), so 13,000 rows walked read 4,500 pages; here a row is its id, search, record and title terms (10 rows
# a page): 11.7 → 6.3 ms for "evacuation" over 100,000 documents (bench/README.md, "Full-text search"). Written
# with the documents by kizuna.core.search.fulltext, as SQLite's FTS5 table is; documents without a title have
# no row. Emptying the documents' table (a test database flushed) empties this one: a TRUNCATE trigger.
POSTGRES_FORWARD = [
    "CREATE TABLE core_searchdocument_titles (id bigint PRIMARY KEY, search varchar(50) NOT NULL, "
    "object_id bigint NOT NULL, vector tsvector NOT NULL)",
    "INSERT INTO core_searchdocument_titles (id, search, object_id, vector) "
    "SELECT id, search, object_id, title_vector FROM core_searchdocument WHERE title_vector <> ''::tsvector",
    "CREATE INDEX core_searchdocument_titles_vector ON core_searchdocument_titles USING gin (vector)",
    "CREATE FUNCTION core_searchdocument_emptied() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN TRUNCATE core_searchdocument_titles; RETURN NULL; END $$",
    "CREATE TRIGGER core_searchdocument_emptied AFTER TRUNCATE ON core_searchdocument "
    "FOR EACH STATEMENT EXECUTE FUNCTION core_searchdocument_emptied()",
    "DROP INDEX IF EXISTS core_searchdocument_title_vector",
    "ALTER TABLE core_searchdocument DROP COLUMN IF EXISTS title_vector",
]
POSTGRES_BACKWARD = [
    "ALTER TABLE core_searchdocument ADD COLUMN title_vector tsvector NOT NULL DEFAULT ''::tsvector",
    "UPDATE core_searchdocument d SET title_vector = t.vector FROM core_searchdocument_titles t WHERE t.id = d.id",
    "CREATE INDEX core_searchdocument_title_vector ON core_searchdocument USING gin (title_vector)",
    "DROP TRIGGER IF EXISTS core_searchdocument_emptied ON core_searchdocument",
    "DROP FUNCTION IF EXISTS core_searchdocument_emptied()",
    "DROP TABLE IF EXISTS core_searchdocument_titles",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0009_organisation_abolished"),
    ]

    operations = [migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD))]
