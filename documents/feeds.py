"""RSS 2.0 feed of newly published documents (/van-ban/feed/)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Document

FEED_SIZE = 30


class LatestDocumentsFeed(Feed):
    description = _("Văn bản mới công bố")

    def title(self):
        return f"{_('Văn bản')} – {settings.SITE_NAME}"

    def link(self):
        return reverse("documents:list")

    def items(self):
        return (Document.objects.public().with_legal_status().select_related("kind", "issuing_body", "sector")
                .defer("full_text").order_by("-published_at", "-pk")[:FEED_SIZE])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return f"{item.issuing_body.name}. {item.legal_status.label}."

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.issuing_body.name

    def item_categories(self, item):
        return [name for name in (item.kind.name, item.sector.name if item.sector_id else "") if name]

    def item_guid(self, item):
        return f"{settings.SITE_URL}/#document-{item.pk}"

    item_guid_is_permalink = False
