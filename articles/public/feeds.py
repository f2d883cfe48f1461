"""RSS 2.0 and Atom feeds of live articles: site-wide and per section.

Every absolute link comes from SITE_URL (newsroom/links.py), not from the
request's Host header: the page cache keeps one copy of a feed for every host.
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from django.conf import settings

from newsroom.links import SiteRequest

from ..models import Article, Section

FEED_SIZE = 30


def _feed_items(queryset):
    return queryset.select_related("section").prefetch_related("author_links__author")[:FEED_SIZE]


class LatestArticlesFeed(Feed):
    """/feed/: the newest live articles."""

    description = _("Tin mới nhất")
    page_cache_params = frozenset()  # a feed reads no query parameter (pagecache/urls.py)

    def get_feed(self, obj, request):
        return super().get_feed(obj, SiteRequest(request))

    def title(self):
        return settings.SITE_NAME

    def link(self):
        return reverse("articles:home")

    def items(self):
        return _feed_items(Article.objects.live())

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return ", ".join(author.name for author in item.byline()) or None

    def item_categories(self, item):
        return [item.section.name] if item.section_id else []

    def item_guid(self, item):
        # Stable across slug changes: the address may move, the article does not.
        return f"{settings.SITE_URL}/#article-{item.pk}"

    item_guid_is_permalink = False


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


class SectionFeed(LatestArticlesFeed):
    """/chuyen-muc/<slug>/feed/: the newest live articles of one section."""

    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, section):
        return f"{section.name} – {settings.SITE_NAME}"

    def link(self, section):
        return section.get_absolute_url()

    def description(self, section):
        return _("Tin mới nhất chuyên mục %(name)s") % {"name": section.name}

    def items(self, section):
        return _feed_items(Article.objects.live().filter(section=section))


class SectionAtomFeed(SectionFeed):
    feed_type = Atom1Feed

    def subtitle(self, section):
        return self.description(section)
