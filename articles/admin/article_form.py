"""Admin forms for drafting: paragraphs as one text box, blank line between paragraphs.

What one article may hold is bounded (the MAX_* constants in articles/models.py):
tags and their length, paragraphs here, byline authors and photo slots in the
inline formsets (bounded_rows). Each bound is checked before the expensive
part (creating tags, building and validating forms), so a crafted request with
thousands of them is refused at once with a Vietnamese message and writes nothing.
"""

from django import forms
from django.forms.formsets import TOTAL_FORM_COUNT
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from newsroom.text import normalize

from ..models import (MAX_AUTHORS_PER_ARTICLE, MAX_PARAGRAPHS_PER_ARTICLE, MAX_PHOTOS_PER_ARTICLE,
                      MAX_TAGS_PER_ARTICLE, TAG_MAX_LENGTH, Article, ArticleAuthor, photo_slot_model)

# The longest tag list a user can type within the limits: every tag at its longest,
# quoted, with a comma and spaces, and room to spare. Longer input is refused before parsing.
TAGS_INPUT_MAX_LENGTH = MAX_TAGS_PER_ARTICLE * (TAG_MAX_LENGTH + 4) * 2


class BoundedTagField(TagField):
    """taggit's comma-separated tags, refused when there are too many or one is too long."""

    def clean(self, value):
        if value and len(value) > TAGS_INPUT_MAX_LENGTH:
            raise forms.ValidationError(
                _("Danh sách thẻ quá dài: mỗi bài tối đa %(limit)s thẻ, mỗi thẻ tối đa %(length)s ký tự."),
                code="too_many_tags", params={"limit": MAX_TAGS_PER_ARTICLE, "length": TAG_MAX_LENGTH})
        tags = super().clean(value) or []
        if len(tags) > MAX_TAGS_PER_ARTICLE:
            raise forms.ValidationError(
                _("Mỗi bài tối đa %(limit)s thẻ; bạn đã nhập %(count)s thẻ."),
                code="too_many_tags", params={"limit": MAX_TAGS_PER_ARTICLE, "count": len(tags)})
        for name in tags:
            # Tag names have a column limit: without this check a long name passes the
            # form and fails at the database (a 500 on PostgreSQL).
            if len(name) > TAG_MAX_LENGTH:
                raise forms.ValidationError(
                    _("Mỗi thẻ tối đa %(limit)s ký tự; thẻ “%(start)s…” có %(length)s ký tự."),
                    code="tag_too_long", params={"limit": TAG_MAX_LENGTH, "start": name[:20], "length": len(name)})
        return tags


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

    def validate(self, value):
        super().validate(value)
        if len(value) > MAX_PARAGRAPHS_PER_ARTICLE:
            raise forms.ValidationError(
                _("Mỗi bài tối đa %(limit)s đoạn văn; nội dung này có %(count)s đoạn."),
                code="too_many_paragraphs", params={"limit": MAX_PARAGRAPHS_PER_ARTICLE, "count": len(value)})


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
        field_classes = {"tags": BoundedTagField}


class BoundedFormSetMixin:
    """Refuses more than max_num rows with `too_many_message`; set up by bounded_rows().

    The admin's "add another" stops at max_num, so a request posting more rows
    was crafted: it is refused without building the extra forms (only the
    stored rows are built, to show them again).
    """

    too_many_message = _("Mỗi bài tối đa %(num)d mục.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.error_messages = {**self.error_messages, "too_many_forms": self.too_many_message}

    def _posted_too_many(self) -> bool:
        return (self.is_bound and self.management_form.is_valid()
                and self.management_form.cleaned_data[TOTAL_FORM_COUNT] > self.max_num)

    def total_form_count(self):
        if self._posted_too_many():
            # full_clean() still sees the posted count above absolute_max and refuses.
            return min(self.initial_form_count(), self.max_num)
        return super().total_form_count()


def row_limits() -> dict:
    """The rows of the article form that are bounded: model -> (most rows, refusal)."""
    return {
        ArticleAuthor: (MAX_AUTHORS_PER_ARTICLE, _("Mỗi bài tối đa %(num)d tác giả trong byline.")),
        photo_slot_model(): (MAX_PHOTOS_PER_ARTICLE, _("Mỗi bài tối đa %(num)d ảnh.")),
    }


def bounded_rows(formset, model):
    """The inline formset class for `model`, bounded when row_limits() names it.

    Applied by the article admin to every inline, whichever app defines the
    inline (the photo slots' is in photos/admin.py).
    """
    limit = row_limits().get(model)
    if limit is None:
        return formset
    most, message = limit
    return type(formset.__name__, (BoundedFormSetMixin, formset), {
        "max_num": most, "absolute_max": most, "validate_max": True, "too_many_message": message})
