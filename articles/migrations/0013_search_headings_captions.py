"""Search weighs the body's headings with the lead (above the paragraphs) and reads photo captions.

Two stored texts beside body_plain: search_headings (the body's headings, kept
by Article.save) and search_captions (the photo slots' captions, kept by the
slots' own saves: articles.models.refresh_search_captions). On PostgreSQL the
trigger now weighs title A, lead and headings B, body and captions C, and fires
on changes of any of them; every row is recomputed. On SQLite the ranking reads
the same texts (articles/search/ranking.py). Backwards: 0011's trigger.
"""

from django.db import migrations, models


def _trigger_function(lead: str, body: str) -> str:
    return f"""CREATE OR REPLACE FUNCTION articles_article_search_vectors() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE lead text; body text;
    BEGIN
        lead := {lead};
        body := {body};
        NEW.search_folded := setweight(to_tsvector('vi_unaccent', coalesce(NEW.title, '')), 'A')
                             || setweight(to_tsvector('vi_unaccent', lead), 'B')
                             || setweight(to_tsvector('vi_unaccent', body), 'C');
        NEW.search_exact := setweight(to_tsvector('simple', coalesce(NEW.title, '')), 'A')
                            || setweight(to_tsvector('simple', lead), 'B')
                            || setweight(to_tsvector('simple', body), 'C');
        RETURN NEW;
    END $$"""


RECOMPUTE = "UPDATE articles_article SET title = title"
FORWARD = [
    _trigger_function("coalesce(NEW.lead, '') || ' ' || coalesce(NEW.search_headings, '')",
                      "coalesce(NEW.body_plain, '') || ' ' || coalesce(NEW.search_captions, '')"),
    "DROP TRIGGER IF EXISTS articles_article_search_vectors ON articles_article",
    "CREATE TRIGGER articles_article_search_vectors BEFORE INSERT OR UPDATE OF title, lead, body_plain, "
    "search_headings, search_captions ON articles_article FOR EACH ROW EXECUTE FUNCTION "
    "articles_article_search_vectors()",
    RECOMPUTE,
]
BACKWARD = [
    _trigger_function("coalesce(NEW.lead, '')", "coalesce(NEW.body_plain, '')"),
    "DROP TRIGGER IF EXISTS articles_article_search_vectors ON articles_article",
    "CREATE TRIGGER articles_article_search_vectors BEFORE INSERT OR UPDATE OF title, lead, body_plain "
    "ON articles_article FOR EACH ROW EXECUTE FUNCTION articles_article_search_vectors()",
    RECOMPUTE,
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)
    return run


def fill(apps, schema_editor):
    """Headings from each body, captions from each article's slots; the folded search text with them."""
    from newsroom.text import fold

    Article = apps.get_model("articles", "Article")
    ArticlePhoto = apps.get_model("photos", "ArticlePhoto")
    captions: dict[int, list[str]] = {}
    for article_id, caption in ArticlePhoto.objects.order_by("order", "pk").values_list("article_id", "caption"):
        if caption:
            captions.setdefault(article_id, []).append(caption)
    for article in Article.objects.only("pk", "title", "lead", "body", "body_plain").iterator(chunk_size=500):
        headings = "\n".join(" ".join(block["value"]["text"].split()) for block in article.body or []
                             if block.get("type") == "heading" and block["value"].get("text", "").strip())
        text = "\n".join(captions.get(article.pk, []))
        Article.objects.filter(pk=article.pk).update(
            search_headings=headings, search_captions=text,
            search_text=fold(" ".join([article.title, article.lead, article.body_plain, text])))


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0012_remove_article_paragraphs"),
        ("photos", "0006_remove_articlephoto_after_paragraph"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_captions",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="article",
            name="search_headings",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False),
    ]
