"""Put an article straight into a workflow state: the state is the fixture, not the way to it.

The write bypasses save() (no signals, no Transition row), as the workflow's own
tests want: they then move the article on through the real functions.
"""

import datetime

from django.utils import timezone

from articles.models import Article, Status


def put_in_state(article, state):
    now = timezone.now()
    status, publish_at = {
        "draft": (Status.DRAFT, None),
        "in_review": (Status.IN_REVIEW, None),
        "approved": (Status.APPROVED, None),
        "scheduled": (Status.SCHEDULED, now + datetime.timedelta(days=1)),
        "scheduled_due": (Status.SCHEDULED, now - datetime.timedelta(minutes=1)),
        "published": (Status.PUBLISHED, now - datetime.timedelta(hours=1)),
        "unpublished": (Status.UNPUBLISHED, now - datetime.timedelta(hours=1)),
    }[state]
    Article.objects.filter(pk=article.pk).update(status=status, publish_at=publish_at)
    article.refresh_from_db()
    return article
