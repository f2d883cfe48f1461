"""Public pages for articles. Every queryset starts from Article.objects.live().

Query budgets (tests/test_public_pages.py): every page runs a fixed number of
queries whatever the number of photos, tags or authors, thanks to the
select_related / Prefetch querysets below.
"""

import hashlib

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Window, prefetch_related_objects
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.functional import cached_property
from django.utils.http import http_date, quote_etag
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.views.decorators.http import require_safe
from django.views.generic import ListView

from newsroom.page_cache import fragment
from photos.models import ArticlePhoto

from . import seo
from .models import Article, ArticleAuthor, ArticleRedirect, CorrectionNote, Section, Tag, TaggedArticle

PAGE_SIZE = 20
HOME_LATEST = 12
HOME_PER_SECTION = 4
RELATED_COUNT = 5
RELATED_CANDIDATES = 300
# What the related block shows (a link with a date): not the article bodies.
RELATED_FIELDS = ["title", "slug", "publish_at", "section__slug", "section__name"]


def _photos_prefetch():
    """Photo slots with their photo in one query, whatever their number."""
    # Renditions come from Photo.rendition_summary: no query of their own.
    return Prefetch("photo_slots", queryset=ArticlePhoto.objects.select_related("photo"))


def _byline_prefetch():
    return Prefetch("author_links", queryset=ArticleAuthor.objects.select_related("author"))


def live_list():
    """Live articles for a list: section for the URL, the first photo slot for the thumbnail.

    Not the stored search text, which no list shows and which is as long as the article.
    """
    first_slot = Prefetch("photo_slots", queryset=ArticlePhoto.objects.select_related("photo")[:1],
                          to_attr="list_slots")
    return Article.objects.live().defer("search_text").select_related("section").prefetch_related(first_slot)


class CountCachedPaginator(Paginator):
    """A paginator that counts a list once per content generation, not on every request.

    A list's length changes only when content does, and every content change (or
    a scheduled article going live) starts a new generation (newsroom/page_cache.py).
    """

    def __init__(self, object_list, per_page, *, count_key: str, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        return fragment("list-count", self.object_list.count, self.count_key)


class PublicListView(ListView):
    """A paginated list: ?page=N; a page out of range or not a number is a 404 (ListView's rule)."""

    context_object_name = "articles"
    paginate_by = PAGE_SIZE
    allow_empty = True
    paginator_class = CountCachedPaginator

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        # The path and query without the page number name the list (search words included).
        params = self.request.GET.copy()
        params.pop("page", None)
        key = hashlib.sha1(f"{self.request.path}?{params.urlencode()}".encode()).hexdigest()
        return self.paginator_class(queryset, per_page, orphans=orphans,
                                    allow_empty_first_page=allow_empty_first_page, count_key=key, **kwargs)


def home(request):
    """The lead story, the latest articles, and a block per section."""
    latest = list(live_list()[:HOME_LATEST + 1])
    lead_story, latest = (latest[0], latest[1:]) if latest else (None, [])
    sections = list(Section.objects.filter(parent__isnull=True))
    # The newest few live articles of every section in one query (a window function),
    # so the page does not run one query per section.
    ranked = (Article.objects.live().filter(section__in=sections)
              .annotate(rank=Window(RowNumber(), partition_by=[F("section_id")],
                                    order_by=[F("publish_at").desc(), F("pk").desc()]))
              .filter(rank__lte=HOME_PER_SECTION).select_related("section").order_by("section_id", "rank"))
    by_section = {}
    for article in ranked:
        by_section.setdefault(article.section_id, []).append(article)
    section_blocks = [(section, by_section[section.pk]) for section in sections if section.pk in by_section]
    return render(request, "articles/home.html", {
        "lead_story": lead_story, "latest": latest, "section_blocks": section_blocks,
        "all_sections": sections,
    })


class SectionView(PublicListView):
    template_name = "articles/section_detail.html"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return live_list().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class TagView(PublicListView):
    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return live_list().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


def related_articles(article: Article, tags) -> list[Article]:
    """Live articles sharing the most tags with `article`, then from its section, newest first.

    Two small queries rather than one OR: "same section" matches a large part of the
    archive, and ranking all of it by shared tags took most of the page's time.
    """
    tag_ids = [tag.pk for tag in tags]
    related = []
    if tag_ids:
        # Ranked among the RELATED_CANDIDATES most recently created articles sharing a tag, so
        # that a tag on thousands of articles costs no more than a rare one.
        candidates = _related_candidates(article, tag_ids)
        # Filtering on the tags first makes Count("tags") count the shared ones only.
        related = list(Article.objects.live().filter(pk__in=candidates, tags__in=tag_ids)
                       .annotate(shared=Count("tags")).select_related("section").only(*RELATED_FIELDS)
                       .order_by("-shared", "-publish_at", "-pk")[:RELATED_COUNT])
    if len(related) < RELATED_COUNT and article.section_id:
        seen = [article.pk, *(item.pk for item in related)]
        related += list(Article.objects.live().filter(section_id=article.section_id).exclude(pk__in=seen)
                        .select_related("section").only(*RELATED_FIELDS)
                        .order_by("-publish_at", "-pk")[:RELATED_COUNT - len(related)])
    return related


def _related_candidates(article: Article, tag_ids: list[int]):
    """The ids of the RELATED_CANDIDATES newest articles sharing one of tag_ids, as a subquery."""
    if connection.vendor == "postgresql":
        # Each tag's newest few from the (tag, -article) index, then the newest of those:
        # the same ids as the plain query below, whose plan on PostgreSQL walks all tag
        # links newest first and filters them (33,000 rows at 100,000 articles).
        return RawSQL(
            "SELECT DISTINCT newest.content_object_id FROM unnest(%s::bigint[]) AS shared(tag_id)"
            " CROSS JOIN LATERAL (SELECT content_object_id FROM articles_taggedarticle"
            " WHERE tag_id = shared.tag_id AND content_object_id <> %s"
            " ORDER BY content_object_id DESC LIMIT %s) AS newest"
            " ORDER BY newest.content_object_id DESC LIMIT %s",
            [tag_ids, article.pk, RELATED_CANDIDATES, RELATED_CANDIDATES])
    return (TaggedArticle.objects.filter(tag_id__in=tag_ids).exclude(content_object_id=article.pk)
            .order_by("-content_object_id").values("content_object_id")[:RELATED_CANDIDATES])


def with_article_page_data(queryset):
    """The article with its section, and whether it has corrections or public awards.

    Corrections and awards are rare: the article's own query says whether it has
    any (EXISTS), and the page fetches them only then. The rest of what the page
    shows (byline, photos, tags, related articles) is fetched by _article_page_parts
    only when its rendered fragments are not in the cache.
    """
    from awards.models import Award

    return (queryset.defer("search_text").select_related("section")
            .annotate(has_corrections=Exists(CorrectionNote.objects.filter(article=OuterRef("pk"))),
                      has_public_awards=Exists(Award.objects.public().filter(articles=OuterRef("pk")))))


def _rare_parts(article: Article) -> list:
    """The article's correction notes, and its public awards for the awards block (when it has any)."""
    from awards.models import Award

    if not getattr(article, "has_public_awards", True):
        article.public_awards = []  # the awards block's template tag reads this instead of querying
    elif not hasattr(article, "public_awards"):
        article.public_awards = list(Award.objects.public().filter(articles=article).select_related("form"))
    if not getattr(article, "has_corrections", True):
        return []
    return list(article.correction_notes.all())


def _article_page_parts(request, article: Article, preview: bool) -> dict:
    """The article page's own parts, rendered, with what the view needs to answer.

    Plain strings and numbers, so that a live article's parts can be kept in the
    cache (article_detail) and read back cheaply.
    """
    prefetch_related_objects([article], _byline_prefetch(), _photos_prefetch(), "tags")
    tags = list(article.tags.all())
    correction_notes = _rare_parts(article)
    og_image = seo.first_image_url(article)
    # (kind, block, eager): only the first photo group loads eagerly; later ones lazily.
    body_blocks, seen_photos = [], False
    for kind, block in article.body_blocks():
        body_blocks.append((kind, block, kind == "photos" and not seen_photos))
        seen_photos = seen_photos or kind == "photos"
    context = {
        "article": article,
        "body_blocks": body_blocks,
        "tags": tags,
        "byline": article.byline(),
        "related": related_articles(article, tags) if not preview else [],
        "preview": preview,
        "canonical_url": seo.absolute_url(article.get_absolute_url()),
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
    article = with_article_page_data(Article.objects.live().filter(slug=slug)).first()
    return None if article is None else _article_page_parts(request, article, preview=False)


@require_safe
def article_detail(request, section: str, slug: str):
    """A live article at /<section>/<slug>/; an old address of it answers with a 301.

    The page's rendered parts are kept under the content generation
    (newsroom/page_cache.py): publishing, unpublishing or editing anything starts
    a new one, so a page that misses the page cache is still rendered without a
    query unless its content changed. Conditional GET: ETag and Last-Modified
    come from updated_at (a 304 when unchanged).
    """
    page = fragment("article-page", lambda: _live_article_page(request, slug), get_language(), slug)
    if page is None:
        redirect = (ArticleRedirect.objects.filter(old_path=request.path)
                    .filter(article__in=Article.objects.live()).select_related("article__section").first())
        if redirect is None:
            raise Http404("Không có bài viết này.")
        return HttpResponsePermanentRedirect(redirect.article.get_absolute_url())
    if request.path != page["path"]:
        # The section changed (or the address was typed with another section).
        return HttpResponsePermanentRedirect(page["path"])
    etag = quote_etag(f"a{page['article_pk']}-{page['updated_at'].timestamp():.6f}")
    last_modified = int(page["updated_at"].timestamp())
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        return not_modified
    # Views are counted by a separate, uncached request (articles/views_counter.py),
    # so that pages served from a cache still count.
    response = render(request, "articles/article_detail.html", {"preview": False, **page})
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    return response


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "",
        # From SITE_URL, not the request's Host header (which a client or proxy may set).
        f"Sitemap: {seo.absolute_url(reverse('sitemap_index'))}",
        f"Sitemap: {seo.absolute_url(reverse('sitemap_news'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
