from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("", views.AwardIndexView.as_view(), name="index"),
    path("nam/<int:year>/", views.AwardYearView.as_view(), name="year"),
    path("quyet-dinh/<int:pk>/", views.AwardDetailView.as_view(), name="detail"),
    path("nguoi-nhan/<slug:slug>/", views.RecipientDetailView.as_view(), name="recipient"),
]
