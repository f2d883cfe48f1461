"""Preview links: editors make signed links that expire, and revoke them.

The pages they open: articles/public/previews.py.

A link carries the article's id, its preview epoch and its expiry time, signed
with SECRET_KEY (django.core.signing, salt "articles.preview"). An expired,
tampered or malformed link, one to a trashed article, or one made before the
article's preview epoch moved on (revoke: every take-down does it, and editors
by hand) answers 404, like an article that does not exist. The default
lifetime is PREVIEW_LINK_HOURS (48).
"""

import datetime

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Article
from .roles import is_editor

SALT = "articles.preview"


def default_hours() -> int:
    return int(getattr(settings, "PREVIEW_LINK_HOURS", 48))


def make_token(article: Article, *, hours: int | None = None, now: datetime.datetime | None = None) -> str:
    expires = (now or timezone.now()) + datetime.timedelta(hours=default_hours() if hours is None else hours)
    return signing.dumps({"a": article.pk, "v": article.preview_epoch, "e": int(expires.timestamp())},
                         salt=SALT, compress=True)


def read_link(token: str, *, now: datetime.datetime | None = None) -> tuple[int, int]:
    """(article id, preview epoch) of a valid, unexpired token; Http404 otherwise.

    A link signed before epochs existed has none: it counts as epoch 0, so the
    first revoke ends it too.
    """
    try:
        payload = signing.loads(token, salt=SALT)
        article_id, epoch, expires = int(payload["a"]), int(payload.get("v", 0)), int(payload["e"])
    except (signing.BadSignature, AttributeError, KeyError, TypeError, ValueError):
        raise Http404("Liên kết xem trước không hợp lệ.") from None
    if (now or timezone.now()).timestamp() >= expires:
        raise Http404("Liên kết xem trước đã hết hạn.")
    return article_id, epoch


def read_token(token: str, *, now: datetime.datetime | None = None) -> int:
    """The article id in a valid, unexpired token; Http404 otherwise (the epoch is checked by the view)."""
    return read_link(token, now=now)[0]


def revoke(article: Article) -> Article:
    """End every preview link made so far for the article (new links work again).

    Called by every take-down (unpublish, return_to_draft of a scheduled article,
    trash) inside its transaction, and by the admin's revoke button. A save with
    update_fields, so the signals still run; the public pages do not show the
    field, and no revision is written for it.
    """
    article.preview_epoch = (article.preview_epoch or 0) + 1
    article.save(update_fields=["preview_epoch"])
    return article


@transaction.atomic
def revoke_links(article: Article, user) -> Article:
    """An editor's revoke by hand. Raises PermissionDenied for anyone who is not an editor."""
    if not is_editor(user):
        raise PermissionDenied(_("Chỉ biên tập viên được thu hồi liên kết xem trước."))
    article = Article.objects.select_for_update(of=("self",)).get(pk=article.pk)
    return revoke(article)


def preview_url(article: Article, *, hours: int | None = None) -> str:
    return reverse("articles:preview", kwargs={"token": make_token(article, hours=hours)})
