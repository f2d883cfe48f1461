"""No English in the Vietnamese admin: every page each role uses, rendered in Vietnamese.

The demo newsroom (`manage.py demo`) gives every role its account and every page
something to show. Each page's visible text (tags, scripts and styles stripped;
the attributes a person reads kept: title, placeholder, aria-label, alt, button
values) must hold none of ENGLISH, matched as whole words, case-sensitive.
"""

import html
import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse

from articles import workflow
from articles.models import Article
from tests.helpers.admin import change_form_data
from tests.helpers.factories import ArticleFactory

# English words Django's admin (and its apps) would show untranslated. Case-sensitive,
# whole words: "Go" but not "Google", "All" but not "Allah".
ENGLISH = [
    "Please", "correct", "error", "errors", "below", "Show", "counts", "View", "selected", "Toggle", "theme",
    "Skip", "main", "content", "Add", "Change", "Delete", "History", "Save", "Search", "Filter", "All",
    "Yes", "No", "Unknown", "Action", "Go", "Home", "Log", "out", "Welcome", "password", "Password",
    "Username", "username", "Today", "Now", "Past", "days", "This", "month", "year", "Any", "date",
    "Clear", "selection", "Select", "Remove", "Choose", "Hide", "Close", "results", "result", "total",
    "Are", "you", "sure", "object", "objects", "Summary", "Objects", "Date", "time", "User", "Comment",
    "Recent", "actions", "My", "None", "available", "another", "continue", "editing", "view", "site",
    "Forgotten", "Log in", "Page", "not", "found", "Forbidden", "denied", "Permission", "Next", "Previous",
    "Enter", "Required", "required", "Optional", "Raw", "Currently", "Browse", "file", "Upload",
    "Sort", "Sorting", "priority", "Edit", "Authentication", "Authorization", "Groups", "Users", "Staff",
    "Superuser", "Active", "Permissions", "Important", "dates", "Personal", "info", "First", "Last", "name",
    "Email", "address", "By", "Run", "the", "and", "of", "to", "is", "are", "for", "with", "Documentation",
    "characters", "Your", "Old", "New", "confirmation", "Successful", "successfully", "changed", "added",
    "deleted", "Thank", "Change password", "Navigation", "Start", "typing", "filter", "Calendar",
    "Midnight", "Noon", "Cancel", "Clock", "Choose a time", "Help", "Note", "hours", "ahead", "behind",
    "True", "False", "Breadcrumbs", "Sidebar", "Model", "link", "Access", "attempts", "logs", "failures",
    "version", "Version", "Set", "Raw", "Enabled", "Disabled", "entry", "entries", "Forgotten", "Error",
]

# Data and names, not interface words: the demo's group names (Django groups, created by
# migrations) and brands. Removed from the text before it is checked.
WHITELIST = ["Reporter", "Chief editor", "Editor", "Accountant", "Document clerk", "Newsroom", "Django",
             "Excel", "CSV", "XLSX", "PDF", "DOCX", "ODT", "ODS", "JSON", "Google", "Word", "LibreOffice",
             "Unikey", "Telex", "IBus", "axes", "Asia/Ho_Chi_Minh", "UTF-8", "email", "Email:", "ID",
             "Taggit",
             # Records' own names that third-party code writes: django-axes' login records
             # ("Access Log for quantri @ …") and Django's user–group links ("User_groups object (4)"),
             # seen only by the superuser on their pages and delete confirmations.
             "Access Log for", "Access Attempt for", "User_groups object", "User_user_permissions object",
             "Group_permissions object"]

_ATTRIBUTES = re.compile(r'\s(?:title|placeholder|aria-label|alt)="([^"]*)"')
_BUTTON_VALUES = re.compile(r'<input[^>]*type="(?:submit|button|reset)"[^>]*>')
_PATTERN = re.compile(r"(?<![\w-])(" + "|".join(re.escape(word) for word in ENGLISH) + r")(?![\w-])")


def visible_text(page: str) -> str:
    """What a person reads on the page: the text between tags and the attributes they see."""
    page = re.sub(r"<(script|style|template)\b.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r"<!--.*?-->", " ", page, flags=re.S)
    extra = _ATTRIBUTES.findall(page)
    for button in _BUTTON_VALUES.findall(page):
        extra += re.findall(r'\svalue="([^"]*)"', button)
    text = html.unescape(re.sub(r"<[^>]+>", " ", page) + " " + " ".join(extra))
    for name in WHITELIST:
        text = text.replace(name, " ")
    return re.sub(r"\s+", " ", text)


def english_in(page: str) -> list[str]:
    text = visible_text(page)
    return sorted({f"{match.group(1)!r} in “…{text[max(match.start() - 40, 0):match.end() + 40]}…”"
                   for match in _PATTERN.finditer(text)})


@pytest.fixture
def newsroom(db, settings):
    """The demo newsroom, plus a reporter's own draft, another reporter's draft and an article in the trash."""
    settings.DEBUG = True
    call_command("demo", stdout=open("/dev/null", "w"))
    settings.DEBUG = False
    User = get_user_model()
    users = {user.username: user for user in User.objects.all()}
    own = ArticleFactory(title="Bài nháp của phóng viên", created_by=users["phongvien"])
    other = User.objects.create(username="phongvien2", is_staff=True)
    other.groups.add(*users["phongvien"].groups.all())
    others = ArticleFactory(title="Bài nháp của phóng viên khác", created_by=other)
    trashed = ArticleFactory(title="Bài trong thùng rác", created_by=users["phongvien"])
    workflow.trash(trashed, users["bientap"])
    return {"users": users, "own": own, "others": others, "trashed": trashed}


def _admin_urls(user, request_factory_user) -> list[str]:
    """The changelist, add, change, delete and history pages of every registered model this user may use."""
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = request_factory_user
    urls = []
    for model, model_admin in admin.site._registry.items():
        info = model._meta.app_label, model._meta.model_name
        if not model_admin.has_module_permission(request):
            continue
        try:
            if model_admin.has_view_or_change_permission(request):
                urls.append(reverse("admin:%s_%s_changelist" % info))
            if model_admin.has_add_permission(request):
                urls.append(reverse("admin:%s_%s_add" % info))
        except NoReverseMatch:
            pass
        objects = model_admin.get_queryset(request)
        obj = objects.order_by("-pk").first() if hasattr(objects, "order_by") else None
        if obj is None:
            continue
        for page, allowed in [("change", model_admin.has_view_or_change_permission(request, obj)),
                              ("history", model_admin.has_view_or_change_permission(request, obj)),
                              ("delete", model_admin.has_delete_permission(request, obj))]:
            if allowed:
                try:
                    urls.append(reverse("admin:%s_%s_%s" % (*info, page), args=[obj.pk]))
                except NoReverseMatch:
                    pass
    return urls


def _custom_urls(newsroom, username) -> list[str]:
    article = Article.objects.filter(status="published").first()
    own = newsroom["own"]
    pages = {
        "phongvien": [reverse("admin:articles_article_calendar"),
                      reverse("admin:articles_article_revisions", args=[own.pk]),
                      reverse("admin:articles_article_changelist") + "?trash=1",
                      reverse("admin:articles_article_changelist") + "?status__exact=draft",
                      reverse("admin:photos_photo_changelist")],
        "bientap": [reverse("admin:articles_article_calendar"),
                    reverse("admin:articles_article_revisions", args=[article.pk]),
                    reverse("admin:articles_article_revision", args=[article.pk, 1]),
                    reverse("admin:articles_article_changelist") + "?trash=1",
                    reverse("admin:articles_article_change", args=[newsroom["trashed"].pk]),
                    reverse("admin:readership_dailyviews_changelist"),
                    reverse("admin:awards_award_import"), reverse("admin:awards_award_suggest")],
        "truongban": [reverse("admin:royalties_pending"), reverse("admin:royalties_sheet"),
                      reverse("admin:readership_dailyviews_changelist"), reverse("admin:articles_article_calendar")],
        "ketoan": [reverse("admin:royalties_sheet"), reverse("admin:royalties_pending")],
        "vanthu": [],
        "quantri": [reverse("admin:awards_award_import"), reverse("admin:articles_article_calendar")],
    }[username]
    return pages + [reverse("admin:index"), reverse("admin:password_change"), reverse("admin:password_change_done")]


ROLES = ["phongvien", "bientap", "truongban", "ketoan", "vanthu", "quantri"]


@pytest.mark.parametrize("username", ROLES)
def test_every_admin_page_of_the_role_is_in_vietnamese(client, newsroom, username):
    user = newsroom["users"][username]
    client.force_login(user)
    user = get_user_model().objects.get(pk=user.pk)
    urls = list(dict.fromkeys(_admin_urls(username, user) + _custom_urls(newsroom, username)))
    assert len(urls) >= 4
    found = {}
    for url in urls:
        response = client.get(url, follow=True)  # a photo still in use: its delete page sends back
        assert response.status_code in (200, 403), (url, response.status_code)
        words = english_in(response.content.decode())
        if words:
            found[url] = words
    assert found == {}, report(found)


def report(found: dict) -> str:
    """Each English phrase once, with the first page it was seen on."""
    seen = {}
    for url, words in found.items():
        for word in words:
            seen.setdefault(word, url)
    return "\n".join(f"{url}: {word}" for word, url in sorted(seen.items()))


def test_the_pages_seen_logged_out_are_in_vietnamese(client, newsroom):
    found = {}
    for url in [reverse("admin:login"), reverse("admin:index"), reverse("admin:password_reset")
                if _has("admin:password_reset") else reverse("admin:login")]:
        response = client.get(url, follow=True)
        words = english_in(response.content.decode())
        if words:
            found[url] = words
    client.force_login(newsroom["users"]["phongvien"])
    response = client.post(reverse("admin:logout"), follow=True)
    if english_in(response.content.decode()):
        found["logout"] = english_in(response.content.decode())
    assert found == {}


def _has(name):
    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


def test_a_failed_login_is_in_vietnamese(client, newsroom):
    response = client.post(reverse("admin:login"), {"username": "phongvien", "password": "sai"})
    assert response.status_code == 200
    assert english_in(response.content.decode()) == []


def test_the_error_banner_of_a_bad_post_is_in_vietnamese(client, newsroom):
    editor = newsroom["users"]["bientap"]
    client.force_login(editor)
    article = newsroom["own"]
    data = change_form_data(article, title="")
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vui lòng sửa lỗi bên dưới." in page
    assert english_in(page) == []
    data = change_form_data(article, title="", lead="")
    page = client.post(reverse("admin:articles_article_change", args=[article.pk]), data).content.decode()
    assert "Vui lòng sửa lỗi bên dưới." in page  # Vietnamese has one form for one error and several
    assert english_in(page) == []


def test_a_reporter_opening_another_reporters_draft_gets_a_vietnamese_403(client, newsroom):
    client.force_login(newsroom["users"]["phongvien"])
    response = client.get(reverse("admin:articles_article_change", args=[newsroom["others"].pk]))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Bạn không có quyền" in page
    assert english_in(page) == []


def test_the_english_check_catches_what_django_would_show():
    """The check itself: Django's own English, as a page without our translations would show it."""
    page = ('<p class="errornote">Please correct the error below.</p><a href="#">Show counts</a>'
            '<button title="Toggle theme (current theme: auto)"></button><input type="submit" value="Save">'
            '<script>var Add = 1;</script><p>Newsroom – Editor: Đồng Hới, Google</p>')
    words = {entry.split(" ")[0].strip("'") for entry in english_in(page)}
    assert words == {"Please", "correct", "the", "error", "below", "Show", "counts", "Toggle", "theme", "Save"}
    assert english_in("<p>Tất cả · Có · Không · Lưu</p>") == []



def test_the_admins_javascript_speaks_vietnamese(client, editor):
    """The calendar and time widgets and the select boxes (locale/vi/LC_MESSAGES/djangojs.po)."""
    import json

    client.force_login(editor)
    body = client.get(reverse("admin:jsi18n")).content.decode()
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});", body, re.S).group(1))
    assert [catalog[word] for word in ["Sunday", "Now", "Midnight", "Choose all %s", "Remove all %s"]] == [
        "Chủ nhật", "Bây giờ", "Nửa đêm", "Chọn tất cả %s", "Bỏ tất cả %s"]
