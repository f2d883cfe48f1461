"""Server-side autosave of the article form (articles.Autosave), offered back on any device.

While the form is open, articles/static/articles/autosave.js posts the form's
text fields every few seconds, only when they changed, to

- `/admin/articles/article/<id>/autosave/` (`admin:articles_article_autosave`) for a
  stored article: only its editors (roles.can_edit, through has_change_permission);
- `/admin/articles/article/autosave/` (`admin:articles_article_autosave_new`) for a new,
  unsaved article: one row per user with `article` empty (needs the add permission).

POST `data` (a JSON object: field name -> text) stores or replaces the user's row;
POST `discard=1` deletes it. The answer is JSON: {"saved_at": ISO, "time": "HH:MM"}
or {"error": "…"} (400/413) in Vietnamese. An autosave is not a revision and does
not touch the article (no version, nothing public, no page cache invalidation:
Autosave.never_public). Opening the form offers the user's row back
(`server_autosave` in the page, json_script); a real save deletes it.
"""

import json
import re

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import HttpResponseNotAllowed, JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext

from ..models import Autosave
from .article_form import MAX_BODY_INPUT_LENGTH

INTERVAL_SECONDS = 5  # how often the form checks for changes to send (autosave.js reads it from the page)
MAX_FIELDS = 600  # the form's text fields, inlines included, with room to spare
MAX_FIELD_LENGTH = 10_000  # any field but the body (a caption, the lead, a correction note)
FIELD_NAME = re.compile(r"^[a-z_]{1,40}(-\d{1,4}-[a-z_]{1,40})?$")


def _error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def clean_data(raw: str) -> dict:
    """The posted form state, checked: a JSON object of known-looking field names to text.

    Raises ValueError with a Vietnamese message.
    """
    if len(raw) > MAX_BODY_INPUT_LENGTH + MAX_FIELDS * MAX_FIELD_LENGTH:
        raise ValueError(gettext("Bản tự lưu quá lớn."))
    try:
        data = json.loads(raw)
    except ValueError:
        raise ValueError(gettext("Bản tự lưu không đọc được (không phải JSON).")) from None
    if not isinstance(data, dict) or len(data) > MAX_FIELDS:
        raise ValueError(gettext("Bản tự lưu không đúng dạng biểu mẫu bài viết."))
    for name, value in data.items():
        if not isinstance(value, str) or not FIELD_NAME.match(name):
            raise ValueError(gettext("Bản tự lưu không đúng dạng biểu mẫu bài viết."))
        limit = MAX_BODY_INPUT_LENGTH if name == "body" else MAX_FIELD_LENGTH
        if len(value) > limit:
            raise ValueError(gettext("Trường “%(name)s” dài %(length)s ký tự, tối đa %(limit)s.")
                             % {"name": name, "length": len(value), "limit": limit})
    return data


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def offer(request, article) -> dict | None:
    """What the form offers back: {"time", "date", "values", "url"}; None when there is nothing."""
    row = Autosave.objects.filter(user=request.user, article=article).first()
    if row is None:
        return None
    local = timezone.localtime(row.saved_at)
    return {"time": local.strftime("%H:%M"), "date": local.strftime("%d/%m/%Y"), "values": row.data,
            "url": _url(article)}


def _url(article) -> str:
    if article is None:
        return reverse("admin:articles_article_autosave_new")
    return reverse("admin:articles_article_autosave", args=[article.pk])


def forget(user, article) -> None:
    """A real save: the user's autosave of this article (and of a new one, when it was new) goes."""
    Autosave.objects.filter(user=user, article=article).delete()


class AutosaveAdminMixin:
    """Mixed into ArticleAdmin: the endpoints, the offer in the form, clearing on save."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        info = self.opts.app_label, self.opts.model_name
        return [
            path("autosave/", wrap(self.autosave_new_view), name="%s_%s_autosave_new" % info),
            path("<path:object_id>/autosave/", wrap(self.autosave_view), name="%s_%s_autosave" % info),
            *super().get_urls(),
        ]

    def autosave_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article_or_403(request, object_id, edit=True)  # PermissionDenied: a 403
        return self._store_autosave(request, article)

    def autosave_new_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_add_permission(request):
            raise PermissionDenied
        return self._store_autosave(request, None)

    def _store_autosave(self, request, article):
        try:
            post = request.POST
        except RequestDataTooBig:
            return _error(gettext("Bản tự lưu quá lớn."), 413)
        if post.get("discard"):
            Autosave.objects.filter(user=request.user, article=article).delete()
            return JsonResponse({"discarded": True})
        try:
            data = clean_data(post.get("data") or "")
        except ValueError as error:
            return _error(str(error))
        now = timezone.now()
        Autosave.objects.update_or_create(user=request.user, article=article,
                                          defaults={"data": data, "saved_at": now})
        return JsonResponse({"saved_at": now.isoformat(), "time": _local(now)})

    def _autosave_context(self, request, article) -> dict:
        return {"server_autosave": {"url": _url(article), "interval": INTERVAL_SECONDS,
                                    "offer": offer(request, article)}}

    def add_view(self, request, form_url="", extra_context=None):
        if request.method == "GET":
            extra_context = {**(extra_context or {}), **self._autosave_context(request, None)}
        return super().add_view(request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            article = self.get_object(request, unquote(object_id))
            if article is not None and self.has_change_permission(request, article):
                extra_context = {**(extra_context or {}), **self._autosave_context(request, article)}
        return super().change_view(request, object_id, form_url, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        forget(request.user, form.instance)
        if not change:
            forget(request.user, None)
