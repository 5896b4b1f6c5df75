from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

# An accent-insensitive text search configuration ("Laisne" finds "Laisné") and the GIN
# index that makes searching 100,000 actions fast. SQLite has neither and needs neither: it
# searches the folded text instead.
FORWARD = [
    "CREATE TEXT SEARCH CONFIGURATION coflight (COPY = simple)",
    "ALTER TEXT SEARCH CONFIGURATION coflight ALTER MAPPING FOR hword, hword_part, word "
    "WITH unaccent, simple",
    "CREATE INDEX search_entry_vector_gin ON search_searchentry USING gin (vector)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_vector_gin",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS coflight",
]


def on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        UnaccentExtension(),
        migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD)),
    ]
