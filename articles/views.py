"""Public pages for articles. Every queryset starts from Article.objects.live()."""

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from .models import Article, Section, Tag


def _live_articles():
    return Article.objects.live().select_related("section").prefetch_related("author_links__author")


class HomeView(ListView):
    template_name = "articles/home.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        return _live_articles()


class SectionView(ListView):
    template_name = "articles/section_detail.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return _live_articles().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class TagView(ListView):
    template_name = "articles/tag_detail.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return _live_articles().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return _live_articles().prefetch_related("photo_slots__photo", "tags")
