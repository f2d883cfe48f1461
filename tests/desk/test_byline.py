"""Bylines that fill themselves: a reporter's own author profile, prefilled on every new article."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from articles.models import Article
from authors.models import Author
from tests.helpers.admin import add_form_data
from tests.helpers.factories import AuthorFactory, UserFactory

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_article_add")
AUTHOR_ADD = reverse("admin:authors_author_add")


def byline_post(*author_pks, **fields):
    data = add_form_data(title="Tin mới", lead="Sapo.", paragraphs="Đoạn một.", **fields)
    data.update({"author_links-TOTAL_FORMS": len(author_pks)})
    for i, pk in enumerate(author_pks):
        data.update({f"author_links-{i}-author": pk, f"author_links-{i}-order": i})
    return data


def byline_of(title="Tin mới"):
    return [author.name for author in Article.objects.get(title=title).byline()]


@pytest.fixture
def writer(db):
    return UserFactory(username="phongvien", first_name="Lê", last_name="Minh", role="Reporter")


def test_a_reporters_first_article_creates_their_profile_and_puts_it_in_the_byline(client, writer):
    co_author = AuthorFactory(name="Ngô Quang Văn")
    client.force_login(writer)
    assert "Bài đầu tiên của bạn: khi lưu, hệ thống tạo hồ sơ tác giả" in client.get(ADD).content.decode()
    response = client.post(ADD, byline_post(co_author.pk), follow=True)
    profile = Author.objects.get(user=writer)
    assert profile.name == "Lê Minh"
    assert byline_of() == ["Lê Minh", "Ngô Quang Văn"]
    assert [str(m) for m in get_messages(response.wsgi_request)][0].startswith(
        "Đã tạo hồ sơ tác giả “Lê Minh” cho bạn và ghi vào byline.")


def test_the_profile_is_named_after_the_username_when_the_account_has_no_name(client, reporter):
    client.force_login(reporter)
    client.post(ADD, byline_post())
    assert byline_of() == ["reporter"]
    assert Author.objects.get(user=reporter).name == "reporter"


def test_every_new_article_then_starts_with_the_profile_in_the_byline(client, writer):
    profile = Author.objects.create(name="Lê Minh", user=writer)
    client.force_login(writer)
    page = client.get(ADD).content.decode()
    assert "Bài đầu tiên của bạn" not in page
    assert 'name="author_links-TOTAL_FORMS" value="1"' in page
    row = re.search(r'<select name="author_links-0-author".*?</select>', page, re.S).group(0)
    assert f'<option value="{profile.pk}" selected>Lê Minh</option>' in row
    client.post(ADD, byline_post(profile.pk))
    assert byline_of() == ["Lê Minh"]


def test_a_reporter_who_removes_their_own_name_is_respected(client, writer):
    Author.objects.create(name="Lê Minh", user=writer)
    other = AuthorFactory(name="Cộng tác viên Hà")
    client.force_login(writer)
    client.post(ADD, byline_post(other.pk))
    assert byline_of() == ["Cộng tác viên Hà"]
    assert Article.objects.get(title="Tin mới").created_by == writer


def test_editors_get_their_profile_prefilled_but_none_is_made_for_them(client, editor):
    client.force_login(editor)
    assert 'name="author_links-TOTAL_FORMS" value="0"' in client.get(ADD).content.decode()
    client.post(ADD, byline_post())
    assert byline_of() == []
    assert not Author.objects.filter(user=editor).exists()
    profile = Author.objects.create(name="Biên tập viên", user=editor)
    assert 'name="author_links-TOTAL_FORMS" value="1"' in client.get(ADD).content.decode()
    assert Author.objects.filter(pk=profile.pk).exists()


def test_editing_an_article_changes_nobodys_byline(client, writer):
    client.force_login(writer)
    client.post(ADD, byline_post())
    article = Article.objects.get(title="Tin mới")
    from tests.helpers.admin import change_form_data

    data = change_form_data(article, **{"author_links-0-DELETE": "on"})
    client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert byline_of() == []


def test_only_editors_are_offered_and_allowed_to_create_authors(client, writer, editor):
    client.force_login(writer)
    assert 'id="add_id_author_links-__prefix__-author"' not in client.get(ADD).content.decode()
    assert client.get(AUTHOR_ADD).status_code == 403
    assert client.post(AUTHOR_ADD, {"name": "Tác giả bịa"}).status_code == 403
    assert not Author.objects.filter(name="Tác giả bịa").exists()
    client.force_login(editor)
    assert 'id="add_id_author_links-__prefix__-author"' in client.get(ADD).content.decode()
    response = client.post(AUTHOR_ADD + "?_to_field=id&_popup=1", {"name": "Tác giả mới", "bio": "", "_popup": "1"})
    assert response.status_code == 200
    assert Author.objects.filter(name="Tác giả mới").exists()


def test_a_reporter_edits_their_own_profile_but_not_anothers(client, writer):
    own = Author.objects.create(name="Lê Minh", user=writer)
    other = AuthorFactory(name="Ngô Quang Văn")
    client.force_login(writer)
    url = reverse("admin:authors_author_change", args=[own.pk])
    response = client.post(url, {"name": "Lê Văn Minh", "bio": "Phóng viên mảng an ninh."})
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.name, own.bio, own.user) == ("Lê Văn Minh", "Phóng viên mảng an ninh.", writer)
    response = client.post(reverse("admin:authors_author_change", args=[other.pk]), {"name": "Đổi tên"})
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.name == "Ngô Quang Văn"


def test_a_reporter_cannot_move_their_profile_to_another_account(client, writer, other_reporter):
    own = Author.objects.create(name="Lê Minh", user=writer)
    client.force_login(writer)
    client.post(reverse("admin:authors_author_change", args=[own.pk]),
                {"name": "Lê Minh", "bio": "", "user": other_reporter.pk, "slug": "khac"})
    own.refresh_from_db()
    assert (own.user, own.slug) == (writer, "le-minh")
