"""Photo slots an import left without an image: listed by the publishing checks, removed in one click."""

import shutil

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse

from articles import workflow
from articles.models import Article
from photos.models import ArticlePhoto
from tests.helpers.factories import ArticleFactory, ArticlePhotoFactory, PhotoFactory

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def remove_url(article):
    return reverse("admin:articles_article_remove_empty_slots", args=[article.pk])


@pytest.fixture
def imported(tmp_path, seed_path, reporter):
    """The seed export imported for the reporter: eight captioned slots, none with an image."""
    shutil.copy(seed_path, tmp_path / seed_path.name)
    call_command("import_articles", str(tmp_path), "--owner", "reporter", stdout=open("/dev/null", "w"))
    return Article.objects.get()


def photo_slot_ids_in_body(article):
    return [slot for block in article.body if block["type"] == "photos" for slot in block["value"]["slots"]]


def test_the_publishing_checks_list_every_empty_slot(imported):
    problems = workflow.publishing_problems(imported)
    assert [p for p in problems if "tệp ảnh" in p] == [f"Ảnh thứ {n} chưa có tệp ảnh." for n in range(1, 9)]


def test_the_article_form_offers_the_button_and_it_removes_the_empty_slots_and_their_places(imported, client,
                                                                                            reporter):
    kept = ArticlePhoto.objects.filter(article=imported).order_by("order", "pk")[1]
    kept.photo = PhotoFactory()
    kept.save()
    client.force_login(reporter)
    page = client.get(reverse("admin:articles_article_change", args=[imported.pk])).content.decode()
    assert "Các ảnh số 1, 3, 4, 5, 6, 7, 8 chưa có tệp ảnh" in page
    assert f'action="{remove_url(imported)}"' in page
    version = Article.objects.get(pk=imported.pk).version
    response = client.post(remove_url(imported), follow=True)
    assert messages_of(response) == ["Đã xóa 7 ô ảnh trống."]
    article = Article.objects.get(pk=imported.pk)
    assert list(article.photo_slots.values_list("pk", flat=True)) == [kept.pk]
    assert photo_slot_ids_in_body(article) == [kept.pk]
    assert article.version > version
    assert article.revisions.first().reason == "Xóa các ô ảnh trống"
    assert [p for p in workflow.publishing_problems(article) if "tệp ảnh" in p] == []
    assert "Xóa các ô ảnh trống" not in client.get(reverse("admin:articles_article_change",
                                                           args=[article.pk])).content.decode()


def test_only_who_may_edit_the_article_may_remove_its_slots(imported, client, other_reporter, editor):
    client.force_login(other_reporter)
    assert client.post(remove_url(imported)).status_code == 403
    assert ArticlePhoto.objects.filter(article=imported).count() == 8
    assert client.get(remove_url(imported)).status_code == 405
    client.force_login(editor)
    assert client.post(remove_url(imported)).status_code == 302
    assert ArticlePhoto.objects.filter(article=imported).count() == 0


def test_a_reporter_cannot_remove_slots_of_their_article_once_submitted(imported, client, reporter):
    workflow.submit(imported, reporter)
    client.force_login(reporter)
    assert client.post(remove_url(imported)).status_code == 403
    assert ArticlePhoto.objects.filter(article=imported).count() == 8


def test_the_post_needs_the_csrf_token(imported, reporter):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(reporter)
    assert client.post(remove_url(imported)).status_code == 403
    assert ArticlePhoto.objects.filter(article=imported).count() == 8


def test_an_article_without_empty_slots_shows_no_button(client, editor):
    article = ArticleFactory()
    ArticlePhotoFactory(article=article)
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "remove-empty-slots" not in page
