"""Every admin action and every management command that writes content changes the public page at once.

Whatever path a write takes (save(), QuerySet.update(), a bulk action, a command,
an import), the next anonymous request shows it: with the page cache on, and with
only the fragment cache on. The last two tests keep the lists below complete: a
new admin action or a new command fails them until it is covered here.
"""

import datetime
import json

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command, get_commands
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Status
from awards.models import Award, AwardForm, Visibility
from photos.models import ArticlePhoto
from tests.helpers.factories import ArticleFactory, ArticlePhotoFactory, PhotoFactory
from tests.helpers.public import make_live

pytestmark = pytest.mark.django_db

CACHE_MODES = {
    "page cache": {"PAGE_CACHE_SECONDS": 300, "FRAGMENT_CACHE_SECONDS": 3600},
    "fragment cache only": {"PAGE_CACHE_SECONDS": 0, "FRAGMENT_CACHE_SECONDS": 3600},
}


@pytest.fixture(params=list(CACHE_MODES))
def cache_mode(request, settings):
    for name, value in CACHE_MODES[request.param].items():
        setattr(settings, name, value)
    return request.param


def page(client, url) -> str:
    response = client.get(url)
    return response.content.decode()


def run_action(client, model, action, pks, query="", **extra):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist") + query
    return client.post(url, {"action": action, ACTION_CHECKBOX_NAME: [str(pk) for pk in pks], **extra})


def award_on(article, *, public):
    award = Award.objects.create(form=AwardForm.objects.get(slug="giay-khen"), issuer_title="Giám đốc Công an tỉnh",
                                 decision_number="125/QĐ-CAT", period_start=2018,
                                 visibility=Visibility.PUBLIC if public else Visibility.INTERNAL)
    award.articles.add(article)
    return award


# --- Admin actions ---------------------------------------------------------------------


def test_making_an_award_internal_removes_it_from_the_article_page_at_once(cache_mode, client, superuser):
    article = make_live(ArticleFactory(title="Bài về khen thưởng"))
    award = award_on(article, public=True)
    anonymous = client.__class__()
    assert "125/QĐ-CAT" in page(anonymous, article.get_absolute_url())
    client.force_login(superuser)
    run_action(client, Award, "make_internal", [award.pk])
    assert Award.objects.get(pk=award.pk).visibility == Visibility.INTERNAL
    assert "125/QĐ-CAT" not in page(anonymous, article.get_absolute_url())


def test_making_an_award_public_shows_it_on_the_article_page_at_once(cache_mode, client, superuser):
    article = make_live(ArticleFactory(title="Bài về khen thưởng"))
    award = award_on(article, public=False)
    anonymous = client.__class__()
    assert "125/QĐ-CAT" not in page(anonymous, article.get_absolute_url())
    client.force_login(superuser)
    run_action(client, Award, "make_public", [award.pk])
    assert "125/QĐ-CAT" in page(anonymous, article.get_absolute_url())


def test_export_selected_awards_writes_nothing(client, superuser):
    article = make_live(ArticleFactory())
    award = award_on(article, public=True)
    client.force_login(superuser)
    response = run_action(client, Award, "export_selected", [award.pk])
    assert "125/QĐ-CAT" in response.content.decode("utf-8-sig")


def test_publishing_selected_articles_shows_them_on_the_home_page_at_once(cache_mode, client, editor):
    article = ArticleFactory(title="Tin mới đăng hàng loạt")
    ArticlePhoto.objects.filter(article=article).delete()
    anonymous = client.__class__()
    assert "Tin mới đăng hàng loạt" not in page(anonymous, "/")
    client.force_login(editor)
    run_action(client, Article, "publish_selected", [article.pk])
    assert Article.objects.get(pk=article.pk).status == Status.PUBLISHED
    assert "Tin mới đăng hàng loạt" in page(anonymous, "/")


def test_publishing_selected_imported_articles_shows_them_at_once(cache_mode, client, editor):
    article = ArticleFactory(title="Bài nhập từ hệ thống cũ", source_id="cu-1",
                             source_published_on=datetime.date(2019, 3, 8))
    ArticlePhoto.objects.filter(article=article).delete()
    article.refresh_from_db()
    anonymous = client.__class__()
    section_page = article.section.get_absolute_url()
    assert "Bài nhập từ hệ thống cũ" not in page(anonymous, section_page)
    client.force_login(editor)
    run_action(client, Article, "publish_imported_selected", [article.pk])
    assert Article.objects.get(pk=article.pk).status == Status.PUBLISHED
    assert "Bài nhập từ hệ thống cũ" in page(anonymous, section_page)
    assert anonymous.get(article.get_absolute_url()).status_code == 200


def test_unpublishing_selected_articles_takes_them_off_the_home_page_at_once(cache_mode, client, editor):
    article = make_live(ArticleFactory(title="Tin sắp gỡ hàng loạt"))
    anonymous = client.__class__()
    assert "Tin sắp gỡ hàng loạt" in page(anonymous, "/")
    client.force_login(editor)
    run_action(client, Article, "unpublish_selected", [article.pk], apply="1", note="Sai số liệu")
    assert Article.objects.get(pk=article.pk).status == Status.UNPUBLISHED
    assert "Tin sắp gỡ hàng loạt" not in page(anonymous, "/")
    assert anonymous.get(article.get_absolute_url()).status_code == 404


def test_trashing_restoring_and_purging_selected_articles_show_at_once(cache_mode, client, superuser):
    article = make_live(ArticleFactory(title="Tin vào thùng rác"))
    url = article.get_absolute_url()
    anonymous = client.__class__()
    assert "Tin vào thùng rác" in page(anonymous, "/")
    client.force_login(superuser)
    run_action(client, Article, "delete_selected", [article.pk], post="yes")
    assert "Tin vào thùng rác" not in page(anonymous, "/")
    assert anonymous.get(url).status_code == 404
    run_action(client, Article, "restore_selected", [article.pk], query="?trash=1")
    assert "Tin vào thùng rác" in page(anonymous, "/")
    run_action(client, Article, "delete_selected", [article.pk], post="yes")
    run_action(client, Article, "purge_selected", [article.pk], query="?trash=1", post="yes")
    assert not Article.objects.filter(pk=article.pk).exists()
    assert anonymous.get(url).status_code == 404


def test_deleting_selected_photos_refuses_those_in_use_and_deletes_the_others(cache_mode, client, superuser):
    """A photo an article shows is never deleted from under it; an unused one is (no page shows it)."""
    used, unused = PhotoFactory(alt_text="Ảnh cầu Nhật Lệ"), PhotoFactory(alt_text="Ảnh chưa dùng")
    article = make_live(ArticleFactory(title="Bài có ảnh"))
    ArticlePhotoFactory(article=article, photo=used, caption="Cầu Nhật Lệ về đêm", after_paragraph=1)
    anonymous = client.__class__()
    assert "Cầu Nhật Lệ về đêm" in page(anonymous, article.get_absolute_url())
    client.force_login(superuser)
    run_action(client, type(used), "delete_selected", [used.pk], post="yes")
    assert type(used).objects.filter(pk=used.pk).exists()
    assert "Cầu Nhật Lệ về đêm" in page(anonymous, article.get_absolute_url())
    run_action(client, type(unused), "delete_selected", [unused.pk], post="yes")
    assert not type(unused).objects.filter(pk=unused.pk).exists()


COVERED_ACTIONS = {
    ("awards", "award"): {"make_public", "make_internal", "export_selected"},
    ("articles", "article"): {"publish_selected", "unpublish_selected", "delete_selected", "restore_selected",
                              "purge_selected", "publish_imported_selected"},
    ("photos", "photo"): {"delete_selected"},
    # Covered in tests/documents: test_admin.py (publishing selected documents shows them at once on a cached
    # list); comments show only on the consultation page, which the page cache never serves (test_comments.py).
    ("documents", "document"): {"publish_selected"},
    ("documents", "comment"): {"accept", "keep_private", "mark_spam", "export_xlsx", "export_csv"},
}


def test_every_admin_action_on_content_is_covered_here(rf, superuser):
    """A new bulk action on a model public pages show must get a test above."""
    from django.conf import settings

    request = rf.get("/admin/")
    request.user = superuser
    found = {}
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in settings.PAGE_CACHE_CONTENT_APPS:
            continue
        names = set(model_admin.get_actions(request)) - {"delete_selected"} if model_admin.actions == () else set(
            model_admin.get_actions(request))
        if names - {"delete_selected"} or (names and (model._meta.app_label, model._meta.model_name)
                                           in COVERED_ACTIONS):
            found[(model._meta.app_label, model._meta.model_name)] = names
    uncovered = {key: names - COVERED_ACTIONS.get(key, set()) for key, names in found.items()
                 if names - COVERED_ACTIONS.get(key, set()) - {"delete_selected"}}
    assert uncovered == {}


# --- Management commands ----------------------------------------------------------------


SEED_TEXT = "Tiêu đề\n\nSapo.\n\n{body}\n\nNgô Quang Văn\n"


def test_re_importing_a_live_article_shows_the_new_text_at_once(cache_mode, tmp_path, client):
    source = tmp_path / "000_bai.txt"
    source.write_text("Tin Đồng Hới\n\nSapo của tin.\n\nĐoạn đầu tiên.\n\nNgô Quang Văn\n", encoding="utf-8")
    call_command("import_articles", str(source), verbosity=0)
    article = Article.objects.get(source_id="000_bai")
    make_live(article)
    anonymous = client.__class__()
    assert "Đoạn đầu tiên." in page(anonymous, article.get_absolute_url())
    source.write_text("Tin Đồng Hới\n\nSapo của tin.\n\nĐoạn đã sửa.\n\nNgô Quang Văn\n", encoding="utf-8")
    call_command("import_articles", str(source), verbosity=0)
    assert "Đoạn đã sửa." in page(anonymous, article.get_absolute_url())


def test_importing_public_awards_shows_them_on_the_year_page_at_once(cache_mode, tmp_path, client):
    from awards.importer import COLUMNS

    url = reverse("awards:year", kwargs={"year": 2018})
    anonymous = client.__class__()
    assert "125/QĐ-CAT" not in page(anonymous, url)
    source = tmp_path / "awards.csv"
    source.write_text(",".join(COLUMNS) + "\n125/QĐ-CAT,08/03/2019,Giấy khen,Giám đốc Công an tỉnh,,,2018,,"
                      "cá nhân,Trần Thị Bình,,\n", encoding="utf-8")
    call_command("import_awards", str(source), "--public", verbosity=0)
    assert "125/QĐ-CAT" in page(anonymous, url)


def test_publish_scheduled_keeps_the_page_showing_the_article(cache_mode, client, editor):
    article = ArticleFactory(title="Tin hẹn giờ")
    Article.objects.filter(pk=article.pk).update(status=Status.SCHEDULED,
                                                 publish_at=timezone.now() - datetime.timedelta(minutes=1))
    anonymous = client.__class__()
    assert "Tin hẹn giờ" in page(anonymous, "/")
    call_command("publish_scheduled", verbosity=0)
    assert Article.objects.get(pk=article.pk).status == Status.PUBLISHED
    assert "Tin hẹn giờ" in page(anonymous, "/")


def test_the_demo_command_shows_its_article_on_the_home_page_at_once(cache_mode, client, settings):
    settings.DEBUG = True  # the demo refuses to run otherwise (it prints passwords)
    anonymous = client.__class__()
    before = page(anonymous, "/")
    call_command("demo", verbosity=0)
    title = Article.objects.live().first().title
    assert title not in before
    assert title in page(anonymous, "/")


def test_import_site_shows_the_restored_articles_at_once(cache_mode, tmp_path, client, django_user_model):
    article = make_live(ArticleFactory(title="Tin được sao lưu"))
    call_command("export_site", str(tmp_path / "backup"), verbosity=0)
    anonymous = client.__class__()
    from authors.models import Author

    Article.objects.all().delete()
    assert "Tin được sao lưu" not in page(anonymous, "/")
    Author.objects.all().delete()
    django_user_model.objects.all().delete()
    call_command("import_site", str(tmp_path / "backup"), verbosity=0)
    assert "Tin được sao lưu" in page(anonymous, "/")
    assert article.title == "Tin được sao lưu"


# Commands that write content a public page shows, each covered by a test above; and those that don't.
# import_documents: tests/documents/test_import.py (re-importing a published document shows at once).
WRITING_COMMANDS = {"import_articles", "import_awards", "publish_scheduled", "demo", "import_site", "import_documents"}
READ_ONLY_COMMANDS = {"export_awards", "export_site", "suggest_awards", "awards_suggestion_quality", "royalties_sheet"}


def test_every_project_command_is_known_here():
    """A new management command must say here whether it writes public content (and get a test)."""
    from django.conf import settings

    project_apps = {app for app in settings.INSTALLED_APPS if "." not in app and app not in {"taggit", "csp", "axes"}}
    ours = {name for name, app in get_commands().items() if app in project_apps}
    assert ours - WRITING_COMMANDS - READ_ONLY_COMMANDS == set()
