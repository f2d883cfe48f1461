"""Project URLs: the admin, the public site, and media in development."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from articles.public import sitemaps as article_sitemaps
from articles.public.views import robots_txt
from authors import sitemaps as author_sitemaps
from documents import sitemaps as document_sitemaps
from newsroom import sitemaps as sitemap_views
from newsroom.health import healthz
from newsroom.views import switch_language
from pagecache.urls import exempt

admin.site.site_header = "Newsroom – Quản trị tòa soạn"
admin.site.site_title = "Newsroom"
admin.site.index_title = "Bàn làm việc của tòa soạn"

# Every app's sections of the sitemap index (/sitemap.xml, /sitemap-<section>.xml).
SITEMAPS = {**article_sitemaps.SITEMAPS, **author_sitemaps.SITEMAPS, **document_sitemaps.SITEMAPS}


urlpatterns = [
    path("healthz", exempt(healthz), name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", exempt(set_language), name="set_language"),
    path("ngon-ngu/<str:code>/", exempt(switch_language), name="switch_language"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
         name="sitemap_index"),
    path("sitemap-news.xml", article_sitemaps.news_sitemap, name="sitemap_news"),
    path("sitemap-<section>.xml", sitemap_views.section, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("tac-gia/", include("authors.urls")),
    path("khen-thuong/", include("awards.urls")),
    # The register (/van-ban/) and consultations on drafts (/lay-y-kien/): before the articles' catch-all.
    path("", include("documents.urls")),
    # Signed addresses of photos no live article shows yet (photos/views.py).
    path("xem-truoc/anh/", include("photos.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Last: the article address /<section>/<slug>/ matches any two path segments.
urlpatterns += [path("", include("articles.urls"))]

handler403 = "newsroom.errors.permission_denied"
handler500 = "newsroom.errors.server_error"
