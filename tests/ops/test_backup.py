"""export_site / import_site: a whole-site round trip through an emptied database and media folder."""

import io
import json
import shutil

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Section, Tag, TaggedArticle
from authors.models import Author
from photos.models import ArticlePhoto, Photo
from tests.helpers.factories import ArticleFactory, ArticlePhotoFactory, AuthorFactory, PhotoFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(django_user_model):
    """A small newsroom: a user in a group with a permission, articles with authors, tags and a photo."""
    editor = django_user_model.objects.create_user(username="bientap", password="mat-khau-bien-tap", is_staff=True)
    group = Group.objects.create(name="Biên tập viên")
    group.permissions.add(Permission.objects.get(codename="change_article"))
    editor.groups.add(group)
    author = AuthorFactory(name="Ngô Quang Văn", user=editor)
    section = Section.objects.create(name="An ninh – Trật tự")
    first = ArticleFactory(title="Đồng Hới đón khách du lịch", section=section, byline=[author],
                           paragraphs=["Đoạn một.", "Đoạn hai."], created_by=editor, tags=["Đồng Hới", "Du lịch"],
                           live=True, publish_at=timezone.now() - timezone.timedelta(hours=2))
    photo = PhotoFactory(alt_text="Bãi biển Nhật Lệ", credit="Ngọc Minh")
    ArticlePhotoFactory(article=first, photo=photo, caption="Bãi biển Nhật Lệ sáng sớm", after_paragraph=1)
    second = ArticleFactory(title="Bản nháp chưa đăng", section=section, byline=[AuthorFactory()])
    second.tags.add("Du lịch")
    return {"published": first, "draft": second, "photo": photo, "editor": editor}


def snapshot() -> dict:
    """What the database holds, without the ids that a restore may renumber (users, content types)."""
    return {
        "sections": list(Section.objects.values_list("pk", "name", "slug")),
        "articles": list(Article.objects.order_by("pk").values_list(
            "pk", "title", "slug", "lead", "body", "body_plain", "status", "publish_at", "section_id",
            "created_by__username", "search_text", "view_count")),
        "byline": list(ArticleAuthor.objects.order_by("pk").values_list("article_id", "author__name", "order")),
        "authors": list(Author.objects.order_by("pk").values_list("pk", "name", "slug", "user__username")),
        "tags": list(Tag.objects.order_by("name").values_list("name", "slug")),
        "tagged": sorted(TaggedArticle.objects.values_list("content_object_id", "tag__name")),
        "photos": list(Photo.objects.order_by("pk").values_list("pk", "image", "width", "height", "alt_text",
                                                               "credit")),
        "slots": list(ArticlePhoto.objects.order_by("pk").values_list("pk", "article_id", "photo_id", "caption",
                                                                     "order")),
        "users": list(User.objects.order_by("username").values_list("username", "password", "is_staff")),
        "groups": sorted((g.name, sorted(g.permissions.values_list("codename", flat=True)))
                         for g in Group.objects.all()),
        "memberships": sorted(User.groups.through.objects.values_list("user__username", "group__name")),
    }


# flush truncates tables: outside the test's transaction on PostgreSQL.
@pytest.mark.django_db(transaction=True)
def test_export_then_import_into_an_emptied_site_gives_the_same_site(client, site, tmp_path, media_root,
                                                                     photo_originals_root):
    photo_bytes = site["photo"].image.read()
    photo_name = site["photo"].image.name
    before = snapshot()
    url = site["published"].get_absolute_url()
    assert client.get(url).status_code == 200

    call_command("export_site", str(tmp_path / "sao-luu"), stdout=io.StringIO())

    # Everything gone: the database emptied (content types and permissions made anew), the media deleted.
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media_root)
    shutil.rmtree(photo_originals_root)
    assert Article.objects.count() == 0 and User.objects.count() == 0
    assert client.get(url).status_code == 404

    call_command("import_site", str(tmp_path / "sao-luu"), stdout=io.StringIO())

    after = snapshot()
    for key in before:
        assert after[key] == before[key], key
    assert (photo_originals_root / photo_name).read_bytes() == photo_bytes  # the private original
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Đồng Hới đón khách du lịch" in page
    rendition = Photo.objects.get().renditions.filter(format="jpeg").order_by("width").first()
    assert rendition.file.url in page and (media_root / rendition.file.name).is_file()
    # Passwords survive: the editor logs in as before, with the group's permission.
    assert client.login(username="bientap", password="mat-khau-bien-tap")
    assert User.objects.get(username="bientap").has_perm("articles.change_article")


def test_export_writes_a_manifest_data_and_media(site, tmp_path):
    out = io.StringIO()
    call_command("export_site", str(tmp_path / "b"), stdout=out)

    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
    assert (manifest["format"], manifest["version"], manifest["media_files"]) == ("newsroom-site-export", 1, 1)
    assert manifest["rows"]["articles.Article"] == 2
    assert manifest["rows"]["auth.User"] == 1
    assert (tmp_path / "b" / "originals" / site["photo"].image.name).is_file()
    accounts = json.loads((tmp_path / "b" / "accounts.json").read_text())
    content = json.loads((tmp_path / "b" / "content.json").read_text())
    assert {row["model"] for row in accounts} == {"auth.user", "auth.group"}
    group = next(row for row in accounts if row["model"] == "auth.group" and row["fields"]["name"] == "Biên tập viên")
    assert "pk" not in group
    assert group["fields"] == {"name": "Biên tập viên", "permissions": [["change_article", "articles", "article"]]}
    models = {row["model"] for row in content}
    assert {"articles.article", "articles.tag", "articles.taggedarticle", "photos.photo", "photos.articlephoto",
            "authors.author"} <= models
    assert not models & {"contenttypes.contenttype", "auth.permission", "sessions.session", "auth.user"}
    article = next(row for row in content if row["model"] == "articles.article" and row["pk"] == site["published"].pk)
    assert article["fields"]["created_by"] == ["bientap"]
    assert out.getvalue() == (
        f"Đã sao lưu {sum(manifest['rows'].values())} bản ghi và 1 tệp media vào {tmp_path / 'b'}.\n")


def test_import_refuses_a_database_that_already_has_articles(site, tmp_path):
    call_command("export_site", str(tmp_path / "b"), stdout=io.StringIO())

    with pytest.raises(CommandError) as refused:
        call_command("import_site", str(tmp_path / "b"))

    assert str(refused.value) == ("Cơ sở dữ liệu đã có bài viết: import_site chỉ nạp vào một cơ sở dữ liệu "
                                  "trống vừa chạy migrate. Không có gì được ghi.")
    assert Article.objects.count() == 2


def test_export_refuses_a_folder_with_files_in_it(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "cu.txt").write_text("bản cũ")

    with pytest.raises(CommandError) as refused:
        call_command("export_site", str(tmp_path / "b"))

    assert str(refused.value) == f"Thư mục {tmp_path / 'b'} đã có dữ liệu: hãy chọn một thư mục mới hoặc trống."


def test_import_refuses_a_folder_that_is_not_an_export(tmp_path):
    (tmp_path / "b").mkdir()

    with pytest.raises(CommandError) as refused:
        call_command("import_site", str(tmp_path / "b"))

    assert str(refused.value) == (f"{tmp_path / 'b'} không phải bản sao lưu của export_site "
                                  "(thiếu manifest.json, accounts.json hoặc content.json).")


# flush truncates tables: outside the test's transaction on PostgreSQL.
@pytest.mark.django_db(transaction=True)
def test_a_broken_export_writes_nothing(site, tmp_path, media_root):
    call_command("export_site", str(tmp_path / "b"), stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media_root, ignore_errors=True)
    content = json.loads((tmp_path / "b" / "content.json").read_text())
    # The last row points at an article that is not in the export.
    content.append({"model": "articles.articleauthor", "pk": 999, "fields": {"article": 424242, "author": 1,
                                                                             "order": 0}})
    (tmp_path / "b" / "content.json").write_text(json.dumps(content))

    with pytest.raises(CommandError) as refused:
        call_command("import_site", str(tmp_path / "b"))

    assert str(refused.value).startswith("Không nạp được dữ liệu, không có gì được ghi:")
    assert Article.objects.count() == 0
    assert User.objects.count() == 0
