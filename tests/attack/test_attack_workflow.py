"""Attacks on the editorial workflow through the admin (issue 13, items 3 and 8).

Item 3: an editor must not get an article live in a section that needs a chief
editor's approval by publishing it in a one-approval section and moving it
back, whatever the order of the saves (the change form, the revision restore).
Item 8: the article form bounds tags, byline authors, photo slots and tag length,
refusing a crafted request with thousands of them at once and writing nothing.
"""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from articles import workflow
from articles.models import (MAX_AUTHORS_PER_ARTICLE, MAX_PHOTOS_PER_ARTICLE, MAX_TAGS_PER_ARTICLE, Article,
                             ArticleAuthor, Status, Tag)
from articles.workflow import revisions
from tests.helpers.admin import change_form_data
from tests.helpers.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db

REFUSED_MOVE = "chỉ Trưởng ban biên tập được chuyển bài sang chuyên mục"


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def transition_url(article, action):
    return reverse("admin:articles_article_transition", args=[article.pk, action])


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def stored(article) -> tuple:
    article = Article.objects.get(pk=article.pk)
    return (article.section_id, article.status, article.title, article.version, article.revisions.count(),
            sorted(article.tags.names()), article.author_links.count(), article.photo_slots.count())


@pytest.fixture
def one_approval(db):
    return SectionFactory(name="Thời sự")


@pytest.fixture
def two_approvals(db):
    return SectionFactory(name="Chính trị", requires_second_approval=True)


@pytest.fixture
def submitted(reporter, two_approvals):
    """A reporter's article submitted in the section that needs the chief editor."""
    article = ArticleFactory(created_by=reporter, section=two_approvals, title="Bài cần Trưởng ban duyệt")
    return workflow.submit(article, reporter)


# --- Item 3: the section detour ------------------------------------------------------


def test_editor_cannot_publish_in_a_two_approval_section_directly(client, editor, submitted):
    client.force_login(editor)
    assert client.post(transition_url(submitted, "publish")).status_code == 403
    assert Article.objects.get(pk=submitted.pk).status == Status.IN_REVIEW


def test_the_detour_through_a_one_approval_section_is_refused_at_the_move_back(client, editor, submitted,
                                                                                one_approval, two_approvals):
    client.force_login(editor)
    # 1. Move it out: allowed, it is not live.
    response = client.post(change_url(submitted), change_form_data(submitted, section=one_approval.pk))
    assert response.status_code == 302
    # 2. Publish it there: allowed, that section needs one approval.
    assert client.post(transition_url(submitted, "publish")).status_code == 302
    article = Article.objects.get(pk=submitted.pk)
    assert (article.section_id, article.status) == (one_approval.pk, Status.PUBLISHED)
    before = stored(article)
    # 3. Move it back: refused, with the reason on the section field.
    response = client.post(change_url(article), change_form_data(article, section=two_approvals.pk))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["section"]
    assert errors["section"] == [
        "Bài đang đăng hoặc đã hẹn giờ đăng: chỉ Trưởng ban biên tập được chuyển bài sang chuyên mục "
        "“Chính trị” (chuyên mục cần duyệt hai cấp)."]
    assert REFUSED_MOVE in response.content.decode()
    assert stored(article) == before
    # Readers still find it where it was published, and nowhere under the two-approval section.
    assert Article.objects.live().filter(pk=article.pk, section=one_approval).exists()
    assert not Article.objects.live().filter(section=two_approvals).exists()


def test_the_move_is_refused_even_when_the_form_was_opened_before_the_publish(client, editor, one_approval,
                                                                               two_approvals):
    article = ArticleFactory(section=one_approval)
    data = change_form_data(article, section=two_approvals.pk)  # the page as opened, while a draft
    workflow.publish(article, editor)  # another tab publishes (a status save does not bump the version)
    client.force_login(editor)
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    assert REFUSED_MOVE in response.content.decode()
    assert Article.objects.get(pk=article.pk).section_id == one_approval.pk


def test_a_scheduled_article_cannot_be_moved_into_a_two_approval_section_by_an_editor(client, editor, one_approval,
                                                                                     two_approvals):
    import datetime

    from django.utils import timezone

    article = workflow.publish(ArticleFactory(section=one_approval), editor,
                               at=timezone.now() + datetime.timedelta(days=1))
    assert article.status == Status.SCHEDULED
    client.force_login(editor)
    response = client.post(change_url(article), change_form_data(article, section=two_approvals.pk))
    assert response.status_code == 200
    assert REFUSED_MOVE in response.content.decode()
    assert Article.objects.get(pk=article.pk).section_id == one_approval.pk


def test_a_chief_editor_may_move_a_live_article_into_a_two_approval_section(client, chief_editor, editor,
                                                                           one_approval, two_approvals):
    article = workflow.publish(ArticleFactory(section=one_approval), editor)
    client.force_login(chief_editor)
    response = client.post(change_url(article), change_form_data(article, section=two_approvals.pk))
    assert response.status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert (article.section_id, article.status) == (two_approvals.pk, Status.PUBLISHED)


def test_an_editor_may_still_move_drafts_and_live_articles_between_one_approval_sections(client, editor,
                                                                                       one_approval, two_approvals):
    other = SectionFactory(name="Xã hội")
    draft = ArticleFactory(section=one_approval)
    live = workflow.publish(ArticleFactory(section=one_approval), editor)
    client.force_login(editor)
    assert client.post(change_url(draft), change_form_data(draft, section=two_approvals.pk)).status_code == 302
    assert client.post(change_url(live), change_form_data(live, section=other.pk)).status_code == 302
    assert Article.objects.get(pk=draft.pk).section_id == two_approvals.pk
    assert Article.objects.get(pk=live.pk).section_id == other.pk
    # Moving the draft there means the chief editor publishes it.
    with pytest.raises(PermissionDenied):
        workflow.publish(Article.objects.get(pk=draft.pk), editor)


def test_restoring_an_old_revision_cannot_move_a_live_article_back(client, editor, submitted, one_approval,
                                                                   two_approvals):
    old = submitted.revisions.first()  # the submit's revision: section "Chính trị"
    assert old.data["section"]["id"] == two_approvals.pk
    client.force_login(editor)
    assert client.post(change_url(submitted), change_form_data(submitted, section=one_approval.pk)).status_code == 302
    assert client.post(transition_url(submitted, "publish")).status_code == 302
    article = Article.objects.get(pk=submitted.pk)
    before = stored(article)

    response = client.post(reverse("admin:articles_article_revision_restore", args=[article.pk, old.number]))
    assert response.status_code == 302
    assert messages_of(response)[-1] == (
        "Bài đang đăng hoặc đã hẹn giờ đăng: chỉ Trưởng ban biên tập được chuyển bài sang chuyên mục "
        "“Chính trị” (chuyên mục cần duyệt hai cấp).")
    assert stored(article) == before

    # The same rule for any caller of revisions.restore.
    with pytest.raises(PermissionDenied):
        revisions.restore(article, old, editor)
    assert stored(article) == before


def test_a_chief_editor_may_restore_the_revision_that_moves_it_back(chief_editor, editor, submitted, one_approval,
                                                                   two_approvals):
    old = submitted.revisions.first()
    submitted.section = one_approval
    submitted.save()
    article = workflow.publish(Article.objects.get(pk=submitted.pk), editor)
    revisions.restore(article, old, chief_editor)
    assert Article.objects.get(pk=article.pk).section_id == two_approvals.pk


# --- Item 8: bounded article forms ------------------------------------------------------


def test_ten_thousand_tags_are_refused_at_once_and_nothing_is_written(client, editor):
    article = ArticleFactory(title="Bài nhiều thẻ")
    before = stored(article)
    client.force_login(editor)
    tags = ", ".join(f"thẻ số {number}" for number in range(10_000))
    # Refused before any tag is looked up or parsed: no more queries than a short list refused by its
    # count (timings belong in bench/, not in tests).
    few_tags = ", ".join(f"thẻ số {number}" for number in range(MAX_TAGS_PER_ARTICLE + 1))
    with CaptureQueriesContext(connection) as few:
        client.post(change_url(article), change_form_data(article, tags=few_tags))
    with CaptureQueriesContext(connection) as many:
        response = client.post(change_url(article), change_form_data(article, tags=tags))
    assert response.status_code == 200
    assert len(many.captured_queries) <= len(few.captured_queries)
    assert response.context["adminform"].form.errors["tags"] == [
        f"Danh sách thẻ quá dài: mỗi bài tối đa {MAX_TAGS_PER_ARTICLE} thẻ, mỗi thẻ tối đa 100 ký tự."]
    assert Tag.objects.count() == 0
    assert stored(article) == before


def test_one_tag_too_many_is_refused_with_the_count_and_the_limit_is_accepted(client, editor):
    article = ArticleFactory()
    client.force_login(editor)
    too_many = ", ".join(f"Thẻ {number}" for number in range(MAX_TAGS_PER_ARTICLE + 1))
    response = client.post(change_url(article), change_form_data(article, tags=too_many))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["tags"] == [
        f"Mỗi bài tối đa {MAX_TAGS_PER_ARTICLE} thẻ; bạn đã nhập {MAX_TAGS_PER_ARTICLE + 1} thẻ."]
    assert Tag.objects.count() == 0

    enough = ", ".join(f"Thẻ {number}" for number in range(MAX_TAGS_PER_ARTICLE))
    response = client.post(change_url(article), change_form_data(article, tags=enough))
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).tags.count() == MAX_TAGS_PER_ARTICLE


def test_a_tag_longer_than_the_limit_is_refused(client, editor):
    article = ArticleFactory()
    client.force_login(editor)
    response = client.post(change_url(article), change_form_data(article, tags="Đồng Hới, " + "đ" * 101))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["tags"] == [
        "Mỗi thẻ tối đa 100 ký tự; thẻ “đđđđđđđđđđđđđđđđđđđđ…” có 101 ký tự."]
    assert Tag.objects.count() == 0


def _byline_rows(article, authors, total=None) -> dict:
    data = change_form_data(article)
    existing = data["author_links-TOTAL_FORMS"]
    for offset, author in enumerate(authors):
        i = existing + offset
        data.update({f"author_links-{i}-author": author.pk, f"author_links-{i}-order": i,
                     f"author_links-{i}-article": article.pk})
    data["author_links-TOTAL_FORMS"] = total if total is not None else existing + len(authors)
    return data


def test_more_byline_authors_than_the_limit_are_refused(client, editor):
    article = ArticleFactory()  # one author already
    before = stored(article)
    client.force_login(editor)
    extra = [AuthorFactory() for _ in range(MAX_AUTHORS_PER_ARTICLE)]
    response = client.post(change_url(article), _byline_rows(article, extra))
    assert response.status_code == 200
    assert f"Mỗi bài tối đa {MAX_AUTHORS_PER_ARTICLE} tác giả trong byline." in response.content.decode()
    assert stored(article) == before

    response = client.post(change_url(article), _byline_rows(article, extra[:-1]))
    assert response.status_code == 302
    assert ArticleAuthor.objects.filter(article=article).count() == MAX_AUTHORS_PER_ARTICLE


def test_a_crafted_byline_of_ten_thousand_rows_is_refused_quickly(client, editor):
    article = ArticleFactory()
    before = stored(article)
    client.force_login(editor)
    authors = [AuthorFactory() for _ in range(3)]
    # The work done does not grow with the rows posted: 10,000 cost no more queries than one too many.
    with CaptureQueriesContext(connection) as few:
        response = client.post(change_url(article), _byline_rows(article, authors, total=MAX_AUTHORS_PER_ARTICLE + 1))
    assert response.status_code == 200
    with CaptureQueriesContext(connection) as many:
        response = client.post(change_url(article), _byline_rows(article, authors, total=10_000))
    assert response.status_code == 200
    assert f"Mỗi bài tối đa {MAX_AUTHORS_PER_ARTICLE} tác giả trong byline." in response.content.decode()
    assert len(many.captured_queries) <= len(few.captured_queries)
    assert stored(article) == before


def test_more_photo_slots_than_the_limit_are_refused(client, editor):
    article = ArticleFactory()
    before = stored(article)
    client.force_login(editor)
    data = change_form_data(article)
    data["photo_slots-TOTAL_FORMS"] = MAX_PHOTOS_PER_ARTICLE + 1
    with CaptureQueriesContext(connection) as few:
        response = client.post(change_url(article), data)
    assert response.status_code == 200
    assert f"Mỗi bài tối đa {MAX_PHOTOS_PER_ARTICLE} ảnh." in response.content.decode()
    assert stored(article) == before

    data["photo_slots-TOTAL_FORMS"] = 100_000
    with CaptureQueriesContext(connection) as many:
        response = client.post(change_url(article), data)
    assert len(many.captured_queries) <= len(few.captured_queries)
    assert response.status_code == 200
    assert f"Mỗi bài tối đa {MAX_PHOTOS_PER_ARTICLE} ảnh." in response.content.decode()
    assert stored(article) == before


def test_too_many_paragraphs_are_refused(client, editor):
    from articles.models import MAX_BLOCKS_PER_ARTICLE

    article = ArticleFactory()
    before = stored(article)
    client.force_login(editor)
    body = "\n\n".join(f"Đoạn {number}." for number in range(MAX_BLOCKS_PER_ARTICLE + 1))
    response = client.post(change_url(article), change_form_data(article, paragraphs=body))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["body"] == [
        f"Mỗi bài tối đa {MAX_BLOCKS_PER_ARTICLE} khối; nội dung này có {MAX_BLOCKS_PER_ARTICLE + 1} đoạn."]
    assert stored(article) == before

