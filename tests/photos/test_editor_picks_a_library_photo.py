"""An editor puts an existing library photo into a new slot of an article (the form's photo choices)."""

from django.urls import reverse

from tests.helpers.admin import change_form_data
from tests.helpers.factories import ArticleFactory, PhotoFactory


def test_an_editor_picks_a_library_photo_for_a_new_slot(client, editor):
    article = ArticleFactory(title="Bài cần ảnh")
    photo = PhotoFactory(alt_text="Cầu Nhật Lệ 3")
    client.force_login(editor)
    data = change_form_data(article, **{
        "photo_slots-TOTAL_FORMS": 1, "photo_slots-0-photo": photo.pk, "photo_slots-0-article": article.pk,
        "photo_slots-0-alt_text": "Cầu Nhật Lệ 3", "photo_slots-0-caption": "Cầu mới", "photo_slots-0-order": 0})
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302
    assert list(article.photo_slots.values_list("photo_id", "caption")) == [(photo.pk, "Cầu mới")]
