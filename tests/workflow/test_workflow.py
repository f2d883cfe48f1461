"""The workflow's permission matrix: each role x each transition x each state,
with and without the section's second approval, plus publishing checks."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from articles import workflow
from articles.models import Article, Status, Transition
from articles.workflow import InvalidTransition, NotReadyToPublish
from tests.helpers.factories import ArticleFactory, ArticlePhotoFactory, PhotoFactory, SectionFactory
from tests.helpers.states import put_in_state

ROLES = ["reporter_own", "reporter_other", "editor", "chief_editor", "superuser", "staff_without_role"]
ACTIONS = ["submit", "approve", "publish", "return_to_draft", "unpublish"]
STATES = ["draft", "in_review", "approved", "scheduled", "scheduled_due", "published", "unpublished"]

# Who may, independent of state (the role table).
MAY = {
    "submit": {"reporter_own", "editor", "chief_editor", "superuser"},
    "approve": {"editor", "chief_editor", "superuser"},
    "publish": {"editor", "chief_editor", "superuser"},
    "publish_second": {"chief_editor", "superuser"},
    "return_to_draft": {"editor", "chief_editor", "superuser"},
    "unpublish": {"editor", "chief_editor", "superuser"},
}
# From which (reader-visible) state; scheduled_due is live, so it counts as published.
FROM = {
    "submit": {"draft"},
    "approve": {"in_review"},
    "publish": {"draft", "in_review", "approved", "scheduled", "unpublished"},
    "return_to_draft": {"in_review", "approved", "scheduled"},
    "unpublish": {"published", "scheduled", "scheduled_due"},
}
TO = {"submit": Status.IN_REVIEW, "approve": Status.APPROVED, "publish": Status.PUBLISHED,
      "return_to_draft": Status.DRAFT, "unpublish": Status.UNPUBLISHED}


def expected(role, action, state, second):
    may = MAY["publish_second" if action == "publish" and second else action]
    if role not in may:
        return "denied"
    if state not in FROM[action] or (action == "approve" and not second):
        return "invalid"
    return "ok"


def run(action, article, user):
    if action in ("return_to_draft", "unpublish"):
        return getattr(workflow, action)(article, user, "Cần sửa lại số liệu.")
    return getattr(workflow, action)(article, user)


@pytest.mark.parametrize("second", [False, True], ids=["one-approval", "two-approvals"])
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(request, reporter, role, action, second):
    user = reporter if role == "reporter_own" else request.getfixturevalue(
        "other_reporter" if role == "reporter_other" else role)
    section = SectionFactory(requires_second_approval=second)
    for state in STATES:
        article = put_in_state(ArticleFactory(section=section, created_by=reporter), state)
        before = (article.status, article.publish_at)
        outcome = expected(role, action, state, second)
        if outcome == "ok":
            result = run(action, article, user)
            article.refresh_from_db()
            assert article.status == TO[action], (state, article.status)
            assert result.status == TO[action]
            transition = Transition.objects.get(article=article)
            assert (transition.user, transition.to_status) == (user, TO[action])
            assert transition.from_status == ("published" if state == "scheduled_due" else state)
        else:
            error = PermissionDenied if outcome == "denied" else InvalidTransition
            with pytest.raises(error):
                run(action, article, user)
            article.refresh_from_db()
            assert (article.status, article.publish_at) == before, state
            assert not Transition.objects.filter(article=article).exists()


def test_invalid_transition_is_a_validation_error_with_a_vietnamese_message(editor):
    """Callers (the admin, commands) catch ValidationError; the message is what the editor reads."""
    article = put_in_state(ArticleFactory(), "published")
    with pytest.raises(ValidationError) as caught:
        workflow.approve(article, editor)
    assert caught.value.messages == ["Không thể “Duyệt (cấp 1)” khi bài đang ở trạng thái “Đã đăng”."]
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert not Transition.objects.filter(article=article).exists()


def test_editor_publish_in_two_approval_section_is_refused_even_after_approval(editor, chief_editor):
    article = ArticleFactory(section=SectionFactory(requires_second_approval=True))
    workflow.submit(article, editor)
    workflow.approve(article, editor)
    with pytest.raises(PermissionDenied):
        workflow.publish(article, editor)
    article.refresh_from_db()
    assert article.status == Status.APPROVED
    workflow.publish(article, chief_editor)
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert list(article.transitions.order_by("created_at", "pk").values_list("from_status", "to_status")) == [
        ("draft", "in_review"), ("in_review", "approved"), ("approved", "published")]


def test_return_carries_the_note_and_reporter_may_edit_again(reporter, editor):
    article = ArticleFactory(created_by=reporter)
    workflow.submit(article, reporter)
    assert workflow.can_edit(Article.objects.get(pk=article.pk), reporter) is False
    workflow.return_to_draft(article, editor, "  Thiếu nguồn tin ở đoạn 2.  ")
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert workflow.return_note(article).note == "Thiếu nguồn tin ở đoạn 2."
    assert workflow.return_note(article).user == editor
    assert workflow.can_edit(article, reporter) is True
    workflow.submit(article, reporter)
    article.refresh_from_db()
    assert workflow.return_note(article) is None


@pytest.mark.parametrize("action", ["return_to_draft", "unpublish"])
def test_return_and_unpublish_need_a_note(editor, action):
    article = put_in_state(ArticleFactory(), "in_review" if action == "return_to_draft" else "published")
    with pytest.raises(ValidationError) as caught:
        getattr(workflow, action)(article, editor, "   ")
    assert caught.value.messages == ["Cần ghi chú lý do."]
    assert not Transition.objects.exists()


def test_publishing_checks_list_everything_missing_in_vietnamese(editor):
    article = ArticleFactory(title="Tiêu đề", lead="", paragraphs=[], section=None)
    article.author_links.all().delete()
    ArticlePhotoFactory(article=article, photo=None)
    ArticlePhotoFactory(article=article, photo=PhotoFactory(alt_text=""))
    ArticlePhotoFactory(article=article)
    with pytest.raises(NotReadyToPublish) as caught:
        workflow.publish(article, editor)
    assert caught.value.messages == [
        "Thiếu sapo.",
        "Bài chưa có đoạn văn nào.",
        "Chưa chọn chuyên mục.",
        "Chưa có tác giả.",
        "Ảnh thứ 1 chưa có tệp ảnh.",
        "Ảnh thứ 2 chưa có mô tả ảnh (alt).",
    ]
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert not Transition.objects.exists()


def test_complete_article_with_photos_publishes(editor):
    article = ArticleFactory()
    ArticlePhotoFactory(article=article)
    workflow.publish(article, editor)
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert Article.objects.live().get() == article


def test_publish_records_who_and_when(editor):
    article = ArticleFactory()
    before = timezone.now()
    workflow.publish(article, editor)
    article.refresh_from_db()
    assert before <= article.publish_at <= timezone.now()
    transition = article.transitions.get()
    assert (transition.user, transition.from_status, transition.to_status) == (editor, "draft", "published")


def test_inactive_editor_may_not_publish(editor):
    editor.is_active = False
    editor.save()
    article = ArticleFactory()
    with pytest.raises(PermissionDenied):
        workflow.publish(article, editor)


def test_allowed_actions_for_each_role(reporter, editor, chief_editor):
    section = SectionFactory(requires_second_approval=True)
    article = put_in_state(ArticleFactory(section=section, created_by=reporter), "in_review")
    assert workflow.allowed_actions(article, reporter) == []
    assert workflow.allowed_actions(article, editor) == ["approve", "return_to_draft"]
    assert workflow.allowed_actions(article, chief_editor) == ["approve", "publish", "return_to_draft"]
    draft = ArticleFactory(created_by=reporter)
    assert workflow.allowed_actions(draft, reporter) == ["submit"]


def test_groups_are_created_by_migration_with_permissions(db):
    from django.contrib.auth.models import Group

    groups = {g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()}
    assert {"Reporter", "Editor", "Chief editor"} <= set(groups)
    assert {"add_article", "change_article", "view_article"} <= groups["Reporter"]
    # "Delete" in the admin moves to the trash (0005); workflow.trash decides which articles.
    assert "delete_article" in groups["Reporter"]
    assert "add_correctionnote" not in groups["Reporter"]
    assert "add_correctionnote" in groups["Editor"]
    assert groups["Editor"] <= groups["Chief editor"]


def test_reporter_named_in_the_byline_owns_the_article(reporter, editor):
    from authors.models import Author

    article = ArticleFactory(created_by=editor, byline=[Author.objects.create(name="Phóng viên", user=reporter)])
    assert workflow.can_edit(article, reporter) is True
    workflow.submit(article, reporter)
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW
    assert workflow.can_edit(article, reporter) is False
    assert workflow.can_view(article, reporter) is True
