"""Public author pages: bio, portrait and their live articles."""

from django.shortcuts import get_object_or_404

from articles.public.listing import PublicListView
from articles.selectors import live_list

from .models import Author


class AuthorDetailView(PublicListView):
    template_name = "authors/author_detail.html"

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return live_list().filter(authors=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)
