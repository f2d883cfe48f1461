"""The search page, /search/?q=..."""

from django.utils.translation import gettext as _

from ..public.listing import PublicListView
from .highlight import highlight, snippet
from .query import MAX_QUERY_LENGTH, query_words
from .ranking import search_articles


class SearchView(PublicListView):
    template_name = "articles/search.html"
    page_cache_params = frozenset({"q", "page"})

    def get_queryset(self):
        self.q = self.request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
        self.words = query_words(self.q)
        return search_articles(self.q)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(q=self.q, words=self.words, **kwargs)
        for article in context["articles"]:
            article.highlighted_title = highlight(article.title, self.words)
            article.highlighted_snippet = snippet(article, self.words)
        context["page_title"] = (_("Tìm kiếm: %(q)s") % {"q": self.q}) if self.q else _("Tìm kiếm")
        return context


search = SearchView.as_view()
