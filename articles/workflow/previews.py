"""Previews: staff see any article as a reader would; editors make signed links that expire.

A link carries the article's id and its expiry time, signed with SECRET_KEY
(django.core.signing, salt "articles.preview"). An expired, tampered or
malformed link, or one to a trashed article, answers 404, like an article
that does not exist. The default
lifetime is PREVIEW_LINK_HOURS (48).
"""

import datetime

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone

from ..models import Article

SALT = "articles.preview"


def default_hours() -> int:
    return int(getattr(settings, "PREVIEW_LINK_HOURS", 48))


def make_token(article: Article, *, hours: int | None = None, now: datetime.datetime | None = None) -> str:
    expires = (now or timezone.now()) + datetime.timedelta(hours=default_hours() if hours is None else hours)
    return signing.dumps({"a": article.pk, "e": int(expires.timestamp())}, salt=SALT, compress=True)


def read_token(token: str, *, now: datetime.datetime | None = None) -> int:
    """The article id in a valid, unexpired token; Http404 otherwise."""
    try:
        payload = signing.loads(token, salt=SALT)
        article_id, expires = int(payload["a"]), int(payload["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise Http404("Liên kết xem trước không hợp lệ.") from None
    if (now or timezone.now()).timestamp() >= expires:
        raise Http404("Liên kết xem trước đã hết hạn.")
    return article_id


def preview_url(article: Article, *, hours: int | None = None) -> str:
    return reverse("articles:preview", kwargs={"token": make_token(article, hours=hours)})


def render_preview(request, article: Article, *, staff: bool) -> HttpResponse:
    """The public article page for any state, marked as a preview and kept out of search engines and caches."""
    # The public page is how a preview looks; the public views do not import this module.
    from ..public.views import render_article
    from ..selectors import with_article_page_data

    article = with_article_page_data(Article.objects.all()).get(pk=article.pk)
    response = render_article(request, article, preview=True, template_name="articles/article_preview.html",
                              extra_context={"object": article, "is_preview": True, "staff_preview": staff})
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def preview_by_link(request, token: str):
    """Public view: the article behind a signed link, for someone without a login."""
    article = Article.objects.not_trashed().filter(pk=read_token(token)).first()
    if article is None:
        raise Http404("Không có bài viết này.")
    return render_preview(request, article, staff=False)
