"""The trash: deleting an article moves it out of sight, keeping every row; editors
restore it, only superusers delete for good; reporters never delete published work."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from articles import workflow
from articles.models import Article, ArticleAuthor, Revision, Status, TaggedArticle, Transition
from articles.workflow import InvalidTransition
from awards.models import Award, AwardForm, Visibility
from photos.models import ArticlePhoto, Photo
from tests.helpers.factories import ArticleFactory, ArticlePhotoFactory, AuthorFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:articles_article_changelist"


def delete_url(article):
    return reverse("admin:articles_article_delete", args=[article.pk])


def restore_url(article):
    return reverse("admin:articles_article_trash_restore", args=[article.pk])


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def rows_of(article) -> dict:
    """Every row that hangs off an article, as ids, to compare before and after."""
    return {
        "slots": sorted(ArticlePhoto.objects.filter(article=article).values_list("pk", "photo_id", "caption")),
        "tags": sorted(TaggedArticle.objects.filter(content_object=article).values_list("pk", "tag__name")),
        "byline": sorted(ArticleAuthor.objects.filter(article=article).values_list("pk", "author_id", "order")),
        "awards": sorted(Award.objects.filter(articles=article).values_list("pk", flat=True)),
        "transitions": sorted(Transition.objects.filter(article=article).values_list("pk", flat=True)),
        "redirects": sorted(article.redirects.values_list("pk", flat=True)),
        "corrections": sorted(article.correction_notes.values_list("pk", flat=True)),
    }


@pytest.fixture
def published(editor):
    """A published article with a byline, two photo slots, tags and an award, published through the workflow."""
    article = ArticleFactory(title="Công an Đồng Hới phá chuyên án ma túy", byline=[AuthorFactory(name="Hải Đăng")])
    ArticlePhotoFactory(article=article, caption="Tang vật thu giữ")
    ArticlePhotoFactory(article=article, caption="Đối tượng tại cơ quan điều tra", after_paragraph=1)
    article.tags.add("Đồng Hới", "ma túy")
    award = Award.objects.create(form=AwardForm.objects.get(slug="giay-khen"), issuer_title="Giám đốc Công an tỉnh",
                                 decision_number="123/QĐ-CAT", period_start=2018, visibility=Visibility.PUBLIC)
    award.articles.add(article)
    return workflow.publish(article, editor)


@pytest.fixture
def own_draft(reporter):
    return ArticleFactory(created_by=reporter, title="Bản nháp của phóng viên")


def public_urls(article):
    return [article.get_absolute_url(), reverse("articles:home"), article.section.get_absolute_url(),
            reverse("articles:tag", kwargs={"slug": "dong-hoi"}), reverse("articles:feed"),
            reverse("articles:search") + "?q=chuyên+án", "/sitemap-articles.xml",
            reverse("awards:detail", args=[Award.objects.get().pk])]


# --- Rules (articles.workflow) ----------------------------------------------------


def test_reporter_cannot_trash_a_published_article_even_their_own(reporter, published):
    Article.objects.filter(pk=published.pk).update(created_by=reporter)
    with pytest.raises(PermissionDenied):
        workflow.trash(published, reporter)
    published.refresh_from_db()
    assert (published.deleted_at, published.status) == (None, Status.PUBLISHED)


def test_reporter_trashes_own_draft_but_not_someone_elses(reporter, other_reporter, own_draft):
    with pytest.raises(PermissionDenied):
        workflow.trash(own_draft, other_reporter)
    workflow.trash(own_draft, reporter)
    own_draft.refresh_from_db()
    assert own_draft.deleted_by == reporter
    assert own_draft.deleted_at is not None


@pytest.mark.parametrize("state", ["in_review", "approved", "scheduled", "unpublished"])
def test_reporter_cannot_trash_own_article_once_submitted(reporter, own_draft, state):
    from tests.helpers.states import put_in_state

    put_in_state(own_draft, state)
    with pytest.raises(PermissionDenied):
        workflow.trash(own_draft, reporter)
    assert Article.objects.get(pk=own_draft.pk).deleted_at is None


def test_trash_and_restore_are_recorded_as_revisions(editor, published):
    workflow.trash(published, editor, note="Trùng bài")
    workflow.restore(published, editor)
    reasons = list(published.revisions.order_by("-number").values_list("reason", "user")[:2])
    assert reasons == [("Khôi phục từ thùng rác", editor.pk), ("Chuyển vào thùng rác: Trùng bài", editor.pk)]


def test_trashing_twice_and_restoring_what_is_not_trashed_are_refused(editor, published):
    with pytest.raises(InvalidTransition):
        workflow.restore(published, editor)
    workflow.trash(published, editor)
    with pytest.raises(InvalidTransition):
        workflow.trash(published, editor)


def test_only_editors_restore(reporter, own_draft, editor, chief_editor, superuser):
    workflow.trash(own_draft, reporter)
    with pytest.raises(PermissionDenied):
        workflow.restore(own_draft, reporter)
    for user in (editor, chief_editor, superuser):
        workflow.restore(own_draft, user)
        workflow.trash(own_draft, user)


def test_only_superusers_purge_and_only_from_the_trash(editor, chief_editor, superuser, published):
    with pytest.raises(InvalidTransition):
        workflow.purge(published, superuser)
    workflow.trash(published, editor)
    for user in (editor, chief_editor):
        with pytest.raises(PermissionDenied):
            workflow.purge(published, user)
    assert Article.objects.filter(pk=published.pk).exists()
    workflow.purge(published, superuser)
    assert not Article.objects.filter(pk=published.pk).exists()
    assert Photo.objects.count() == 2  # the photos stay in the library
    assert Award.objects.get().articles.count() == 0


def test_a_trashed_article_makes_no_transition(editor, published):
    workflow.trash(published, editor)
    with pytest.raises(InvalidTransition):
        workflow.unpublish(published, editor, "Gỡ")
    assert workflow.allowed_actions(Article.objects.get(pk=published.pk), editor) == []


# --- Public pages -----------------------------------------------------------------


def test_trashed_article_leaves_every_public_page_and_restore_brings_it_back(client, editor, published):
    urls = public_urls(published)
    address = published.get_absolute_url()  # every page links it (search highlights words of the title)
    for url in urls:
        assert address in client.get(url).content.decode(), url  # cached now
    before = rows_of(published)
    revisions_before = list(published.revisions.values_list("pk", flat=True))

    workflow.trash(published, editor)

    assert client.get(published.get_absolute_url()).status_code == 404
    for url in urls[1:]:
        response = client.get(url)
        assert address not in response.content.decode(), url
    assert not Article.objects.live().filter(pk=published.pk).exists()
    # Everything is still there.
    assert rows_of(published) == before
    assert set(revisions_before) <= set(published.revisions.values_list("pk", flat=True))

    workflow.restore(published, editor)

    published.refresh_from_db()
    assert (published.status, published.deleted_at, published.deleted_by) == (Status.PUBLISHED, None, None)
    assert rows_of(published) == before
    for url in urls:
        assert address in client.get(url).content.decode(), url


def test_signed_preview_link_of_a_trashed_article_is_404(client, editor, own_draft):
    from articles.workflow import previews

    url = previews.preview_url(own_draft)
    assert client.get(url).status_code == 200
    workflow.trash(own_draft, editor)
    assert client.get(url).status_code == 404


# --- Admin --------------------------------------------------------------------------


def test_reporter_crafted_post_to_delete_a_published_article_is_403(client, reporter, published):
    Article.objects.filter(pk=published.pk).update(created_by=reporter)
    client.force_login(reporter)
    assert client.get(delete_url(published)).status_code == 403
    response = client.post(delete_url(published), {"post": "yes"})
    assert response.status_code == 403
    published.refresh_from_db()
    assert (published.deleted_at, published.status) == (None, Status.PUBLISHED)
    assert client.get(published.get_absolute_url()).status_code == 200


def test_reporter_deletes_own_draft_into_the_trash(client, reporter, own_draft):
    client.force_login(reporter)
    page = client.get(delete_url(own_draft))
    assert page.status_code == 200
    assert "Chuyển vào thùng rác" in page.content.decode()
    response = client.post(delete_url(own_draft), {"post": "yes"})
    assert response.status_code == 302
    own_draft.refresh_from_db()
    assert own_draft.deleted_by == reporter
    assert messages_of(response) == [
        "Đã chuyển bài “Bản nháp của phóng viên” vào thùng rác. Biên tập viên có thể khôi phục bài trong mục Thùng rác."]


def test_editor_delete_view_trashes_and_the_list_hides_it(client, editor, published):
    client.force_login(editor)
    response = client.post(delete_url(published), {"post": "yes", "note": "Trùng bài"})
    assert response.status_code == 302
    assert Article.objects.filter(pk=published.pk, deleted_by=editor).exists()
    listing = client.get(reverse(CHANGELIST))
    assert list(listing.context["cl"].result_list) == []
    trash = client.get(reverse(CHANGELIST) + "?trash=1")
    assert published.title in trash.content.decode()
    assert [a.pk for a in trash.context["cl"].result_list] == [published.pk]
    # The trashed article's page: read-only, with a restore button.
    page = client.get(reverse("admin:articles_article_change", args=[published.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Bài này đang ở thùng rác" in body
    assert restore_url(published) in body
    assert 'name="title"' not in body


def test_editor_cannot_edit_or_purge_a_trashed_article(client, editor, published):
    workflow.trash(published, editor)
    client.force_login(editor)
    from tests.helpers.admin import change_form_data

    response = client.post(reverse("admin:articles_article_change", args=[published.pk]),
                           change_form_data(published, title="Sửa trong thùng rác"))
    assert response.status_code == 403
    assert client.post(delete_url(published), {"post": "yes"}).status_code == 403
    assert Article.objects.get(pk=published.pk).title == "Công an Đồng Hới phá chuyên án ma túy"


def test_restore_button_brings_it_back(client, editor, published):
    before = rows_of(published)
    workflow.trash(published, editor)
    client.force_login(editor)
    response = client.post(restore_url(published))
    assert response.status_code == 302
    assert messages_of(response) == ["Đã khôi phục bài “Công an Đồng Hới phá chuyên án ma túy” từ thùng rác."]
    assert Article.objects.live().filter(pk=published.pk).exists()
    assert rows_of(published) == before


def test_reporter_cannot_restore_by_crafted_post(client, reporter, own_draft):
    workflow.trash(own_draft, reporter)
    client.force_login(reporter)
    assert client.post(restore_url(own_draft)).status_code == 403
    assert Article.objects.get(pk=own_draft.pk).deleted_at is not None
    response = client.post(reverse(CHANGELIST) + "?trash=1",
                           {"action": "restore_selected", "_selected_action": [own_draft.pk]})
    assert response.status_code == 403
    assert Article.objects.get(pk=own_draft.pk).deleted_at is not None


def test_bulk_delete_action_trashes(client, editor, published):
    other = workflow.publish(ArticleFactory(title="Bài thứ hai"), editor)
    client.force_login(editor)
    selected = {"action": "delete_selected", "_selected_action": [published.pk, other.pk]}
    confirm = client.post(reverse(CHANGELIST), selected)
    assert confirm.status_code == 200
    assert "Chuyển vào thùng rác" in confirm.content.decode()
    assert Article.objects.trashed().count() == 0
    response = client.post(reverse(CHANGELIST), {**selected, "post": "yes"})
    assert response.status_code == 302
    assert messages_of(response) == ["Đã chuyển 2 bài vào thùng rác."]
    assert sorted(Article.objects.trashed().values_list("pk", flat=True)) == sorted([published.pk, other.pk])
    assert ArticlePhoto.objects.filter(article=published).count() == 2


def test_bulk_delete_by_a_reporter_trashes_only_own_drafts(client, reporter, own_draft, published):
    Article.objects.filter(pk=published.pk).update(created_by=reporter)
    client.force_login(reporter)
    response = client.post(reverse(CHANGELIST), {"action": "delete_selected", "post": "yes",
                                                 "_selected_action": [own_draft.pk, published.pk]})
    assert response.status_code == 302
    assert list(Article.objects.trashed().values_list("pk", flat=True)) == [own_draft.pk]
    assert messages_of(response) == ["“Công an Đồng Hới phá chuyên án ma túy”: Bạn chỉ được xóa bản nháp của chính mình.",
                                     "Đã chuyển 1 bài vào thùng rác."]


def test_bulk_restore_action(client, editor, published):
    workflow.trash(published, editor)
    client.force_login(editor)
    response = client.post(reverse(CHANGELIST) + "?trash=1",
                           {"action": "restore_selected", "_selected_action": [published.pk]})
    assert response.status_code == 302
    assert messages_of(response) == ["Đã khôi phục 1 bài từ thùng rác."]
    assert Article.objects.live().filter(pk=published.pk).exists()


def test_only_superuser_purges_through_the_admin(client, editor, superuser, published):
    workflow.trash(published, editor)
    client.force_login(editor)
    purge = {"action": "purge_selected", "post": "yes", "_selected_action": [published.pk]}
    assert client.post(reverse(CHANGELIST) + "?trash=1", purge).status_code == 403
    assert Article.objects.filter(pk=published.pk).exists()
    client.force_login(superuser)
    response = client.post(reverse(CHANGELIST) + "?trash=1", purge)
    assert response.status_code == 302
    assert messages_of(response) == ["Đã xóa vĩnh viễn 1 bài."]
    assert not Article.objects.filter(pk=published.pk).exists()
    assert not Revision.objects.exists()


def test_superuser_purges_from_the_delete_page_of_a_trashed_article(client, editor, superuser, published):
    client.force_login(superuser)
    client.post(delete_url(published), {"post": "yes"})  # first delete: trash
    assert Article.objects.trashed().filter(pk=published.pk).exists()
    page = client.get(delete_url(published))
    assert "Xóa vĩnh viễn" in page.content.decode()
    client.post(delete_url(published), {"post": "yes"})  # second: for good
    assert not Article.objects.filter(pk=published.pk).exists()


def test_purge_action_leaves_articles_outside_the_trash(client, superuser, published):
    client.force_login(superuser)
    response = client.post(reverse(CHANGELIST), {"action": "purge_selected", "post": "yes",
                                                 "_selected_action": [published.pk]})
    assert response.status_code == 302
    assert Article.objects.filter(pk=published.pk, deleted_at__isnull=True).exists()
    assert messages_of(response) == [
        "“Công an Đồng Hới phá chuyên án ma túy”: Chỉ xóa vĩnh viễn được bài đã ở trong thùng rác."]


def test_actions_offered_per_role(client, reporter, editor, superuser):
    def offered(user):
        client.force_login(user)
        return sorted(client.get(reverse(CHANGELIST)).context["cl"].model_admin.get_actions(
            client.get(reverse(CHANGELIST)).wsgi_request))

    assert offered(reporter) == ["delete_selected"]
    assert offered(editor) == ["delete_selected", "publish_imported_selected", "publish_selected",
                               "restore_selected", "unpublish_selected"]
    assert offered(superuser) == ["delete_selected", "publish_imported_selected", "publish_selected",
                                  "purge_selected", "restore_selected", "unpublish_selected"]


def test_dashboard_and_calendar_leave_trashed_articles_out(client, editor, published):
    workflow.trash(published, editor)
    client.force_login(editor)
    calendar = client.get(reverse("admin:articles_article_calendar"))
    assert published.title not in calendar.content.decode()
    assert published.title not in client.get(reverse("admin:index")).content.decode()


def test_trash_restore_and_purge_appear_in_the_admin_history(client, editor, superuser, published):
    from django.contrib.admin.models import LogEntry

    client.force_login(editor)
    client.post(delete_url(published), {"post": "yes"})
    client.post(restore_url(published))
    client.post(delete_url(published), {"post": "yes"})
    client.force_login(superuser)
    client.post(delete_url(published), {"post": "yes"})
    entries = list(LogEntry.objects.filter(object_id=str(published.pk)).order_by("pk")
                   .values_list("user__username", "action_flag", "change_message"))
    assert entries == [("editor", 2, "Chuyển vào thùng rác"), ("editor", 2, "Khôi phục từ thùng rác"),
                       ("editor", 2, "Chuyển vào thùng rác"), ("boss", 3, "")]
