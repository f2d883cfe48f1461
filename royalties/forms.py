"""Forms of the royalties admin pages; they only read input, royalties/rules.py decides."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from authors.models import Author

from . import rules
from .models import AdjustmentKind, GradingRow, GradingTable, Role


class MonthField(forms.CharField):
    """A month typed as YYYY-MM, cleaned to its first day."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 7)
        kwargs.setdefault("help_text", _("Dạng NNNN-TT, ví dụ 2025-03."))
        super().__init__(**kwargs)
        self.widget.attrs.update({"placeholder": "NNNN-TT", "pattern": r"\d{4}-\d{2}"})

    def clean(self, value):
        value = super().clean(value)
        return rules.parse_month(value) if value else None


def _decimal(value, field):
    if value in (None, ""):
        return None
    return rules.to_decimal(value, field=str(field))


class GradingForm(forms.Form):
    grading_row = forms.ModelChoiceField(label=_("Thể loại"), queryset=GradingRow.objects.none(),
                                         error_messages={"required": _("Hãy chọn thể loại."),
                                                         "invalid_choice": _("Thể loại không có trong bảng hệ số.")})
    coefficient = forms.CharField(label=_("Hệ số"), required=False, max_length=10,
                                  help_text=_("Để trống: hệ số mặc định của thể loại (có ảnh hoặc không ảnh)."))
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=500)

    def __init__(self, *args, table: GradingTable, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grading_row"].queryset = table.rows.all()
        self.fields["grading_row"].label_from_instance = lambda row: (
            f"{row.name} ({row.min_coefficient}–{row.max_coefficient}; "
            f"{_('mặc định')} {row.default_without_photo}/{row.default_with_photo})")

    def clean_coefficient(self):
        return _decimal(self.cleaned_data["coefficient"], _("Hệ số"))


class ShareForm(forms.Form):
    author = forms.ModelChoiceField(label=_("Tác giả"), queryset=Author.objects.all(),
                                    error_messages={"invalid_choice": _("Tác giả không tồn tại.")})
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)
    percent = forms.CharField(label=_("Tỷ lệ (%)"), max_length=10)

    def clean_percent(self):
        return _decimal(self.cleaned_data["percent"], _("Tỷ lệ"))


class BaseShareFormSet(forms.BaseFormSet):
    def specs(self) -> list[rules.ShareSpec]:
        return [rules.ShareSpec(form.cleaned_data["author"], form.cleaned_data["role"], form.cleaned_data["percent"])
                for form in self.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("author")]


ShareFormSet = forms.formset_factory(ShareForm, formset=BaseShareFormSet, extra=1, can_delete=True)


class AdjustmentForm(forms.Form):
    month = MonthField(label=_("Tháng chi trả"))
    kind = forms.ChoiceField(label=_("Loại"), choices=AdjustmentKind.choices)
    value = forms.CharField(label=_("Giá trị"), max_length=20,
                            help_text=_("Số dương cộng thêm, số âm giảm trừ; ví dụ 100 (%) hoặc -50000 (đồng)."))
    reason = forms.CharField(label=_("Lý do"), max_length=300)

    def clean_value(self):
        return _decimal(self.cleaned_data["value"], _("Giá trị điều chỉnh"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=300)


class PaidForm(forms.Form):
    paid_on = forms.DateField(label=_("Ngày chi trả"), initial=timezone.localdate,
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                              input_formats=["%Y-%m-%d", "%d/%m/%Y"],
                              error_messages={"invalid": _("Ngày không hợp lệ (dd/mm/yyyy)."),
                                              "required": _("Hãy nhập ngày chi trả.")})


def month_or_default(value: str | None):
    """The month asked for in a query string, this month when none; raises ValidationError."""
    if not value:
        return rules.month_of(timezone.localdate())
    return rules.parse_month(value)

