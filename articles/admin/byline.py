"""A new article's byline starts with its writer (a contract: docs/developers.md, "Bylines").

- The add form's byline is prefilled with the signed-in user's own author profile,
  when they have one. Whatever is then posted is the byline: a writer who takes
  their own name out (a piece written for someone else) is respected.
- A reporter's first article makes the profile (named after the account) and puts
  it first in the byline, since there was nothing to prefill.

The profile comes from the authors app, which registers how to find it
(ArticleAdmin.set_own_author(authors.models.own_profile)); articles imports no authors.
"""

from django.contrib import messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext

from ..models import ArticleAuthor
from ..workflow import is_reporter


class OwnBylineMixin:
    """Mixed into ArticleAdmin."""

    # find(user, *, create=False) -> Author | None, set by authors/admin.py.
    own_author = None

    @classmethod
    def set_own_author(cls, find) -> None:
        cls.own_author = staticmethod(find)

    def _find_own_author(self, user, *, create=False):
        return self.own_author(user, create=create) if self.own_author is not None else None

    def add_view(self, request, form_url="", extra_context=None):
        if request.method != "POST" and is_reporter(request.user) and self._find_own_author(request.user) is None:
            self.message_user(request, gettext(
                "Bài đầu tiên của bạn: khi lưu, hệ thống tạo hồ sơ tác giả mang tên tài khoản của bạn và ghi lên "
                "đầu byline."), messages.INFO)
        return super().add_view(request, form_url, extra_context)

    def get_formsets_with_inlines(self, request, obj=None):
        # The add form, shown (not posted): one byline row, the writer's own profile.
        prefill = self._find_own_author(request.user) if obj is None and request.method != "POST" else None
        request.own_byline_prefill = prefill
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            if prefill is not None and inline.model is ArticleAuthor:
                formset = type(formset.__name__, (formset,), {"extra": max(formset.extra, 1)})
            yield formset, inline

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        prefill = getattr(request, "own_byline_prefill", None)
        if prefill is not None and inline.model is ArticleAuthor:
            kwargs["initial"] = [{"author": prefill.pk, "order": 0}]
        return kwargs

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change or not is_reporter(request.user) or self._find_own_author(request.user) is not None:
            return
        author = self._find_own_author(request.user, create=True)
        article = form.instance
        if article.author_links.filter(author=author).exists():
            return
        for link in article.author_links.all():
            link.order += 1
            link.save(update_fields=["order"])
        ArticleAuthor.objects.create(article=article, author=author, order=0)
        self.message_user(request, format_html(
            gettext("Đã tạo hồ sơ tác giả “{name}” cho bạn và ghi vào byline. Sửa tên, giới thiệu ở "
                    "<a href=\"{url}\">hồ sơ tác giả</a>."),
            name=author.name, url=reverse("admin:authors_author_change", args=[author.pk])), messages.INFO)
