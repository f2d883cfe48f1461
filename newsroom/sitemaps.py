"""The sitemap index and its sections: Django's views, with every address from SITE_URL."""

from django.contrib.sitemaps import views

from .links import SiteRequest


def index(request, **kwargs):
    return views.index(SiteRequest(request), **kwargs)


def section(request, **kwargs):
    return views.sitemap(SiteRequest(request), **kwargs)


# The page cache keys these pages on ?p= (the sitemap's page) only (pagecache/urls.py).
index.page_cache_params = section.page_cache_params = frozenset({"p"})
