from django.db import migrations

# PostgreSQL: the title terms in a tsvector of their own, GIN-indexed, so that full-text search can find the
# documents whose title matches without reading each matching document's whole vector (a weight in a tsquery is
# checked on the row, not in the index). Filled from the weight-A lexemes already in `vector`; new writes set
# both (kizuna.core.search.fulltext). SQLite's FTS5 table already has the titles in columns of their own.
POSTGRES_FORWARD = [
    "ALTER TABLE core_searchdocument ADD COLUMN title_vector tsvector NOT NULL DEFAULT ''::tsvector",
    "UPDATE core_searchdocument SET title_vector = ts_filter(vector, '{a}')",
    "CREATE INDEX core_searchdocument_title_vector ON core_searchdocument USING gin (title_vector)",
]
POSTGRES_BACKWARD = ["DROP INDEX IF EXISTS core_searchdocument_title_vector",
                     "ALTER TABLE core_searchdocument DROP COLUMN IF EXISTS title_vector"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0005_search_document"),
    ]

    operations = [migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD))]
