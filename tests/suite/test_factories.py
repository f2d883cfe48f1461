"""The factories make what they promise: the states readers see or do not see, roles, awards."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Status
from awards.models import Award, RecipientKind, Visibility
from tests.helpers.factories import (ArticleFactory, AuthorFactory, AwardFactory, AwardRecipientFactory,
                                     CorrectionNoteFactory, TagFactory, UserFactory)

pytestmark = pytest.mark.django_db


def test_a_live_article_is_published_in_the_past_and_readers_see_it(client):
    article = ArticleFactory(live=True, title="Đồng Hới khánh thành cầu Nhật Lệ 3")

    assert article.status == Status.PUBLISHED
    assert timezone.now() - datetime.timedelta(hours=2) < article.publish_at < timezone.now()
    assert list(Article.objects.live()) == [article]
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Đồng Hới khánh thành cầu Nhật Lệ 3" in response.content.decode()


@pytest.mark.parametrize("trait,status", [("in_review", Status.IN_REVIEW), ("approved", Status.APPROVED),
                                          ("scheduled", Status.SCHEDULED), ("unpublished", Status.UNPUBLISHED)])
def test_the_other_states_are_not_live(client, trait, status):
    article = ArticleFactory(**{trait: True})

    assert Article.objects.get(pk=article.pk).status == status
    assert not Article.objects.live().exists()
    assert client.get(reverse("articles:home")).content.decode().count(article.title) == 0


def test_a_trashed_live_article_is_not_live():
    article = ArticleFactory(live=True, trashed=True)

    assert article.deleted_at is not None
    assert not Article.objects.live().exists()


def test_the_byline_and_tags_are_as_asked():
    first, second = AuthorFactory(name="Ngô Quang Văn"), AuthorFactory(name="Lê Thị Hoa")
    article = ArticleFactory(byline=[second, first], tags=["Khen thưởng", "Đồng Hới"])

    assert [link.author.name for link in article.author_links.order_by("order")] == ["Lê Thị Hoa", "Ngô Quang Văn"]
    assert sorted(article.tags.names()) == ["Khen thưởng", "Đồng Hới"]
    assert TagFactory(name="Khen thưởng").slug == "khen-thuong"


@pytest.mark.parametrize("role", ["Reporter", "Editor", "Chief editor"])
def test_a_user_with_a_role_is_staff_in_that_group_and_can_log_in(client, role):
    user = UserFactory(role=role)

    assert list(user.groups.values_list("name", flat=True)) == [role]
    assert user.is_staff
    assert client.login(username=user.username, password="pw-" + user.username)


def test_a_user_without_a_role_is_in_no_group():
    assert UserFactory().groups.count() == 0


def test_an_award_with_recipients_and_articles(client):
    article = ArticleFactory(live=True)
    award = AwardFactory(public=True, form="bang-khen", recipients=[(RecipientKind.COLLECTIVE, "Công an phường Nam Lý"),
                                                       (RecipientKind.INDIVIDUAL, "Trần Thị Bình", "Bắt 3 đối tượng")],
                         articles=[article])

    assert (award.form.name, award.year, award.visibility) == ("Bằng khen", 2018, Visibility.PUBLIC)
    assert [(link.recipient.name, link.citation) for link in award.recipient_links.all()] == [
        ("Công an phường Nam Lý", ""), ("Trần Thị Bình", "Bắt 3 đối tượng")]
    assert list(award.articles.all()) == [article]
    assert list(Award.objects.public()) == [award]


def test_an_award_is_internal_unless_made_public():
    internal = AwardFactory()
    public = AwardRecipientFactory(award__public=True).award

    assert internal.visibility == Visibility.INTERNAL
    assert list(Award.objects.public()) == [public]


def test_a_correction_note_hangs_off_a_live_article(client):
    note = CorrectionNoteFactory(text="Đã sửa tên xã ở đoạn hai.")

    assert note.article.status == Status.PUBLISHED
    assert "Đã sửa tên xã ở đoạn hai." in client.get(note.article.get_absolute_url()).content.decode()
