"""PostgreSQL full-text search for readers: the unaccent extension, a `vi_unaccent`
text search configuration and a GIN index on the folded search text.

Nothing to do on SQLite (articles/search.py uses a regular expression there).
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'vi_unaccent') THEN
            CREATE TEXT SEARCH CONFIGURATION vi_unaccent (COPY = simple);
            ALTER TEXT SEARCH CONFIGURATION vi_unaccent ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
        END IF;
    END $$""",
    "CREATE INDEX IF NOT EXISTS articles_article_search_gin ON articles_article "
    "USING gin (to_tsvector('vi_unaccent'::regconfig, search_text))",
]

BACKWARD = [
    "DROP INDEX IF EXISTS articles_article_search_gin",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS vi_unaccent",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0002_add_article_redirect"),
    ]

    operations = [
        migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False),
    ]
