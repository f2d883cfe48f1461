"""The media library (Photo admin) and the photo slots inline of the article form.

Who sees and changes which photo is decided in photos/permissions.py; this
module only asks it (queryset, change permission, search fields, "used in").
"""

import logging

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.admin.options import IS_POPUP_VAR
from django.db.models import Count, ProtectedError
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.admin import ArticleAdmin
from articles.admin.editor import get_only, post_only, staff_json_view
from newsroom.admin_search import FoldedSearchMixin

from . import editor, permissions
from .forms import ArticlePhotoForm, PhotoForm
from .history import record_in_live_articles
from .models import ArticlePhoto, Photo
from .renditions import ensure_renditions, rendition_url, storage_errors, thumbnail_url
from .uploads import reusable_photo

logger = logging.getLogger(__name__)


class ArticlePhotoInline(admin.StackedInline):
    model = ArticlePhoto
    form = ArticlePhotoForm
    extra = 0
    autocomplete_fields = ["photo"]
    verbose_name = _("ảnh trong bài")
    verbose_name_plural = _("ảnh trong bài (theo vị trí)")
    fields = [("photo", "upload"), "alt_text", ("caption", "credit"), "order"]

    def get_formset(self, request, obj=None, **kwargs):
        """The formset's forms know the user: the photos they may pick, and whether they may
        change a picked photo's alt text (photos/permissions.py)."""
        formset = super().get_formset(request, obj, **kwargs)
        user = request.user

        class UserFormSet(formset):
            def get_form_kwargs(self, index):
                return {**super().get_form_kwargs(index), "user": user}

        return UserFormSet


def in_use_message(photos) -> str:
    """The refusal for deleting photos that articles use, naming the articles."""
    lines = []
    for photo in photos:
        titles = ", ".join(f"«{article.title}»" for article in photo.articles())
        lines.append(f"“{photo}” ({titles})")
    return ngettext(
        "Không thể xóa ảnh đang được dùng trong bài viết: %(photos)s. Hãy gỡ ảnh khỏi các bài đó trước.",
        "Không thể xóa các ảnh đang được dùng trong bài viết: %(photos)s. Hãy gỡ ảnh khỏi các bài đó trước.",
        len(lines)) % {"photos": "; ".join(lines)}


@admin.action(permissions=["delete"], description=_("Xóa các ảnh đã chọn"))
def delete_selected(modeladmin, request, queryset):
    """Django's bulk delete, refused with a clear message when a selected photo is in use."""
    in_use = list(queryset.filter(slots__isnull=False).distinct())
    if in_use:
        modeladmin.message_user(request, in_use_message(in_use), messages.ERROR)
        return None
    return django_delete_selected(modeladmin, request, queryset)


@admin.register(Photo)
class PhotoAdmin(FoldedSearchMixin, admin.ModelAdmin):
    form = PhotoForm
    actions = [delete_selected]  # same name: replaces Django's site-wide delete_selected
    list_display = ["thumbnail", "__str__", "credit", "width", "height", "used_in_count", "created_at"]
    list_display_links = ["thumbnail", "__str__"]
    search_fields = ["alt_text", "credit", "caption", "slots__caption"]
    readonly_fields = ["preview", "width", "height", "used_in", "uploaded_by", "created_at"]
    fieldsets = [
        (None, {"fields": ["image", "preview", "alt_text", "caption", "credit"]}),
        (_("Tiêu điểm (giữ trong khung khi cắt ảnh)"), {
            "fields": [("focal_x", "focal_y")],
            "description": _("Bấm vào ảnh xem trước để chọn tiêu điểm, hoặc nhập số từ 0 đến 1.")}),
        (_("Thông tin"), {"fields": [("width", "height"), "used_in", "uploaded_by", "created_at"]}),
    ]

    class Media:
        js = ["photos/focal-point.js"]
        css = {"all": ["photos/admin.css"]}

    def get_queryset(self, request):
        # Also the autocomplete of the photo slots (the library picker): only what the user may see.
        queryset = permissions.visible_photos(request.user, super().get_queryset(request))
        return queryset.prefetch_related("renditions").annotate(article_count=Count("slots__article", distinct=True))

    def get_search_fields(self, request):
        if permissions.is_photo_editor(request.user):
            return self.search_fields
        # Slot captions belong to articles: a reporter's search must not probe other reporters' drafts.
        return [field for field in self.search_fields if not field.startswith("slots__")]

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or permissions.can_change_photo(request.user, obj)

    def get_object(self, request, object_id, from_field=None):
        photo = super().get_object(request, object_id, from_field)
        if photo is not None:
            photo.viewer = request.user  # for used_in, a read-only field that gets no request
        return photo

    @admin.display(description=_("ảnh"))
    def thumbnail(self, photo):
        try:
            url = thumbnail_url(photo) if photo.image else ""
        except storage_errors():
            logger.exception("Thumbnail of photo %s unavailable", photo.pk)
            url = ""
        if not url:
            return "—"
        return format_html('<img src="{}" alt="" class="photo-thumb" loading="lazy">', url)

    @admin.display(description=_("xem trước"))
    def preview(self, photo):
        if not photo.pk or not photo.image:
            return _("Lưu ảnh để xem trước và chọn tiêu điểm.")
        try:
            renditions = [r for r in ensure_renditions(photo) if r.format == "jpeg"]
        except storage_errors():
            return _("Không đọc được tệp ảnh.")
        rendition = min(renditions, key=lambda r: abs(r.width - 960))
        # The admin shows every photo by its signed address: a plain one appears only on live pages.
        return format_html(
            '<div class="focal-picker"><img src="{}" alt="" width="{}" height="{}" class="focal-image">'
            '<span class="focal-marker"></span></div>',
            rendition_url(rendition, public=False), rendition.width, rendition.height)

    @admin.display(description=_("dùng trong"), ordering="article_count")
    def used_in_count(self, photo):
        return getattr(photo, "article_count", None) or "—"

    @admin.display(description=_("dùng trong các bài"))
    def used_in(self, photo):
        articles = list(photo.articles()) if photo.pk else []
        if not articles:
            return _("Chưa dùng trong bài nào.")
        # Titles only of the articles this user may see; the others are counted.
        viewer = getattr(photo, "viewer", None)
        visible = set(photo.articles().filter(permissions.visible_articles_q(viewer)).values_list("pk", flat=True))
        shown = [article for article in articles if article.pk in visible]
        hidden = len(articles) - len(shown)
        items = format_html_join(
            "", "<li><a href='{}'>{}</a></li>",
            ((reverse("admin:articles_article_change", args=[article.pk]), article.title) for article in shown))
        if hidden:
            items += format_html("<li>{}</li>", ngettext("và %(count)s bài khác", "và %(count)s bài khác",
                                                         hidden) % {"count": hidden})
        return format_html("<ul class='used-in'>{}</ul>", items)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            # The body editor's (photos/editor.py): before the catch-all "<id>/" of the change pages.
            path("editor/upload/", staff_json_view(post_only(lambda request: editor.upload_view(self, request))),
                 name="%s_%s_editor_upload" % info),
            path("editor/library/", staff_json_view(get_only(lambda request: editor.library_view(self, request))),
                 name="%s_%s_editor_library" % info),
            *super().get_urls(),
        ]

    # --- The same file added again: the photo already in the library (photos/uploads.py) ----

    def save_form(self, request, form, change):
        photo = super().save_form(request, form, change)
        if not change and form.cleaned_data.get("image"):
            existing = reusable_photo(form.cleaned_data["image"], user=request.user)
            if existing is not None:
                existing.reused = True
                return existing
        return photo

    def log_addition(self, request, obj, message):
        if getattr(obj, "reused", False):
            return None  # nothing was added
        return super().log_addition(request, obj, message)

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(obj, "reused", False) and IS_POPUP_VAR not in request.POST:
            self.message_user(request, gettext(
                "Ảnh này đã có trong thư viện (tải lên lúc %(when)s): đã mở ảnh có sẵn thay vì tạo bản sao. "
                "Mô tả, chú thích và nguồn ảnh vừa nhập không được ghi; sửa chúng ở đây nếu cần (và nếu bạn "
                "được sửa ảnh này).")
                % {"when": date_format(timezone.localtime(obj.created_at), "DATETIME_FORMAT")}, messages.WARNING)
            return HttpResponseRedirect(reverse("admin:photos_photo_change", args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)

    def save_model(self, request, obj, form, change):
        if getattr(obj, "reused", False):
            return
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
        if "image" in form.changed_data:
            ensure_renditions(obj)
        if change:
            record_in_live_articles(obj, user=request.user, fields=form.changed_data)

    def delete_view(self, request, object_id, extra_context=None):
        photo = self.get_object(request, object_id)
        if photo is not None and photo.slots.exists():
            self.message_user(request, in_use_message([photo]), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:photos_photo_change", args=[photo.pk]))
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        try:
            super().delete_model(request, obj)
        except ProtectedError:  # put in an article between the check and the delete
            self.message_user(request, in_use_message([obj]), messages.ERROR)

    def delete_queryset(self, request, queryset):
        try:
            super().delete_queryset(request, queryset)
        except ProtectedError:
            self.message_user(request, in_use_message(queryset.filter(slots__isnull=False).distinct()),
                              messages.ERROR)


# The photo slots are part of the article form, after the byline; the body editor's photos
# blocks (items) become slots through the resolver (photos/editor.py).
ArticleAdmin.add_form_inline(ArticlePhotoInline)
ArticleAdmin.add_body_resolver("photos", editor.PhotoItemsResolver())
