"""Sitemap sections of the register: merged into the site's index in newsroom/urls.py."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .models import Consultation, Document


class DocumentSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Document.objects.public().only("slug", "updated_at").order_by("-published_at", "-pk")

    def lastmod(self, document):
        return document.updated_at

    def get_latest_lastmod(self):
        return Document.objects.public().aggregate(latest=Max("updated_at"))["latest"]


class ConsultationSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return Consultation.objects.public().select_related("document").order_by("-closes_at", "pk")

    def location(self, consultation):
        return reverse("documents:consultation", kwargs={"slug": consultation.document.slug})


SITEMAPS = {"documents": DocumentSitemap, "consultations": ConsultationSitemap}
