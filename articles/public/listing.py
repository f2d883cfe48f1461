"""The paginated public list that articles, authors, awards and search pages share."""

import hashlib

from django.views.generic import ListView

from pagecache.paginator import CountCachedPaginator

PAGE_SIZE = 20


class PublicListView(ListView):
    """A paginated list: ?page=N; a page out of range or not a number is a 404 (ListView's rule)."""

    context_object_name = "articles"
    paginate_by = PAGE_SIZE
    allow_empty = True
    paginator_class = CountCachedPaginator
    # The page cache keys a list on these only (pagecache/urls.py).
    page_cache_params = frozenset({"page"})

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        # The path and query without the page number name the list (search words included).
        params = self.request.GET.copy()
        params.pop("page", None)
        key = hashlib.sha1(f"{self.request.path}?{params.urlencode()}".encode()).hexdigest()
        return self.paginator_class(queryset, per_page, orphans=orphans,
                                    allow_empty_first_page=allow_empty_first_page, count_key=key, **kwargs)
