"""PostgreSQL: the stored search vectors weight the lead apart from the body.

Migration 0006 weighted the title A and the lead and body together D, so the
ranking could not put an article with the words in its lead above one with
them deep in its body. The trigger now weights title A, lead B, body C, in
both vectors (search_folded through vi_unaccent, search_exact through simple),
and every stored vector is recomputed. Backwards: 0006's trigger and vectors.
Nothing to do on SQLite.
"""

from django.db import migrations


def _trigger_function(lead_weight: str, body_weight: str, *, separate_lead: bool) -> str:
    if separate_lead:
        vectors = f"""
        NEW.search_folded := setweight(to_tsvector('vi_unaccent', coalesce(NEW.title, '')), 'A')
                             || setweight(to_tsvector('vi_unaccent', coalesce(NEW.lead, '')), '{lead_weight}')
                             || setweight(to_tsvector('vi_unaccent', body), '{body_weight}');
        NEW.search_exact := setweight(to_tsvector('simple', coalesce(NEW.title, '')), 'A')
                            || setweight(to_tsvector('simple', coalesce(NEW.lead, '')), '{lead_weight}')
                            || setweight(to_tsvector('simple', body), '{body_weight}');"""
        body = "coalesce((SELECT string_agg(value, ' ') FROM jsonb_array_elements_text(NEW.paragraphs)), '')"
    else:  # 0006: lead and body as one text
        vectors = f"""
        NEW.search_folded := setweight(to_tsvector('vi_unaccent', coalesce(NEW.title, '')), 'A')
                             || setweight(to_tsvector('vi_unaccent', body), '{body_weight}');
        NEW.search_exact := setweight(to_tsvector('simple', coalesce(NEW.title, '')), 'A')
                            || setweight(to_tsvector('simple', body), '{body_weight}');"""
        body = ("coalesce(NEW.lead, '') || ' ' || coalesce("
                "(SELECT string_agg(value, ' ') FROM jsonb_array_elements_text(NEW.paragraphs)), '')")
    return f"""CREATE OR REPLACE FUNCTION articles_article_search_vectors() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE body text;
    BEGIN
        body := {body};{vectors}
        RETURN NEW;
    END $$"""


# The trigger fires on UPDATE OF title: touching it recomputes every row's vectors.
RECOMPUTE = "UPDATE articles_article SET title = title"
FORWARD = [_trigger_function("B", "C", separate_lead=True), RECOMPUTE]
BACKWARD = [_trigger_function("D", "D", separate_lead=False), RECOMPUTE]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0009_add_preview_epoch"),
    ]

    operations = [
        migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False),
    ]
