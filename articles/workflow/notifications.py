"""Emails about transitions, sent after the transaction commits.

On submit, editors are told; on approve, chief editors; on return, publish,
schedule and unpublish, the article's authors who have accounts (and the
person who created it). The person who made the change is not emailed. A
failing mail server is logged and never blocks or rolls back a transition:
the mail goes out in transaction.on_commit, after the change is stored.
"""

import logging
import smtplib
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from ..models import Status, Transition

logger = logging.getLogger(__name__)

SUBJECTS = {
    Status.IN_REVIEW: "[Chờ duyệt] {title}",
    Status.APPROVED: "[Chờ duyệt đăng] {title}",
    Status.DRAFT: "[Trả lại] {title}",
    Status.PUBLISHED: "[Đã đăng] {title}",
    Status.SCHEDULED: "[Hẹn giờ đăng] {title}",
    Status.UNPUBLISHED: "[Đã gỡ] {title}",
}


def on_transition(transition: Transition) -> None:
    """Send the transition's email once the current transaction commits (never if it rolls back)."""
    transaction.on_commit(partial(send_for_transition, transition.pk), robust=True)


def recipients(transition: Transition) -> list[str]:
    from .roles import CHIEF_EDITOR, EDITOR

    User = get_user_model()
    article = transition.article
    if transition.to_status == Status.IN_REVIEW:
        users = User.objects.filter(groups__name__in=[EDITOR, CHIEF_EDITOR])
    elif transition.to_status == Status.APPROVED:
        users = User.objects.filter(groups__name=CHIEF_EDITOR)
    else:
        users = User.objects.filter(author__article_links__article=article)
        if article.created_by_id:
            users = users | User.objects.filter(pk=article.created_by_id)
    users = users.filter(is_active=True).exclude(email="")
    if transition.user_id:
        users = users.exclude(pk=transition.user_id)
    return sorted(set(users.values_list("email", flat=True)))


def send_for_transition(transition_id: int) -> int:
    """Send the email for one stored transition. Returns the number sent (0 on failure, logged)."""
    transition = Transition.objects.select_related("article", "user").filter(pk=transition_id).first()
    if transition is None or transition.to_status not in SUBJECTS:
        return 0
    to = recipients(transition)
    if not to:
        return 0
    article = transition.article
    who = transition.user.get_full_name() or transition.user.get_username() if transition.user else "Hệ thống"
    lines = [
        f"Bài: {article.title}",
        f"Trạng thái: {Status(transition.from_status).label} → {Status(transition.to_status).label}",
        f"Người thực hiện: {who}",
    ]
    if transition.note:
        lines.append(f"Ghi chú: {transition.note}")
    lines.append(f"Mở bài: {settings.SITE_URL}{reverse('admin:articles_article_change', args=[article.pk])}")
    try:
        return send_mail(SUBJECTS[transition.to_status].format(title=article.title[:120]), "\n".join(lines),
                         settings.DEFAULT_FROM_EMAIL, to, fail_silently=False)
    except (smtplib.SMTPException, OSError):
        logger.exception("Không gửi được email thông báo cho chuyển trạng thái #%s (bài #%s).",
                         transition.pk, article.pk)
        return 0
