"""Tags on the article form: suggestions from existing tags (accent-insensitive), names that survive a round trip."""

import html
import re

import pytest
from django.urls import reverse

from articles.admin.article_form import tags_text
from articles.models import Article, MAX_TAGS_PER_ARTICLE
from tests.helpers.admin import change_form_data
from tests.helpers.factories import ArticleFactory, TagFactory

pytestmark = pytest.mark.django_db

SUGGEST = reverse("admin:articles_tag_suggest")
TRICKY = ["An ninh", "Công an Quảng Bình, Đồng Hới", "Hà Nội"]


def suggested(client, term):
    response = client.get(SUGGEST, {"q": term})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return [row["name"] for row in response.json()["results"]]


@pytest.fixture
def tags(db):
    return [TagFactory(name=name) for name in ["Hà Nội", "Hà Giang", "Đồng Hới", "Phố cổ Hà Nội", "Kinh tế"]]


@pytest.mark.parametrize("term", ["ha noi", "HA NOI", "Hà Nội", "hà nội", "  ha   noi "])
def test_suggestions_ignore_accents_case_and_spaces(client, reporter, tags, term):
    client.force_login(reporter)
    assert suggested(client, term) == ["Hà Nội", "Phố cổ Hà Nội"]


def test_suggestions_put_names_starting_with_the_words_first(client, editor, tags):
    client.force_login(editor)
    assert suggested(client, "ha") == ["Hà Giang", "Hà Nội", "Phố cổ Hà Nội"]
    assert suggested(client, "dong hoi") == ["Đồng Hới"]
    assert suggested(client, "") == []
    assert suggested(client, "khong co") == []


def test_suggestions_are_at_most_ten(client, editor):
    for n in range(15):
        TagFactory(name=f"Hội nghị {n:02d}")
    client.force_login(editor)
    assert len(suggested(client, "hoi nghi")) == 10


def test_suggestions_are_for_staff_who_may_view_tags_only(client, staff_without_role, tags):
    assert client.get(SUGGEST, {"q": "ha"})["Location"].startswith(reverse("admin:login"))
    client.force_login(staff_without_role)
    assert client.get(SUGGEST, {"q": "ha"}).status_code == 403


def shown_tags(client, article) -> str:
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    return html.unescape(re.search(r'<input[^>]*name="tags"[^>]*value="([^"]*)"', page).group(1))


def test_names_with_spaces_and_commas_round_trip_through_the_form_without_stray_quotes(client, editor):
    article = ArticleFactory(tags=TRICKY)
    client.force_login(editor)
    shown = shown_tags(client, article)
    assert shown == 'An ninh, "Công an Quảng Bình, Đồng Hới", Hà Nội'
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]),
                           change_form_data(article, tags=shown))
    assert response.status_code == 302
    assert sorted(Article.objects.get(pk=article.pk).tags.names()) == TRICKY
    assert shown_tags(client, article) == shown


@pytest.mark.parametrize("typed, names", [
    ("Hà Nội", ["Hà Nội"]),
    ('"Hà Nội", Đồng Hới', ["Hà Nội", "Đồng Hới"]),
    ('"Hà Nội" "Đồng Hới"', ["Hà Nội", "Đồng Hới"]),
    ("Kinh tế,  Xã hội ,", ["Kinh tế", "Xã hội"]),
    (tags_text(TRICKY), TRICKY),
    ("", []),
])
def test_what_a_person_types_without_javascript_is_read_as_they_mean(client, editor, typed, names):
    article = ArticleFactory()
    client.force_login(editor)
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]),
                           change_form_data(article, tags=typed))
    assert response.status_code == 302
    assert sorted(Article.objects.get(pk=article.pk).tags.names()) == sorted(names)


def test_the_limits_still_apply(client, editor):
    article = ArticleFactory()
    client.force_login(editor)
    too_many = ", ".join(f"Thẻ {n}" for n in range(MAX_TAGS_PER_ARTICLE + 1))
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]),
                           change_form_data(article, tags=too_many))
    assert "Mỗi bài tối đa 30 thẻ; bạn đã nhập 31 thẻ." in response.content.decode()
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]),
                           change_form_data(article, tags="Hà Nội " + "x" * 120))
    assert "Mỗi thẻ tối đa 100 ký tự" in response.content.decode()
    assert list(Article.objects.get(pk=article.pk).tags.names()) == []


def test_a_tag_name_with_a_straight_double_quote_is_refused_in_the_tags_admin(client, editor):
    client.force_login(editor)
    response = client.post(reverse("admin:articles_tag_add"), {"name": 'Chiến dịch "Mùa hè xanh"', "slug": ""})
    assert response.status_code == 200
    assert "Tên thẻ không được có dấu ngoặc kép thẳng" in response.content.decode()
    client.post(reverse("admin:articles_tag_add"), {"name": "Chiến dịch “Mùa hè xanh”", "slug": "chien-dich"})
    from articles.models import Tag

    assert list(Tag.objects.values_list("name", flat=True)) == ["Chiến dịch “Mùa hè xanh”"]
