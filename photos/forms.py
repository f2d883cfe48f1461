"""Photo forms: the library photo form and the slot form (pick a library photo or upload one).

Both take uploads through ``PhotoUploadField``, which checks the file by content
(photos/validation.py) and reads its caption/credit metadata for prefilling.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import permissions
from .history import record_in_live_articles
from .models import ArticlePhoto, Photo
from .uploads import photo_from_upload
from .validation import validate_image


class OriginalFileInput(forms.ClearableFileInput):
    """Shows the current original's name, never a link: originals have no public URL."""

    template_name = "photos/widgets/original_file_input.html"

    def is_initial(self, value):
        return bool(value and getattr(value, "name", None))


class PhotoUploadField(forms.FileField):
    """A file field that accepts only a decodable JPEG, PNG, WebP or GIF within the limits.

    The cleaned file carries ``photo_info`` (format, upright size, metadata).
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", OriginalFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}))
        super().__init__(**kwargs)

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        upload.photo_info = validate_image(upload)
        return upload


def _prefill(cleaned_data: dict, upload, *, caption_field="caption", credit_field="credit") -> None:
    """Fill blank caption/credit from the upload's IPTC/EXIF fields."""
    info = getattr(upload, "photo_info", None)
    if info is None:
        return
    if not cleaned_data.get(caption_field) and info.metadata.caption:
        cleaned_data[caption_field] = info.metadata.caption
    if not cleaned_data.get(credit_field) and info.metadata.credit:
        cleaned_data[credit_field] = info.metadata.credit


class PhotoForm(forms.ModelForm):
    """The media library form. Blank caption and credit are filled from the file's metadata."""

    image = PhotoUploadField(label=_("tệp ảnh"), help_text=Photo._meta.get_field("image").help_text)

    class Meta:
        model = Photo
        fields = ["image", "alt_text", "caption", "credit", "focal_x", "focal_y"]
        widgets = {
            "focal_x": forms.NumberInput(attrs={"min": 0, "max": 1, "step": "any", "class": "focal-input"}),
            "focal_y": forms.NumberInput(attrs={"min": 0, "max": 1, "step": "any", "class": "focal-input"}),
        }

    def clean(self):
        cleaned_data = super().clean()
        if "image" in self.changed_data:
            _prefill(cleaned_data, cleaned_data.get("image"))
        return cleaned_data


class ArticlePhotoForm(forms.ModelForm):
    """One photo slot: a library photo or a new upload, with the slot's own caption and credit.

    ``alt_text`` is the shared photo's: written to the Photo, so only a user who
    may change that photo (photos/permissions.py) may change it here. The photo
    choices are the photos the user may see, plus the slot's current one. With
    no ``user`` (code outside the admin) nothing is restricted.
    """

    upload = PhotoUploadField(label=_("tải ảnh mới"), required=False,
                              help_text=_("Hoặc chọn một ảnh có sẵn trong thư viện. JPEG, PNG, WebP hoặc GIF."))
    alt_text = forms.CharField(label=_("mô tả ảnh (alt)"), required=False, max_length=300)

    class Meta:
        model = ArticlePhoto
        fields = ["photo", "upload", "alt_text", "caption", "credit", "order"]
        widgets = {"caption": forms.Textarea(attrs={"rows": 2, "cols": 40})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.photo_id:
            self.fields["alt_text"].initial = self.instance.photo.alt_text
        if user is not None:
            field = self.fields["photo"]
            visible = permissions.visible_photos_q(user)
            if visible:  # an editor's Q() means every photo; Q() | Q(pk=…) would be that one photo only
                field.queryset = field.queryset.filter(visible | Q(pk=self.instance.photo_id or None))
            field.error_messages["invalid_choice"] = NOT_VISIBLE_ERROR
            if self.instance.photo_id and not permissions.can_change_photo(user, self.instance.photo):
                self.fields["alt_text"].widget.attrs["readonly"] = True
                self.fields["alt_text"].help_text = READ_ONLY_HELP

    def clean(self):
        cleaned_data = super().clean()
        upload = cleaned_data.get("upload")
        if upload:
            # The slot's caption is prefilled; its blank credit already means "the photo's credit".
            info = upload.photo_info
            if not cleaned_data.get("caption") and info.metadata.caption:
                cleaned_data["caption"] = info.metadata.caption
        elif self._alt_text_change() and self.user is not None \
                and not permissions.can_change_photo(self.user, cleaned_data["photo"]):
            self.add_error("alt_text", forms.ValidationError(READ_ONLY_ERROR, code="photo_read_only"))
        return cleaned_data

    def _alt_text_change(self) -> bool:
        """Would saving write a new alt text into the picked library photo?"""
        photo = self.cleaned_data.get("photo")
        return (photo is not None and "alt_text" in self.changed_data
                and self.cleaned_data.get("alt_text", "") != photo.alt_text)

    def save(self, commit=True):
        slot = super().save(commit=False)
        upload = self.cleaned_data.get("upload")
        alt_text = self.cleaned_data.get("alt_text", "")
        if upload:
            # The same file already in the library (and visible to the user) is reused (photos/uploads.py).
            slot.photo, reused = photo_from_upload(upload, user=self.user, alt_text=alt_text,
                                                   caption=slot.caption, credit=slot.credit)
            if reused and alt_text and alt_text != slot.photo.alt_text and (
                    self.user is None or permissions.can_change_photo(self.user, slot.photo)):
                slot.photo.alt_text = alt_text
                slot.photo.save(update_fields=["alt_text"])
                record_in_live_articles(slot.photo, user=self.user, fields=["alt_text"],
                                        exclude_article_ids=[slot.article_id])
        elif self._alt_text_change():
            slot.photo.alt_text = alt_text
            slot.photo.save(update_fields=["alt_text"])
            # This article's own save records it; the other live articles showing the photo here.
            record_in_live_articles(slot.photo, user=self.user, fields=["alt_text"],
                                    exclude_article_ids=[slot.article_id])
        if commit:
            slot.save()
        return slot


READ_ONLY_HELP = _("Ảnh này dùng chung với bài của người khác hoặc bài đã đăng: chỉ biên tập viên sửa được "
                   "mô tả ảnh. Chú thích và nguồn ảnh của ô này vẫn là của bạn.")
NOT_VISIBLE_ERROR = _("Không có ảnh này trong thư viện ảnh bạn được dùng: hãy chọn ảnh khác hoặc tải ảnh mới.")
READ_ONLY_ERROR = _("Bạn không thể sửa mô tả ảnh (alt) của ảnh này: ảnh đang dùng trong bài của người khác "
                    "hoặc bài đã đăng, chỉ biên tập viên sửa được. Chú thích và nguồn ảnh của ô này vẫn sửa được.")
