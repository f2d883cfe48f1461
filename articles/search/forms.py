"""The search page's form: the query and its filters, read from the address (?q=&section=&from=&to=&sort=)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pagecache.fragments import fragment

from ..models import Section
from .query import MAX_QUERY_LENGTH, cut_query

SORT_RELEVANCE, SORT_DATE = "", "date"
DATE_FORMAT = "%Y-%m-%d"  # what <input type="date"> sends, whatever the reader's language


def section_choices() -> list[tuple[str, str]]:
    """Every section as (slug, "Parent › Child"), kept under the content generation."""
    return fragment("search-sections",
                    lambda: [(section.slug, str(section)) for section in Section.objects.select_related("parent")],
                    lists=False)


class SearchForm(forms.Form):
    """Bound to request.GET; a filter that does not parse is left out with its message, never a 500."""

    q = forms.CharField(label=_("Từ khóa (có dấu hoặc không dấu)"), required=False, max_length=MAX_QUERY_LENGTH,
                        strip=True, widget=forms.TextInput(attrs={"type": "search"}))
    section = forms.ChoiceField(label=_("Chuyên mục"), required=False)
    sort = forms.ChoiceField(label=_("Sắp xếp"), required=False,
                             choices=[(SORT_RELEVANCE, _("Phù hợp nhất")), (SORT_DATE, _("Mới nhất"))],
                             error_messages={"invalid_choice": _("Cách sắp xếp không hợp lệ.")})

    def __init__(self, data, **kwargs):
        # The query is cut rather than refused (a long query is not an error).
        data = data.copy()
        if "q" in data:
            data["q"] = cut_query(data["q"])
        super().__init__(data, auto_id="search-page-%s", **kwargs)
        self.fields["section"].choices = [("", _("Tất cả chuyên mục")), *section_choices()]
        self.fields["section"].error_messages["invalid_choice"] = _("Không có chuyên mục này.")
        # "from" and "to" are Python keywords: declared here rather than in the class body.
        for name, label in (("from", _("Từ ngày")), ("to", _("Đến ngày"))):
            self.fields[name] = forms.DateField(
                label=label, required=False, input_formats=[DATE_FORMAT],
                widget=forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT),
                error_messages={"invalid": _("Ngày phải có dạng năm-tháng-ngày, ví dụ 2019-03-08.")})
        self.order_fields(["q", "section", "from", "to", "sort"])

    def full_clean(self):
        super().full_clean()
        for name in ("from", "to"):
            if self.has_error(name, code="invalid"):
                self.data[name] = ""  # <input type="date"> cannot hold it: the message says what was wrong

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("from"), cleaned.get("to")
        if since and until and since > until:
            self.add_error("to", _("Ngày kết thúc phải từ ngày bắt đầu trở về sau."))
        return cleaned

    def value(self, name):
        """The field's cleaned value, or None when it is missing or did not parse."""
        if not self.is_valid() and name in self.errors:
            return None
        return self.cleaned_data.get(name) or None
