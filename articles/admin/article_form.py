"""Admin forms for drafting: paragraphs as one text box, blank line between paragraphs."""

from django import forms
from django.utils.translation import gettext_lazy as _

from newsroom.text import normalize

from ..models import Article, Tag


class ParagraphsField(forms.CharField):
    """A list of paragraphs edited as text with a blank line between paragraphs."""

    widget = forms.Textarea(attrs={"rows": 24, "class": "vLargeTextField paragraphs"})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n\n".join(value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        text = normalize(super().to_python(value) or "")
        return [" ".join(block.split()) for block in text.split("\n\n") if block.strip()]


class ArticleForm(forms.ModelForm):
    paragraphs = ParagraphsField(
        label=_("Nội dung"), required=False,
        help_text=_("Mỗi đoạn văn cách nhau bằng một dòng trống. Ảnh được đặt theo số thứ tự đoạn."))

    class Meta:
        model = Article
        fields = ["title", "slug", "lead", "paragraphs", "section", "tags", "source_published_on"]
        widgets = {
            "title": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "lead": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
        }

    def clean_tags(self):
        # Tag names have a column limit: without this check a long name passes the
        # form and fails at the database (a 500 on PostgreSQL).
        tags = self.cleaned_data.get("tags") or []
        limit = Tag._meta.get_field("name").max_length
        for name in tags:
            if len(name) > limit:
                raise forms.ValidationError(
                    _("Mỗi thẻ tối đa %(limit)s ký tự; thẻ “%(start)s…” có %(length)s ký tự."),
                    code="tag_too_long", params={"limit": limit, "start": name[:20], "length": len(name)})
        return tags
