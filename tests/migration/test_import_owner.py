"""`import_articles --owner USERNAME`: imported drafts belong to that user and show on their desk."""

import shutil

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles.admin.dashboard import panel
from articles.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def export_dir(tmp_path, seed_path):
    folder = tmp_path / "export"
    folder.mkdir()
    shutil.copy(seed_path, folder / seed_path.name)
    (folder / "bai-hai.txt").write_text("Hội nghị tổng kết năm\n08/03/2019\n\nSáng nay, hội nghị đã diễn ra.\n\n"
                                        "Nội dung thứ hai của bài.\n", encoding="utf-8")
    return folder


def test_imported_drafts_are_created_by_the_owner_and_on_their_desk(export_dir, reporter, client):
    call_command("import_articles", str(export_dir), "--owner", "reporter", stdout=open("/dev/null", "w"))
    articles = Article.objects.order_by("source_id")
    assert [(a.source_id, a.created_by) for a in articles] == [
        ("000_e54cdf6b1a378940", reporter), ("bai-hai", reporter)]
    drafts = next(item for item in panel(reporter) if item["key"] == "my_drafts")
    assert drafts["count"] == 2
    client.force_login(reporter)
    response = client.get(reverse("admin:articles_article_changelist"))
    assert sorted(a.source_id for a in response.context["cl"].result_list) == ["000_e54cdf6b1a378940", "bai-hai"]


def test_an_unknown_owner_is_refused_in_vietnamese_and_nothing_is_imported(export_dir):
    with pytest.raises(CommandError) as refusal:
        call_command("import_articles", str(export_dir), "--owner", "khongco")
    assert str(refusal.value) == "Không có tài khoản với tên đăng nhập 'khongco': không nhập bài nào."
    assert Article.objects.count() == 0


def test_without_owner_imported_articles_have_no_creator(export_dir):
    call_command("import_articles", str(export_dir), stdout=open("/dev/null", "w"))
    assert list(Article.objects.values_list("created_by", flat=True)) == [None, None]


def test_a_reimport_with_an_owner_keeps_an_existing_owner(export_dir, reporter, other_reporter):
    call_command("import_articles", str(export_dir), "--owner", "reporter", stdout=open("/dev/null", "w"))
    call_command("import_articles", str(export_dir), "--owner", "reporter2", stdout=open("/dev/null", "w"))
    assert set(Article.objects.values_list("created_by__username", flat=True)) == {"reporter"}
