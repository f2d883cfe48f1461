from django.urls import path

from . import previews, views, views_corrections

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("chuyen-muc/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("the/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("bai/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("dinh-chinh/", views_corrections.CorrectionsView.as_view(), name="corrections"),
    path("xem-truoc/<str:token>/", previews.preview_by_link, name="preview"),
]
