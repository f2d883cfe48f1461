"""The body as typed blocks (articles/body.py): Article.body, its plain text, attachments.

Every article's paragraphs become paragraph blocks (the text escaped, bare URLs
made links) and its photo slots become photos blocks at exactly the place they
rendered: slots after the same paragraph make one gallery, slots placed past the
last paragraph go at the end. The PostgreSQL search trigger now reads the body's
plain text (body_plain) instead of the paragraphs, with 0010's weights (title A,
lead B, body C). 0012 drops `paragraphs` and photos/0006 drops
`ArticlePhoto.after_paragraph` once this has run.
"""

import html
import re
import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import articles.models
from newsroom.text import fold

# A copy of articles.body.linkify as it was when this migration was written.
_BARE_URL = re.compile(r"(?<![\w/\"'=])(https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]])")


def _linkify(text: str) -> str:
    pieces, cursor = [], 0
    for match in _BARE_URL.finditer(text):
        pieces.append(html.escape(text[cursor:match.start()], quote=True))
        url = html.escape(match.group(1), quote=True)
        pieces.append(f'<a href="{url}">{url}</a>')
        cursor = match.end()
    pieces.append(html.escape(text[cursor:], quote=True))
    return "".join(pieces)


def blocks_from(paragraphs: list[str], slots: list[tuple[int, int]]) -> list[dict]:
    """Paragraph texts and (slot id, after_paragraph) pairs, in slot order, as blocks."""
    paragraphs = [text.strip() for text in paragraphs if text and text.strip()]
    groups: dict[int, list[int]] = {}
    for slot_id, after in slots:
        groups.setdefault(min(after, len(paragraphs)), []).append(slot_id)

    def photos(number):
        return [{"id": str(uuid.uuid4()), "type": "photos", "value": {"slots": groups[number]}}] \
            if number in groups else []

    blocks = photos(0)
    for number, text in enumerate(paragraphs, start=1):
        blocks.append({"id": str(uuid.uuid4()), "type": "paragraph", "value": _linkify(text)})
        blocks += photos(number)
    return blocks


def forwards(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    ArticlePhoto = apps.get_model("photos", "ArticlePhoto")
    slots: dict[int, list[tuple[int, int]]] = {}
    for slot_id, article_id, after in (ArticlePhoto.objects.order_by("after_paragraph", "order", "pk")
                                       .values_list("pk", "article_id", "after_paragraph")):
        slots.setdefault(article_id, []).append((slot_id, after))
    for article in Article.objects.only("pk", "title", "lead", "paragraphs").iterator(chunk_size=500):
        paragraphs = [text.strip() for text in article.paragraphs or [] if text and text.strip()]
        plain = "\n".join(" ".join(text.split()) for text in paragraphs)
        Article.objects.filter(pk=article.pk).update(
            body=blocks_from(paragraphs, slots.get(article.pk, [])), body_plain=plain,
            search_text=fold(" ".join([article.title, article.lead, plain])))


def backwards(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    ArticlePhoto = apps.get_model("photos", "ArticlePhoto")
    for article in Article.objects.only("pk", "body").iterator(chunk_size=500):
        paragraphs, order = [], 0
        for block in article.body or []:
            if block["type"] == "photos":
                for slot_id in block["value"]["slots"]:
                    ArticlePhoto.objects.filter(pk=slot_id).update(after_paragraph=len(paragraphs), order=order)
                    order += 1
            elif block["type"] == "paragraph":
                paragraphs.append(html.unescape(re.sub(r"<[^>]*>", "", block["value"])))
        Article.objects.filter(pk=article.pk).update(paragraphs=paragraphs)


ATTACHMENT_PERMISSIONS = ["add_attachment", "change_attachment", "delete_attachment", "view_attachment"]


def grant_attachments(apps, schema_editor):
    """The newsroom's roles (0003) may attach files, as they may place photos."""
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(Permission.objects.filter(content_type__app_label="articles",
                                                 codename__in=ATTACHMENT_PERMISSIONS))
    for group in Group.objects.filter(name__in=["Reporter", "Editor", "Chief editor"]):
        group.permissions.add(*permissions)


def _trigger_function(body: str) -> str:
    """0010's vectors (title A, lead B, body C), the body read from `body`."""
    return f"""CREATE OR REPLACE FUNCTION articles_article_search_vectors() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE body text;
    BEGIN
        body := {body};
        NEW.search_folded := setweight(to_tsvector('vi_unaccent', coalesce(NEW.title, '')), 'A')
                             || setweight(to_tsvector('vi_unaccent', coalesce(NEW.lead, '')), 'B')
                             || setweight(to_tsvector('vi_unaccent', body), 'C');
        NEW.search_exact := setweight(to_tsvector('simple', coalesce(NEW.title, '')), 'A')
                            || setweight(to_tsvector('simple', coalesce(NEW.lead, '')), 'B')
                            || setweight(to_tsvector('simple', body), 'C');
        RETURN NEW;
    END $$"""


TRIGGER_ON_BODY = [
    _trigger_function("coalesce(NEW.body_plain, '')"),
    "DROP TRIGGER IF EXISTS articles_article_search_vectors ON articles_article",
    "CREATE TRIGGER articles_article_search_vectors BEFORE INSERT OR UPDATE OF title, lead, body_plain "
    "ON articles_article FOR EACH ROW EXECUTE FUNCTION articles_article_search_vectors()",
]
TRIGGER_ON_PARAGRAPHS = [
    _trigger_function("coalesce((SELECT string_agg(value, ' ') FROM jsonb_array_elements_text(NEW.paragraphs)), '')"),
    "DROP TRIGGER IF EXISTS articles_article_search_vectors ON articles_article",
    "CREATE TRIGGER articles_article_search_vectors BEFORE INSERT OR UPDATE OF title, lead, paragraphs "
    "ON articles_article FOR EACH ROW EXECUTE FUNCTION articles_article_search_vectors()",
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
        ("articles", "0010_search_weights_lead_body"),
        ("photos", "0005_forget_guessable_rendition_names"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="body",
            field=models.JSONField(blank=True, default=list,
                                   help_text="Các khối của bài (đoạn văn, tiêu đề, ảnh, bảng…), theo thứ tự.",
                                   verbose_name="nội dung"),
        ),
        migrations.AddField(
            model_name="article",
            name="body_plain",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.CreateModel(
            name="Attachment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("file", models.FileField(max_length=255, upload_to=articles.models._attachment_path,
                                          verbose_name="tệp")),
                ("file_name", models.CharField(editable=False, max_length=200, verbose_name="tên tệp")),
                ("content_type", models.CharField(editable=False, max_length=120, verbose_name="kiểu tệp")),
                ("size", models.PositiveIntegerField(default=0, editable=False, verbose_name="dung lượng (byte)")),
                ("title", models.CharField(blank=True, help_text="Để trống để dùng tên tệp.", max_length=300,
                                           verbose_name="tên hiển thị")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="tải lên lúc")),
                ("article", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                              related_name="attachments", to="articles.article",
                                              verbose_name="bài viết")),
                ("uploaded_by", models.ForeignKey(blank=True, editable=False, null=True,
                                                  on_delete=django.db.models.deletion.SET_NULL, related_name="+",
                                                  to=settings.AUTH_USER_MODEL, verbose_name="người tải lên")),
            ],
            options={"verbose_name": "tệp đính kèm", "verbose_name_plural": "tệp đính kèm", "ordering": ["pk"]},
        ),
        migrations.RunPython(_run(TRIGGER_ON_BODY), _run(TRIGGER_ON_PARAGRAPHS), elidable=False),
        migrations.RunPython(forwards, backwards, elidable=False),
        migrations.RunPython(grant_attachments, migrations.RunPython.noop),
    ]
