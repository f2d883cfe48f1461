"""A paginator that counts a list once per content generation, not on every request."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from .fragments import fragment


class CountCachedPaginator(Paginator):
    """A list's length changes only when content does, and every content change (or
    a scheduled article going live) starts a new generation."""

    def __init__(self, object_list, per_page, *, count_key: str, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        return fragment("list-count", self.object_list.count, self.count_key)
