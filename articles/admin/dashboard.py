"""The admin index panel: what is waiting for whom, and for how long."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from .. import selectors, workflow
from ..models import Article, Status

LIMIT = 10


def panel(user, now: datetime.datetime | None = None) -> list[dict]:
    """The lists shown to this user: [{"key", "title", "articles", "count"}], each article with `waited`
    (how long it has been in its state, workflow.state_since) and `shown` (what the status column says:
    for published and scheduled articles their publication time, not a wait)."""
    now = now or timezone.now()
    articles = workflow.with_state_since(Article.objects.not_trashed().select_related("section"))
    own = selectors.own_articles(user=user, queryset=articles)
    editor = workflow.is_editor(user)
    visible = articles if editor else own
    today = timezone.localdate(now)
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    lists = [
        ("my_drafts", _("Bản nháp của tôi"), own.filter(status=Status.DRAFT).order_by("-updated_at")),
        ("returned", _("Bị trả lại cho tôi"),
         own.filter(status=Status.DRAFT, last_to=Status.DRAFT).exclude(last_note="").order_by("state_since")),
        ("in_review", _("Chờ duyệt") if editor else _("Bài của tôi đang chờ duyệt"),
         visible.filter(status=Status.IN_REVIEW).order_by("state_since")),
    ]
    if workflow.is_chief_editor(user):
        lists.append(("my_approval", _("Chờ tôi duyệt đăng (đã duyệt cấp 1)"),
                      articles.filter(status=Status.APPROVED).order_by("state_since")))
    lists += [
        ("scheduled", _("Hẹn giờ đăng"),
         visible.filter(status=Status.SCHEDULED, publish_at__gt=now).order_by("publish_at")),
        ("published_today", _("Đăng hôm nay"),
         visible.live().filter(publish_at__gte=start).order_by("-publish_at")),
    ]
    result = []
    for key, title, queryset in lists:
        items = list(queryset[:LIMIT])
        for article in items:
            article.waited = workflow.format_wait(now - article.state_since)
        result.append({"key": key, "title": title, "articles": items, "count": queryset.count()})
    return result
