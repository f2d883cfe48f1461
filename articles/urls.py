from django.urls import path

from . import views, views_counter

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("chuyen-muc/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("the/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("bai/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("v/<int:pk>/", views_counter.count_view, name="count_view"),
]
