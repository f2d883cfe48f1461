"""Public article addresses. The article pattern /<section>/<slug>/ matches any two
segments, so this module is included LAST in newsroom/urls.py."""

from django.urls import path

from pagecache.urls import exempt

from .public import attachments, corrections, counter, feeds, previews, views
from .search.views import search

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", search, name="search"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="feed_atom"),
    path("chuyen-muc/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("chuyen-muc/<slug:slug>/feed/", feeds.SectionFeed(), name="section_feed"),
    path("chuyen-muc/<slug:slug>/atom/", feeds.SectionAtomFeed(), name="section_feed_atom"),
    path("the/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("v/<int:pk>/", exempt(counter.count_view), name="count_view"),
    path("dinh-chinh/", corrections.CorrectionsView.as_view(), name="corrections"),
    path("xem-truoc/<str:token>/", exempt(previews.preview_by_link), name="preview"),
    path("tep/<int:pk>/", exempt(attachments.attachment), name="attachment"),
    path("<slug:section>/<slug:slug>/", views.article_detail, name="detail"),
]
