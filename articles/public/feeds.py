"""RSS 2.0 and Atom feeds of live articles: site-wide and per section.

Every absolute link comes from SITE_URL (newsroom/links.py), not from the
request's Host header: the page cache keeps one copy of a feed for every host.
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.template.loader import render_to_string
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from django.conf import settings

from newsroom.links import SiteRequest

from .. import body, selectors
from ..models import Article, Section

FEED_SIZE = 30


class RssWithContent(Rss201rev2Feed):
    """RSS 2.0 with the full body in content:encoded (the RSS content module)."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": "http://purl.org/rss/1.0/modules/content/"}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])


class AtomWithContent(Atom1Feed):
    """Atom with the full body in <content type="html">."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


def _feed_items(queryset):
    """The newest live articles with what their bodies show, in a fixed number of queries."""
    items = list(selectors.with_attachment_rows(queryset).select_related("section").prefetch_related(
        "author_links__author", selectors.photos_prefetch())[:FEED_SIZE])
    wanted = {pk for item in items for pk in body.referenced_ids(item.body, "related")}
    cards = ({card.pk: card for card in Article.objects.live().filter(pk__in=wanted).select_related("section")
              .only(*selectors.RELATED_FIELDS)} if wanted else {})
    for item in items:
        item.feed_cards = cards
    return items


class LatestArticlesFeed(Feed):
    """/feed/: the newest live articles."""

    description = _("Tin mới nhất")
    feed_type = RssWithContent
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
        # The lead is text: escaped once more, so that a feed reader, which reads the
        # description as HTML, shows "<img src=x onerror=…>" as words, not as markup.
        return escape(item.lead)

    def item_extra_kwargs(self, item):
        blocks = body.render_data(item.body, slots={slot.pk: slot for slot in item.photo_slots.all()},
                                  attachments=selectors.page_attachments(item),
                                  related=getattr(item, "feed_cards", {}), absolute=True)
        return {"content_html": render_to_string("articles/blocks/body.html", {"blocks": blocks}).strip()}

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
    feed_type = AtomWithContent
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
    feed_type = AtomWithContent

    def subtitle(self, section):
        return self.description(section)
