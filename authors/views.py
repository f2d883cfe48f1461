"""Public author pages: bio, portrait and their live articles; an author with none has no page (404)."""

from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404

from articles.models import Article
from articles.public.listing import PublicListView
from articles.selectors import live_list

from .models import Author


class AuthorDetailView(PublicListView):
    template_name = "authors/author_detail.html"

    def get_queryset(self):
        # An author with no live article (only drafts, or nothing yet) has no public page.
        self.author = get_object_or_404(
            Author.objects.filter(Exists(Article.objects.live().filter(authors=OuterRef("pk")))),
            slug=self.kwargs["slug"])
        return live_list().filter(authors=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)
