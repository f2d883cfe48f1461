"""PostgreSQL: stored, weighted search vectors kept by a trigger, and their GIN index.

Computing to_tsvector with the unaccent dictionary for every row at query time
took seconds at 10,000 articles (measured by bench/run.py). The vectors are now
computed once, when an article's text changes:

- search_folded: title (weight A) and lead + body (weight D) through the
  `vi_unaccent` configuration: the filter, accents ignored; GIN-indexed.
- search_exact: the same through `simple`: exact accents, for ranking.

The columns are not model fields: only articles/search.py reads them, on
PostgreSQL. Nothing to do on SQLite.
"""

from django.db import migrations

FORWARD = [
    "ALTER TABLE articles_article ADD COLUMN IF NOT EXISTS search_folded tsvector, "
    "ADD COLUMN IF NOT EXISTS search_exact tsvector",
    """CREATE OR REPLACE FUNCTION articles_article_search_vectors() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE body text;
    BEGIN
        body := coalesce(NEW.lead, '') || ' ' || coalesce(
            (SELECT string_agg(value, ' ') FROM jsonb_array_elements_text(NEW.paragraphs)), '');
        NEW.search_folded := setweight(to_tsvector('vi_unaccent', coalesce(NEW.title, '')), 'A')
                             || setweight(to_tsvector('vi_unaccent', body), 'D');
        NEW.search_exact := setweight(to_tsvector('simple', coalesce(NEW.title, '')), 'A')
                            || setweight(to_tsvector('simple', body), 'D');
        RETURN NEW;
    END $$""",
    "DROP TRIGGER IF EXISTS articles_article_search_vectors ON articles_article",
    "CREATE TRIGGER articles_article_search_vectors BEFORE INSERT OR UPDATE OF title, lead, paragraphs "
    "ON articles_article FOR EACH ROW EXECUTE FUNCTION articles_article_search_vectors()",
    "UPDATE articles_article SET title = title",
    "DROP INDEX IF EXISTS articles_article_search_gin",
    "CREATE INDEX IF NOT EXISTS articles_article_search_folded_gin ON articles_article USING gin (search_folded)",
]

BACKWARD = [
    "DROP INDEX IF EXISTS articles_article_search_folded_gin",
    "CREATE INDEX IF NOT EXISTS articles_article_search_gin ON articles_article "
    "USING gin (to_tsvector('vi_unaccent'::regconfig, search_text))",
    "DROP TRIGGER IF EXISTS articles_article_search_vectors ON articles_article",
    "DROP FUNCTION IF EXISTS articles_article_search_vectors()",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_folded, DROP COLUMN IF EXISTS search_exact",
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
        ("articles", "0005_add_article_trash"),
    ]

    operations = [
        migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False),
    ]
