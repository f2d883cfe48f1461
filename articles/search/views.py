"""The search page, /search/?q=...&section=&from=&to=&sort=date"""

from urllib.parse import quote, urlencode

from django.utils.translation import gettext as _

from ..public.listing import PublicListView
from .forms import SORT_DATE, SearchForm
from .highlight import highlight, snippet
from .query import parse_query
from .ranking import search_articles

# The parameters the page reads besides the page number, in the order its links write them.
FILTER_PARAMS = ("q", "section", "from", "to", "sort")


class SearchView(PublicListView):
    template_name = "articles/search.html"
    # Every parameter the page reads: the page cache keys a page on these only (pagecache/urls.py).
    page_cache_params = frozenset({*FILTER_PARAMS, "page"})

    def get_queryset(self):
        self.form = SearchForm(self.request.GET)
        self.form.is_valid()
        self.q = self.form.value("q") or ""
        self.query = parse_query(self.q)
        return search_articles(self.query, section=self.form.value("section"), since=self.form.value("from"),
                               until=self.form.value("to"), newest_first=self.form.value("sort") == SORT_DATE)

    def get_context_data(self, **kwargs):
        words, exact = self.query.words, self.query.marked
        # The page links keep the filters as they were typed (the page number aside).
        kept = [(name, self.q if name == "q" else self.request.GET[name])
                for name in FILTER_PARAMS if self.request.GET.get(name) and (name != "q" or self.q)]
        context = super().get_context_data(q=self.q, words=words, form=self.form,
                                           page_query=urlencode(kept, quote_via=quote), **kwargs)
        for article in context["articles"]:
            article.highlighted_title = highlight(article.title, words, exact=exact)
            article.highlighted_snippet = snippet(article, words, exact=exact)
        context["page_title"] = (_("Tìm kiếm: %(q)s") % {"q": self.q}) if self.q else _("Tìm kiếm")
        return context


search = SearchView.as_view()
