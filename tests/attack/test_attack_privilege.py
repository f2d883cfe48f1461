"""Attack corpus, privilege: what a reporter or a visitor cannot reach, by any URL or crafted POST.

URLs come from reverse() and from walking admin.site.get_urls(), so an admin
URL added later is covered without editing this file.
"""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.http import Http404
from django.urls import URLPattern, URLResolver, reverse
from django.utils import timezone

from articles import workflow
from articles.workflow import previews
from articles.models import Article, Status, Transition
from tests.helpers.admin import change_form_data
from tests.helpers.factories import ArticleFactory
from tests.helpers.states import put_in_state

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:articles_article_changelist"


def admin_patterns():
    """(name, keyword names) of every named admin URL, walking nested resolvers."""
    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield pattern.name, tuple(sorted(pattern.pattern.regex.groupindex))
    return sorted(set(walk(admin.site.get_urls())))


def sample_kwargs(names, *, object_id="1"):
    values = {"object_id": object_id, "id": object_id, "pk": object_id, "action": "publish", "number": 1,
              "content_type_id": 1, "app_label": "articles"}
    return {name: values[name] for name in names}


def url_for(name, keywords, **kwargs):
    return reverse(f"admin:{name}", kwargs=sample_kwargs(keywords, **kwargs))


def state_of(article) -> tuple:
    """Everything a crafted request could change about an article."""
    article = Article.objects.get(pk=article.pk)
    return (article.title, article.lead, article.status, article.publish_at, article.deleted_at, article.version,
            article.revisions.count(), article.transitions.count(), article.photo_slots.count(),
            sorted(article.tags.names()))


@pytest.fixture
def others_draft(other_reporter):
    return ArticleFactory(created_by=other_reporter, title="Bản nháp của người khác")


@pytest.fixture
def own_article(reporter):
    return ArticleFactory(created_by=reporter, title="Bài của tôi")


def test_the_walk_finds_every_article_admin_url():
    names = {name for name, _ in admin_patterns() if name.startswith("articles_article_")}
    assert names == {f"articles_article_{suffix}" for suffix in [
        "add", "autosave", "autosave_new", "calendar", "change", "changelist", "checklist", "delete",
        "editor_attachment", "editor_related", "history", "presence", "preview", "preview_link", "preview_revoke",
        "remove_empty_slots", "revision", "revision_restore", "revisions", "transition", "trash_restore"]}


# --- A logged-out visitor --------------------------------------------------------


def test_logged_out_visitor_is_sent_to_login_from_every_admin_url(client):
    article = ArticleFactory()
    login = reverse("admin:login")
    checked = []
    for name, keywords in admin_patterns():
        if name == "login":
            continue
        url = url_for(name, keywords, object_id=str(article.pk))
        for method in (client.get, client.post):
            response = method(url)
            if "_editor_" in name:  # the body editor's JSON endpoints answer in JSON, never with a page
                assert (response.status_code, response["Content-Type"]) == (401, "application/json"), name
                assert "đăng nhập" in response.json()["error"]
                continue
            assert response.status_code == 302, (name, url, response.status_code)
            # Logging out when not logged in goes to the index, which goes to the login.
            expected = reverse("admin:index") if name == "logout" else login + "?next="
            assert response["Location"].startswith(expected), (name, response["Location"])
        checked.append(name)
    # The workflow, preview, calendar, awards import/suggest and photo admin URLs are among them.
    for name in ["articles_article_transition", "articles_article_preview", "articles_article_preview_link",
                 "articles_article_calendar", "articles_article_revision_restore", "articles_article_trash_restore",
                 "awards_award_import", "awards_award_suggest", "photos_photo_add", "photos_photo_changelist",
                 "auth_user_changelist", "index", "photos_photo_editor_upload", "articles_article_editor_related"]:
        assert name in checked
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_logged_out_crafted_transition_changes_nothing(client, editor):
    article = ArticleFactory()
    before = state_of(article)
    client.post(reverse("admin:articles_article_transition", args=[article.pk, "publish"]))
    client.post(reverse(CHANGELIST), {"action": "publish_selected", "_selected_action": [article.pk]})
    assert state_of(article) == before


# --- A reporter ----------------------------------------------------------------------


def test_reporter_group_has_no_rights_on_accounts(reporter):
    codes = set(Group.objects.get(name="Reporter").permissions.values_list("content_type__app_label", flat=True))
    assert "auth" not in codes


def test_reporter_cannot_reach_user_group_or_permission_admin(client, reporter, editor):
    client.force_login(reporter)
    group = Group.objects.get(name="Editor")
    targets = {"object_id": str(editor.pk)}
    for name, keywords in admin_patterns():
        if not name.startswith(("auth_user_", "auth_group_")):
            continue
        kwargs = {"object_id": str(group.pk)} if name.startswith("auth_group_") else targets
        if "object_id" not in keywords and "id" not in keywords:
            kwargs = {}
        url = url_for(name, keywords, **kwargs)
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"username": "x", "password1": "p", "password2": "p", "name": "x",
                                 "is_superuser": "on", "groups": [group.pk]}).status_code == 403, url
    assert client.get("/admin/auth/permission/").status_code == 404  # not in the admin at all
    # Not even promoting oneself.
    response = client.post(reverse("admin:auth_user_change", args=[reporter.pk]),
                           {"username": "reporter", "is_superuser": "on", "is_staff": "on"})
    assert response.status_code == 403
    reporter.refresh_from_db()
    assert reporter.is_superuser is False
    assert list(reporter.groups.values_list("name", flat=True)) == ["Reporter"]


def test_reporter_reaches_nothing_of_another_reporters_draft(client, reporter, editor, others_draft):
    others_draft.tags.add("riêng")
    workflow.submit(others_draft, others_draft.created_by)
    workflow.return_to_draft(others_draft, editor, "Sửa lại")
    before = state_of(others_draft)
    client.force_login(reporter)
    visited = []
    for name, keywords in admin_patterns():
        if not name.startswith("articles_article_") or "object_id" not in keywords:
            continue
        for action in ("submit", "publish", "unpublish", "return_to_draft", "approve") if "action" in keywords \
                else (None,):
            kwargs = sample_kwargs(keywords, object_id=str(others_draft.pk))
            if action:
                kwargs["action"] = action
            url = reverse(f"admin:{name}", kwargs=kwargs)
            assert client.get(url).status_code in (403, 404, 405), url
            posted = client.post(url, {**change_form_data(others_draft, title="Chiếm bài"), "post": "yes",
                                       "note": "x", "hours": "48"})
            assert posted.status_code in (403, 404), (url, posted.status_code)
        visited.append(name)
    assert state_of(others_draft) == before
    assert sorted(visited) == ["articles_article_autosave", "articles_article_change", "articles_article_checklist",
                               "articles_article_delete", "articles_article_history", "articles_article_presence",
                               "articles_article_preview", "articles_article_preview_link",
                               "articles_article_preview_revoke", "articles_article_remove_empty_slots",
                               "articles_article_revision", "articles_article_revision_restore",
                               "articles_article_revisions", "articles_article_transition",
                               "articles_article_trash_restore"]


def test_reporter_does_not_see_another_reporters_draft_in_lists_or_autocomplete(client, reporter, others_draft,
                                                                                 own_article):
    client.force_login(reporter)
    listing = client.get(reverse(CHANGELIST))
    assert [a.pk for a in listing.context["cl"].result_list] == [own_article.pk]
    assert others_draft.title not in client.get(reverse(CHANGELIST) + "?trash=1").content.decode()
    response = client.get(reverse("admin:autocomplete"), {"app_label": "awards", "model_name": "award",
                                                         "field_name": "articles", "term": ""})
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(own_article.pk)]
    calendar = client.get(reverse("admin:articles_article_calendar"))
    assert others_draft.title not in calendar.content.decode()


EDITOR_ACTIONS = ["approve", "publish", "return_to_draft", "unpublish"]


@pytest.mark.parametrize("state", ["draft", "in_review", "approved", "scheduled", "published", "unpublished"])
def test_reporter_makes_no_editor_transition_on_own_article_by_crafted_post(client, reporter, own_article, state):
    put_in_state(own_article, state)
    own_article.section.requires_second_approval = True
    own_article.section.save()
    before = state_of(own_article)
    client.force_login(reporter)
    for action in EDITOR_ACTIONS:
        for data in ({}, {"note": "Gỡ", "at": "2030-01-01T08:00"}):  # publish now, schedule, with notes
            url = reverse("admin:articles_article_transition", args=[own_article.pk, action])
            assert client.post(url, data).status_code == 403, (action, data)
    assert state_of(own_article) == before
    assert not Transition.objects.exclude(user=None).filter(user=reporter).exists()


@pytest.mark.parametrize("action", ["publish_selected", "unpublish_selected", "restore_selected", "purge_selected"])
def test_reporter_cannot_run_editor_bulk_actions(client, reporter, own_article, action):
    client.force_login(reporter)
    before = state_of(own_article)
    for suffix in ("", "?trash=1"):
        response = client.post(reverse(CHANGELIST) + suffix, {"action": action, "_selected_action": [own_article.pk],
                                                              "apply": "1", "note": "x", "post": "yes"})
        assert response.status_code == 403
    assert state_of(own_article) == before


def test_reporter_reaches_no_awards_admin_url(client, reporter):
    # Awards (import, export, suggestions included) are editors' work; the Reporter group has no awards rights.
    from awards.models import Award, AwardForm

    article = ArticleFactory(created_by=reporter)
    award = Award.objects.create(form=AwardForm.objects.get(slug="giay-khen"), issuer_title="Giám đốc Công an tỉnh",
                                 decision_number="1/QĐ", period_start=2018)
    client.force_login(reporter)
    names = [(name, keywords) for name, keywords in admin_patterns() if name.startswith("awards_award_")]
    assert {"awards_award_import", "awards_award_export", "awards_award_suggest"} <= {n for n, _ in names}
    for name, keywords in names:
        url = url_for(name, keywords, object_id=str(award.pk))
        assert client.get(url, {"article": article.pk}).status_code == 403, url
        assert client.post(url, {"article": article.pk}).status_code == 403, url


def test_reporter_cannot_make_a_preview_link(client, reporter, own_article):
    client.force_login(reporter)
    response = client.post(reverse("admin:articles_article_preview_link", args=[own_article.pk]), {"hours": "48"})
    assert response.status_code == 403


def test_staff_without_role_reaches_no_article(client, staff_without_role, own_article):
    client.force_login(staff_without_role)
    for name, keywords in admin_patterns():
        if name.startswith("articles_article_"):
            url = url_for(name, keywords, object_id=str(own_article.pk))
            assert client.get(url).status_code in (403, 404, 405), url


# --- Preview tokens ------------------------------------------------------------------


def preview(client, token):
    return client.get(reverse("articles:preview", kwargs={"token": token}))


def test_a_valid_preview_token_works(client, own_article):
    assert preview(client, previews.make_token(own_article, hours=1)).status_code == 200


@pytest.mark.parametrize("token", [
    "abc", "1", "eyJhIjoxLCJlIjo5OTk5OTk5OTk5fQ:1vAAAA:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ".eJyrVkpUslIyVKoFAA:x:y", "A" * 5000,
])
def test_guessed_preview_tokens_are_404(client, own_article, token):
    assert preview(client, token).status_code == 404


def test_expired_preview_token_is_404(client, own_article):
    now = timezone.now()
    token = previews.make_token(own_article, hours=1, now=now - datetime.timedelta(hours=2))
    assert preview(client, token).status_code == 404
    # Exactly at expiry it is already dead.
    with pytest.raises(Http404):
        previews.read_token(previews.make_token(own_article, hours=1, now=now), now=now + datetime.timedelta(hours=1))


def test_tampered_preview_token_for_another_article_is_404(client, own_article, others_draft):
    token = previews.make_token(own_article, hours=1)
    payload, rest = token.split(":", 1)
    other = previews.make_token(others_draft, hours=1)
    forged = other.split(":", 1)[0] + ":" + rest  # another article's payload with this signature
    assert preview(client, forged).status_code == 404
    assert preview(client, token[:-2] + ("AA" if not token.endswith("AA") else "BB")).status_code == 404


def test_preview_token_from_another_salt_is_404(client, own_article):
    from django.core import signing

    token = signing.dumps({"a": own_article.pk, "e": int(timezone.now().timestamp()) + 3600}, compress=True)
    assert preview(client, token).status_code == 404
