"""Admin forms for drafting: the body as one text box (JSON blocks, or plain text paragraphs).

What one article may hold is bounded (the MAX_* constants in articles/models.py):
tags and their length, the body's size here (its blocks in articles/body.py), byline authors and photo slots in the
inline formsets (bounded_rows). Each bound is checked before the expensive
part (creating tags, building and validating forms), so a crafted request with
thousands of them is refused at once with a Vietnamese message and writes nothing.
"""

import json

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.forms.formsets import TOTAL_FORM_COUNT
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from newsroom.text import normalize

from ..attachments import check_document
from .editor import split_posted_body
from ..body import MAX_INLINE_LENGTH, replace_paragraphs
from ..models import (MAX_AUTHORS_PER_ARTICLE, MAX_BLOCKS_PER_ARTICLE, MAX_PHOTOS_PER_ARTICLE,
                      MAX_TAGS_PER_ARTICLE, TAG_MAX_LENGTH, Article, ArticleAuthor, Attachment, photo_slot_model)

# The longest tag list a user can type within the limits: every tag at its longest,
# quoted, with a comma and spaces, and room to spare. Longer input is refused before parsing.
TAGS_INPUT_MAX_LENGTH = MAX_TAGS_PER_ARTICLE * (TAG_MAX_LENGTH + 4) * 2
# The longest body text accepted before parsing it (JSON or plain text): refused at once beyond.
MAX_BODY_INPUT_LENGTH = 4 * MAX_INLINE_LENGTH * 20


def tags_text(names) -> str:
    """Tag names as the tags field holds them: comma-separated, a name quoted only when it has a comma.

    The inverse of BoundedTagField's parsing, so names with spaces, commas or
    accents survive a round trip; the chips widget (articles/static/articles/tags.js)
    writes the same. taggit's own edit_string_for_tags quotes every name with a
    space, which showed readers' stray quotes around "Hà Nội".
    """
    return ", ".join(f'"{name}"' if "," in name else name for name in names)


class TagChipsWidget(forms.TextInput):
    """A text input of comma-separated tags; with JavaScript, chips over it with suggestions.

    The suggestions come from the tags admin (admin:articles_tag_suggest, accent-insensitive);
    the messages the script shows are given here, in Vietnamese, as data attributes.
    """

    template_name = "django/forms/widgets/text.html"

    class Media:
        js = ["articles/tags.js"]
        css = {"all": ["articles/tags.css"]}

    def __init__(self, attrs=None):
        super().__init__({"class": "vTextField tag-chips-source", "autocomplete": "off",
                          "data-tags-suggest": reverse_lazy("admin:articles_tag_suggest"),
                          "data-label-remove": _("Bỏ thẻ %s"), "data-label-added": _("Đã thêm thẻ %s"),
                          "data-label-removed": _("Đã bỏ thẻ %s"), "data-label-new": _("Thẻ mới: %s"),
                          "data-label-input": _("Thêm thẻ: gõ tên rồi bấm Enter hoặc dấu phẩy"),
                          "data-label-list": _("Các thẻ của bài"), **(attrs or {})})

    def format_value(self, value):
        if value is not None and not isinstance(value, str):
            value = tags_text(sorted(tag.name if hasattr(tag, "name") else str(tag) for tag in value))
        return super().format_value(value)


class BoundedTagField(TagField):
    """taggit's comma-separated tags, refused when there are too many or one is too long.

    One difference from taggit: text with no comma and no quote is one tag
    ("Hà Nội"), where taggit would split it at spaces ("Hà", "Nội"): Vietnamese
    names are words separated by spaces.
    """

    widget = TagChipsWidget

    def clean(self, value):
        if value and len(value) > TAGS_INPUT_MAX_LENGTH:
            raise forms.ValidationError(
                _("Danh sách thẻ quá dài: mỗi bài tối đa %(limit)s thẻ, mỗi thẻ tối đa %(length)s ký tự."),
                code="too_many_tags", params={"limit": MAX_TAGS_PER_ARTICLE, "length": TAG_MAX_LENGTH})
        tags = super().clean(value) or []
        text = " ".join((value or "").split())
        if text and "," not in text and '"' not in text:
            tags = [text]
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


class BodyField(forms.CharField):
    """The body (Article.body) in one text box until the editor (issue #15) arrives.

    It holds the blocks as JSON (the editor's contract: the editable area will be
    `data-editor="body"`). A reporter may instead type plain text: a text that is
    not a JSON list becomes paragraph blocks, one per blank-line-separated
    paragraph, the text kept as text (escaped) and bare web addresses made links.
    Validation is the model's (articles/body.py, run by Article.clean()).
    """

    widget = forms.Textarea(attrs={"rows": 24, "class": "vLargeTextField body-json", "data-editor": "body",
                                   "spellcheck": "false"})

    def prepare_value(self, value):
        if isinstance(value, list):
            return json.dumps(value, ensure_ascii=False, indent=1) if value else ""
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        text = normalize(super().to_python(value) or "")
        if len(text) > MAX_BODY_INPUT_LENGTH:
            raise forms.ValidationError(
                _("Nội dung dài %(length)s ký tự, tối đa %(limit)s."), code="body_too_long",
                params={"length": len(text), "limit": MAX_BODY_INPUT_LENGTH})
        if not text.strip():
            return []
        if text.lstrip().startswith("["):
            try:
                value = json.loads(text)
            except ValueError as error:
                raise forms.ValidationError(
                    _("Nội dung không phải JSON hợp lệ (dòng %(line)s, cột %(column)s). Nếu bạn muốn nhập văn "
                      "bản thường, đừng bắt đầu bằng dấu [."), code="body_json",
                    params={"line": getattr(error, "lineno", "?"), "column": getattr(error, "colno", "?")})
            return value
        paragraphs = [" ".join(block.split()) for block in text.split("\n\n") if block.strip()]
        if len(paragraphs) > MAX_BLOCKS_PER_ARTICLE:
            raise forms.ValidationError(
                _("Mỗi bài tối đa %(limit)s khối; nội dung này có %(count)s đoạn."),
                code="too_many_blocks", params={"limit": MAX_BLOCKS_PER_ARTICLE, "count": len(paragraphs)})
        return TypedParagraphs(paragraphs)


class TypedParagraphs(list):
    """Plain text typed into the body field: its paragraphs, made blocks by ArticleForm.clean_body."""


class ArticleForm(forms.ModelForm):
    body = BodyField(
        label=_("Nội dung"), required=False,
        help_text=_("Gõ văn bản, mỗi đoạn cách nhau bằng một dòng trống; hoặc dán các khối dạng JSON "
                    "(xem Hướng dẫn tòa soạn). Ảnh và tệp đính kèm mới được thêm vào cuối bài."))

    class Meta:
        model = Article
        fields = ["title", "slug", "lead", "body", "section", "tags", "source_published_on"]
        widgets = {
            "title": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "lead": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
        }
        field_classes = {"tags": BoundedTagField}

    # Blocks posted in the editor's own shape (a photos block's items), kept aside by
    # clean_body and stored by the admin after the save (articles/admin/editor.py).
    body_plan = None

    def clean_body(self):
        value = self.cleaned_data["body"]
        if isinstance(value, TypedParagraphs):
            # Paragraphs typed over an existing body keep its other blocks in place.
            return replace_paragraphs(self.instance.body if self.instance.pk else [], list(value))
        value, self.body_plan = split_posted_body(value, article=self.instance, user=getattr(self, "user", None))
        return value


class AttachmentForm(forms.ModelForm):
    """A document checked by content (articles/attachments.py) before it is stored."""

    class Meta:
        model = Attachment
        fields = ["file", "title"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):  # a new file (not the stored one shown again)
            self.checked = check_document(upload)
        return upload

    def save(self, commit=True):
        attachment = super().save(commit=False)
        checked = getattr(self, "checked", None)
        if checked is not None:
            attachment.file_name, attachment.content_type, attachment.size = (
                checked.file_name, checked.content_type, checked.size)
        if commit:
            attachment.save()
        return attachment


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


class LabelledRowsMixin:
    """Every field of an inline row named for screen readers: a tabular inline shows its labels as
    column headings, which no input is tied to (axe-core: "Form elements must have labels")."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for name, field in form.fields.items():
            if not field.widget.is_hidden:
                field.widget.attrs.setdefault("aria-label", str(field.label or name))


def labelled_rows(formset):
    """The inline formset class with LabelledRowsMixin (the article admin applies it to every inline)."""
    return type(formset.__name__, (LabelledRowsMixin, formset), {})
