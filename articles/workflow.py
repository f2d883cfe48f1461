"""Every change of an article's status, and who may make it.

Only this module writes Article.status. The editorial workflow issue extends it
with the full set of transitions, the permission table and Transition records.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from .models import Article, Status


class InvalidTransition(ValidationError):
    """The article's current state does not allow this change."""


def can_publish(user) -> bool:
    return user.is_superuser or user.groups.filter(name="Editor").exists()


@transaction.atomic
def publish(article: Article, user, at: datetime.datetime | None = None) -> Article:
    """Publish now, or schedule when `at` is in the future."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    if not can_publish(user):
        raise PermissionDenied("Bạn không có quyền đăng bài.")
    if article.status == Status.PUBLISHED:
        raise InvalidTransition("Bài đã được đăng.")
    now = timezone.now()
    when = at or now
    article.status = Status.SCHEDULED if when > now else Status.PUBLISHED
    article.publish_at = when
    article.save(update_fields=["status", "publish_at", "updated_at"])
    return article
