"""Public pages for articles. Every queryset starts from Article.objects.live().

Query budgets (tests/test_public_pages.py): every page runs a fixed number of
queries whatever the number of photos, tags or authors, thanks to the
select_related / Prefetch querysets below.
"""

from django.db import connection
from django.db.models import Exists, F, OuterRef, Window
from django.db.models.functions import RowNumber
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from newsroom.links import absolute_url
from pagecache.fragments import depend_on, only_named_scopes, scope_of, scoped_fragment
from pagecache.urls import reads_params

from .. import body, selectors
from ..models import Article, ArticleRedirect, Section, Tag
from . import seo
from .listing import PublicListView

HOME_LATEST = 12
HOME_PER_SECTION = 4


@reads_params()
def home(request):
    """The lead story, the latest articles, and a block per section."""
    latest = list(selectors.live_list()[:HOME_LATEST + 1])
    lead_story, latest = (latest[0], latest[1:]) if latest else (None, [])
    sections = list(Section.objects.filter(parent__isnull=True))
    by_section = {}
    for article in _newest_per_section(sections):
        by_section.setdefault(article.section_id, []).append(article)
    section_blocks = [(section, by_section[section.pk]) for section in sections if section.pk in by_section]
    return render(request, "articles/home.html", {
        "lead_story": lead_story, "latest": latest, "section_blocks": section_blocks,
        "all_sections": sections,
    })


def _newest_per_section(sections) -> list[Article]:
    """The HOME_PER_SECTION newest live articles of every section, in one query."""
    if not sections:
        return []
    if connection.features.supports_slicing_ordering_in_compound:
        # PostgreSQL: each section's newest few from its index (article_live_section_idx), a
        # few rows each, rather than numbering every live article (a second at 100,000).
        newest = [Article.objects.live().filter(section=section).order_by("-publish_at", "-pk")
                  .values("pk")[:HOME_PER_SECTION] for section in sections]
        return list(Article.objects.live().filter(pk__in=newest[0].union(*newest[1:], all=True))
                    .select_related("section").order_by("section_id", "-publish_at", "-pk"))
    # SQLite (small databases): the newest few of every section in one query (a window function).
    ranked = (Article.objects.live().filter(section__in=sections)
              .annotate(rank=Window(RowNumber(), partition_by=[F("section_id")],
                                    order_by=[F("publish_at").desc(), F("pk").desc()]))
              .filter(rank__lte=HOME_PER_SECTION).select_related("section").order_by("section_id", "rank"))
    return list(ranked)


class SectionView(PublicListView):
    template_name = "articles/section_detail.html"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return selectors.live_list().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class TagView(PublicListView):
    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        # A tag that only drafts use has no public page (and gives away nothing about them).
        self.tag = get_object_or_404(
            Tag.objects.filter(Exists(Article.objects.live().filter(tags=OuterRef("pk")))), slug=self.kwargs["slug"])
        return selectors.live_list().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


def _article_page_parts(request, article: Article, preview: bool) -> dict:
    """The article page's own parts, rendered, with what the view needs to answer.

    Plain strings and numbers, so that a live article's parts can be kept in the
    cache (article_detail) and read back cheaply.
    """
    selectors.attach_page_rows(article)
    tags = selectors.page_tags(article)
    correction_notes = selectors.rare_parts(article)
    og_image = seo.share_image_url(article)
    # One dict per block for templates/articles/blocks/; only the first photos block loads eagerly.
    blocks = body.render_data(article.body, slots=selectors.page_slots(article),
                              attachments=selectors.page_attachments(article),
                              related=selectors.page_related_cards(article))
    related = selectors.related_articles(article, tags) if not preview else []
    # What this page shows, for the cache (pagecache/fragments.py): a change to any of these
    # drops it; a publish elsewhere does not. A new article can join the related block
    # through a shared tag, or through the section when the tags gave fewer than a full block.
    depend_on(scope_of(Article, article.pk), *(scope_of(Article, item.pk) for item in related),
              *(scope_of(Article, pk) for pk in body.referenced_ids(article.body, "related")),
              *(scope_of(Tag, tag.pk) for tag in tags))
    if article.section_id and (len(related) < selectors.RELATED_COUNT
                               or any(getattr(item, "shared", None) is None for item in related)):
        depend_on(scope_of(Section, article.section_id))
    context = {
        "article": article,
        "blocks": blocks,
        "reading_minutes": article.reading_minutes(),
        "tags": tags,
        "byline": article.byline(),
        "related": related,
        "preview": preview,
        "canonical_url": absolute_url(article.get_absolute_url()),
        "json_ld": seo.article_json_ld(article, image=og_image, correction_notes=correction_notes),
        "correction_notes": correction_notes,
        "og_image": og_image,
    }
    return {
        "article_pk": article.pk,
        "path": article.get_absolute_url(),
        "updated_at": article.updated_at,
        "page_title": article.title,
        "page_description": Truncator(article.lead).chars(300),
        "article_head": render_to_string("articles/includes/article_head.html", context, request),
        "article_main": render_to_string("articles/includes/article_main.html", context, request),
    }


def render_article(request, article: Article, *, preview: bool = False,
                   template_name: str = "articles/article_detail.html", extra_context: dict | None = None
                   ) -> HttpResponse:
    """The article page for `article` in any state, rendered now (previews use it).

    With preview=True the page is marked noindex, left out of the view count, and
    not cached.
    """
    context = {"article": article, "preview": preview, **_article_page_parts(request, article, preview),
               **(extra_context or {})}
    response = render(request, template_name, context)
    if preview:
        response["X-Robots-Tag"] = "noindex"
        response["Cache-Control"] = "private, no-store"
    return response


def _live_article_page(request, slug: str) -> dict | None:
    article = selectors.with_article_page_data(Article.objects.live().filter(slug=slug)).first()
    return None if article is None else _article_page_parts(request, article, preview=False)


@reads_params()
@require_safe
def article_detail(request, section: str, slug: str):
    """A live article at /<section>/<slug>/; an old address of it answers with a 301.

    The page's rendered parts are kept under the scopes they show (pagecache/:
    this article, its related articles and cards, its tags, its section when the
    related block used it), so a page that misses the page cache is rendered
    without a query unless one of those changed; a publish elsewhere leaves it. Conditional GET: ETag and Last-Modified
    come from updated_at (a 304 when unchanged).
    """
    page = scoped_fragment("article-page", lambda: _live_article_page(request, slug), get_language(), slug)
    if page is None:
        redirect = (ArticleRedirect.objects.filter(old_path=request.path)
                    .filter(article__in=Article.objects.live()).select_related("article__section").first())
        if redirect is None:
            raise Http404("Không có bài viết này.")
        return HttpResponsePermanentRedirect(redirect.article.get_absolute_url())
    only_named_scopes()  # the page shows its scoped parts and the section menu, nothing else
    if request.path != page["path"]:
        # The section changed (or the address was typed with another section).
        return HttpResponsePermanentRedirect(page["path"])
    etag = quote_etag(f"a{page['article_pk']}-{page['updated_at'].timestamp():.6f}")
    last_modified = int(page["updated_at"].timestamp())
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        return not_modified
    # Views are counted by a separate, uncached request (articles/public/counter.py),
    # so that pages served from a cache still count.
    response = render(request, "articles/article_detail.html", {"preview": False, **page})
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    return response


@reads_params()
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "",
        # From SITE_URL, not the request's Host header (which a client or proxy may set).
        f"Sitemap: {absolute_url(reverse('sitemap_index'))}",
        f"Sitemap: {absolute_url(reverse('sitemap_news'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
