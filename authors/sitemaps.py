"""Authors with at least one live article, for the site's sitemap index (newsroom/urls.py)."""

from django.contrib.sitemaps import Sitemap

from articles.models import Article

from .models import Author


class AuthorSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return Author.objects.filter(articles__in=Article.objects.live()).distinct().order_by("name")


SITEMAPS = {"authors": AuthorSitemap}
