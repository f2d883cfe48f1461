"""The statistics page's filter: the period (7/30/90 days or a range) and whose figures."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Section
from authors.models import Author

from .counting import local_day
from .statistics import Period, Scope

PERIODS = [("7", _("7 ngày qua")), ("30", _("30 ngày qua")), ("90", _("90 ngày qua")), ("range", _("Khoảng ngày"))]
MAX_RANGE_DAYS = 3 * 366


class StatisticsForm(forms.Form):
    period = forms.ChoiceField(label=_("Khoảng thời gian"), choices=PERIODS, initial="30", required=False)
    start = forms.DateField(label=_("Từ ngày"), required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"],
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                            help_text=_("Chỉ dùng với “Khoảng ngày”."))
    end = forms.DateField(label=_("Đến ngày"), required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"],
                          widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    section = forms.ModelChoiceField(label=_("Chuyên mục"), queryset=Section.objects.order_by("order", "name"),
                                     required=False, empty_label=_("Toàn trang"))
    author = forms.ModelChoiceField(label=_("Tác giả"), queryset=Author.objects.order_by("name"), required=False,
                                    empty_label=_("Mọi tác giả"))
    article = forms.IntegerField(label=_("Mã bài"), required=False, min_value=1, max_value=2**31 - 1,
                                 help_text=_("Số ở cột “Mã bài”: thống kê riêng một bài."))

    def clean(self):
        data = super().clean()
        if data.get("period") == "range":
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                raise forms.ValidationError(_("Chọn cả ngày bắt đầu và ngày kết thúc."), code="range")
            if end < start:
                raise forms.ValidationError(_("Ngày kết thúc phải sau ngày bắt đầu."), code="order")
            if (end - start).days + 1 > MAX_RANGE_DAYS:
                raise forms.ValidationError(_("Khoảng ngày dài nhất là %(days)s ngày.") % {"days": MAX_RANGE_DAYS},
                                            code="too_long")
        number = data.get("article")
        if number is not None:
            data["article"] = Article.objects.filter(pk=number).only("title").first()
            if data["article"] is None:
                self.add_error("article", _("Không có bài viết mã %(number)s.") % {"number": number})
        return data

    def period_value(self, today: datetime.date | None = None) -> Period:
        today = today or local_day()
        data = self.cleaned_data
        if data.get("period") == "range":
            return Period(data["start"], data["end"])
        days = int(data.get("period") or "30")
        return Period(today - datetime.timedelta(days=days - 1), today)

    def scope_value(self) -> Scope:
        data = self.cleaned_data
        return Scope(section=data.get("section"), author=data.get("author"), article=data.get("article"))
