"""Signed photo addresses, mounted under /xem-truoc/anh/ (newsroom/urls.py): three path
segments, so they never meet the articles' /<section>/<slug>/, and under the
reserved "xem-truoc" (previews)."""

from django.urls import path

from . import views

app_name = "photos"

urlpatterns = [
    path("<str:token>/", views.signed_rendition, name="signed_rendition"),
]
