from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .forms import ArticlePhotoForm
from .models import ArticlePhoto, Photo


class ArticlePhotoInline(admin.StackedInline):
    model = ArticlePhoto
    form = ArticlePhotoForm
    extra = 0
    autocomplete_fields = ["photo"]
    verbose_name = _("ảnh trong bài")
    verbose_name_plural = _("ảnh trong bài (theo vị trí)")
    fields = [("photo", "upload"), "alt_text", ("caption", "credit"), ("after_paragraph", "order")]


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "__str__", "credit", "width", "height", "created_at"]
    search_fields = ["alt_text", "credit", "caption", "slots__caption"]
    readonly_fields = ["width", "height", "uploaded_by", "created_at"]

    @admin.display(description=_("ảnh"))
    def thumbnail(self, photo):
        if not photo.image:
            return "—"
        return format_html('<img src="{}" alt="" style="max-height:60px;max-width:100px">', photo.image.url)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
