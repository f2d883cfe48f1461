"""The article form's "Xóa các ô ảnh trống" button (articles/workflow/photo_slots.py does the work)."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext

from ..workflow import can_edit
from ..workflow.photo_slots import empty_slot_numbers, remove_empty_photo_slots


class EmptyPhotoSlotsAdminMixin:
    """Mixed into ArticleAdmin: the notice on the change form and its POST URL
    (admin:articles_article_remove_empty_slots)."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [path("<path:object_id>/remove-empty-photo-slots/",
                     self.admin_site.admin_view(self.remove_empty_slots_view),
                     name="%s_%s_remove_empty_slots" % info), *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is not None and can_edit(article, request.user):
            numbers = empty_slot_numbers(article)
            if numbers:
                extra_context = {**(extra_context or {}), "empty_photo_slots": numbers}
        return super().change_view(request, object_id, form_url, extra_context)

    def remove_empty_slots_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(gettext("Không có bài viết này."))
        removed = remove_empty_photo_slots(article, request.user)  # PermissionDenied: a 403
        if removed:
            self.message_user(request, ngettext("Đã xóa %(n)s ô ảnh trống.", "Đã xóa %(n)s ô ảnh trống.", removed)
                              % {"n": removed}, messages.SUCCESS)
        else:
            self.message_user(request, gettext("Bài không có ô ảnh trống nào."), messages.INFO)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
