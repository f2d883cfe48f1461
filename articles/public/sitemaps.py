"""Sitemaps: an index (/sitemap.xml) over articles, sections, tags and authors,
and a Google News sitemap (/sitemap-news.xml) of the last two days.

Addresses come from SITE_URL (newsroom/sitemaps.py wraps Django's views)."""

import datetime

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.db.models import Max
from django.utils import timezone

from newsroom.links import SiteRequest
from pagecache.urls import reads_params

from ..models import Article, Section, Tag

NEWS_WINDOW = datetime.timedelta(days=2)


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        # Only what a <url> entry needs: the article bodies would cost memory by the gigabyte.
        return (Article.objects.live().select_related("section")
                .only("slug", "updated_at", "publish_at", "title", "section__slug")
                .order_by("-publish_at", "-pk"))

    def lastmod(self, article):
        return article.updated_at

    def get_latest_lastmod(self):
        # Django's default computes lastmod() for every item (the whole archive) for the index.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class SectionSitemap(Sitemap):
    changefreq = "hourly"

    def items(self):
        return Section.objects.filter(articles__in=Article.objects.live()).distinct().order_by("order", "name")


class TagSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return Tag.objects.filter(tagged_articles__content_object__in=Article.objects.live()).distinct().order_by(
            "name")


# The site's index merges these with other apps' sitemaps (newsroom/urls.py).
SITEMAPS = {"articles": ArticleSitemap, "sections": SectionSitemap, "tags": TagSitemap}


class NewsSitemap(ArticleSitemap):
    """Live articles published in the last two days (Google News)."""

    limit = 1000

    def items(self):
        return super().items().filter(publish_at__gte=timezone.now() - NEWS_WINDOW)


@reads_params()
def news_sitemap(request):
    return sitemap(SiteRequest(request), {"news": NewsSitemap}, template_name="articles/news_sitemap.xml")
