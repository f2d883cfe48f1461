"""Public addresses of the register (/van-ban/) and the consultations (/lay-y-kien/).

Included in newsroom/urls.py before the articles' catch-all /<section>/<slug>/.
"""

from django.urls import path

from . import feeds, views

app_name = "documents"

urlpatterns = [
    path("van-ban/", views.document_list, name="list"),
    path("van-ban/feed/", feeds.LatestDocumentsFeed(), name="feed"),
    path("van-ban/<slug:slug>/", views.document_detail, name="detail"),
    path("van-ban/<slug:slug>/tep/<int:pk>/", views.download, name="download"),
    path("lay-y-kien/", views.consultation_list, name="consultations"),
    path("lay-y-kien/<slug:slug>/", views.consultation_detail, name="consultation"),
    path("lay-y-kien/<slug:slug>/bao-cao/", views.report_download, name="report"),
]
