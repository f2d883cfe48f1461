"""Preview pages: staff see any article as a reader would; a signed link shows it to someone without a login.

The links themselves (signing, epochs, revoking) are the workflow's: articles/workflow/previews.py.
"""

from django.http import Http404, HttpResponse

from ..models import Article
from ..selectors import with_article_page_data
from ..workflow.previews import read_link
from .views import render_article


def render_preview(request, article: Article, *, staff: bool) -> HttpResponse:
    """The public article page for any state, marked as a preview and kept out of search engines and caches."""
    article = with_article_page_data(Article.objects.all()).get(pk=article.pk)
    response = render_article(request, article, preview=True, template_name="articles/article_preview.html",
                              extra_context={"object": article, "is_preview": True, "staff_preview": staff})
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def preview_by_link(request, token: str):
    """Public view: the article behind a signed link, for someone without a login."""
    article_id, epoch = read_link(token)
    article = Article.objects.not_trashed().filter(pk=article_id, preview_epoch=epoch).first()
    if article is None:
        raise Http404("Không có bài viết này.")
    return render_preview(request, article, staff=False)
