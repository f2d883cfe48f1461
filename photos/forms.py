"""The photo slot form: pick a library photo or upload a new one, in one row."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ArticlePhoto, Photo


class ArticlePhotoForm(forms.ModelForm):
    upload = forms.ImageField(label=_("tải ảnh mới"), required=False,
                              help_text=_("Hoặc chọn một ảnh có sẵn trong thư viện."))
    alt_text = forms.CharField(label=_("mô tả ảnh (alt)"), required=False, max_length=300)

    class Meta:
        model = ArticlePhoto
        fields = ["photo", "upload", "alt_text", "caption", "credit", "after_paragraph", "order"]
        widgets = {"caption": forms.Textarea(attrs={"rows": 2, "cols": 40})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.photo_id:
            self.fields["alt_text"].initial = self.instance.photo.alt_text

    def save(self, commit=True):
        slot = super().save(commit=False)
        upload = self.cleaned_data.get("upload")
        alt_text = self.cleaned_data.get("alt_text", "")
        if upload:
            slot.photo = Photo.objects.create(image=upload, alt_text=alt_text, credit=slot.credit,
                                              caption=slot.caption)
        elif slot.photo and "alt_text" in self.changed_data:
            slot.photo.alt_text = alt_text
            slot.photo.save(update_fields=["alt_text"])
        if commit:
            slot.save()
        return slot
