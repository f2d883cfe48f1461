"""Admin forms: the CSV upload and the confirmation of one suggestion."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_YEAR, MIN_YEAR, AwardForm

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp CSV"),
                           help_text=_("UTF-8, phân cách bằng dấu phẩy hoặc chấm phẩy, dòng đầu là tên cột theo mẫu."))
    public = forms.BooleanField(label=_("Đặt công khai các quyết định mới"), required=False,
                                help_text=_("Không chọn thì quyết định mới là «Nội bộ». Quyết định đã có giữ nguyên."))
    dry_run = forms.BooleanField(label=_("Chỉ kiểm tra, không ghi"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 5 MB)."))
        return upload


class ConfirmSuggestionForm(forms.Form):
    form = forms.ModelChoiceField(label=_("Hình thức"), queryset=AwardForm.objects.all())
    issuer_title = forms.CharField(label=_("Người/cấp khen thưởng"), max_length=200)
    issuer_organization = forms.CharField(label=_("Cơ quan khen thưởng"), max_length=200, required=False)
    movement = forms.CharField(label=_("Phong trào, đợt thi đua"), max_length=300, required=False)
    year = forms.IntegerField(label=_("Năm"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    reason = forms.CharField(label=_("Lý do"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))
    source_text = forms.CharField(required=False, max_length=5000, widget=forms.HiddenInput)

    @classmethod
    def from_suggestion(cls, suggestion, award_form, prefix=None):
        return cls(prefix=prefix, initial={"form": award_form, "issuer_title": suggestion.issuer, "year": suggestion.year,
                            "reason": suggestion.reason, "source_text": suggestion.text})
