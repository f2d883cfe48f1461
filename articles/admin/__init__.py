"""Admin for drafting articles: the form, byline and photo slots inline, the list."""

import uuid

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import ModelForm
from django.http import JsonResponse
from django.urls import path
from taggit.models import Tag as TaggitTag
from django.utils.translation import gettext_lazy as _

from newsroom.admin import ReadOnlyAdminMixin
from newsroom.admin_search import FoldedSearchMixin
from newsroom.text import fold

from .. import selectors
from .article_form import AttachmentForm, bounded_rows, labelled_rows
from .byline import OwnBylineMixin
from .editor import BodyEditorAdminMixin, apply_body_plan, body_editor_posted, resolver_inline_models
from .forms import WorkflowArticleForm
from .photo_slots import EmptyPhotoSlotsAdminMixin
from .autosave import AutosaveAdminMixin
from .merging import MergeAdminMixin
from .presence import PresenceAdminMixin
from .trash import TrashAdminMixin
from .workflow import ShownStatusFilter, WorkflowAdminMixin
from ..body import referenced_ids
from ..models import TAG_MAX_LENGTH, Article, ArticleAuthor, Attachment, Section, Tag

# How many existing tags the tag chips suggest at once.
SUGGESTIONS = 10


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 0
    min_num = 0
    autocomplete_fields = ["author"]
    verbose_name = _("tác giả (theo thứ tự byline)")
    verbose_name_plural = _("byline")


class AttachmentInline(admin.TabularInline):
    model = Attachment
    form = AttachmentForm
    extra = 0
    fields = ["file", "title", "file_name", "size"]
    readonly_fields = ["file_name", "size"]
    verbose_name = _("tệp đính kèm")
    verbose_name_plural = _("tệp đính kèm (PDF, DOC, DOCX, XLS, XLSX, ODT, ODS; mới thêm thì nằm cuối bài)")


def place_new_parts(article: Article, *, slots: bool = True, files: list[int] | None = None) -> None:
    """Photo slots and attachments that no block places yet go at the end of the body.

    Without the editor (issue #15), a slot or file added in the admin's inlines
    shows at the end: new slots as one photos block, each file as an attachment
    block. With it (body_editor=1) the body places every slot (`slots=False`), and
    only the files added through the attachments inline in this save (`files`) are
    appended: a file the editor took out of the body stays out.
    """
    placed_slots = set(referenced_ids(article.body, "photos"))
    placed_files = set(referenced_ids(article.body, "attachment"))
    new_slots = [pk for pk in article.photo_slots.values_list("pk", flat=True) if pk not in placed_slots] \
        if slots else []
    new_files = [pk for pk in article.attachments.values_list("pk", flat=True) if pk not in placed_files
                 and (files is None or pk in files)]
    if not new_slots and not new_files:
        return
    blocks = list(article.body)
    if new_slots:
        blocks.append({"id": str(uuid.uuid4()), "type": "photos", "value": {"slots": new_slots}})
    blocks += [{"id": str(uuid.uuid4()), "type": "attachment", "value": {"file": pk, "title": ""}}
               for pk in new_files]
    article.body = blocks
    article.save(update_fields=["body"])


class BodyPartsMixin:
    """After the inlines are saved (and before the workflow records the revision): the blocks the
    editor posted in its own shape become stored blocks (articles/admin/editor.py), then new parts
    are placed."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        exclusive = body_editor_posted(request.POST)
        apply_body_plan(article, getattr(form, "body_plan", None), user=request.user, exclusive=exclusive)
        if exclusive:
            added = [obj.pk for formset in formsets if formset.model is Attachment
                     for obj in getattr(formset, "new_objects", [])]
            place_new_parts(article, slots=False, files=added)
        else:
            place_new_parts(article)


@admin.register(Section)
class SectionAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "order", "requires_second_approval"]
    list_editable = ["order"]
    list_filter = ["requires_second_approval"]
    search_fields = ["name", "slug"]


class TagAdminForm(ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "slug"]

    def clean_name(self):
        # The tags field quotes with straight double quotes (article_form.tags_text): a name holding
        # one could not be written there and read back.
        name = self.cleaned_data["name"]
        if '"' in name:
            raise ValidationError(_("Tên thẻ không được có dấu ngoặc kép thẳng (\"); dùng “ ” nếu cần."))
        return name


@admin.register(Tag)
class TagAdmin(FoldedSearchMixin, admin.ModelAdmin):
    form = TagAdminForm
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]

    def get_urls(self):
        return [path("suggest/", self.admin_site.admin_view(self.suggest_view), name="articles_tag_suggest"),
                *super().get_urls()]

    def suggest_view(self, request):
        """Existing tags for the article form's tag chips: GET ?q=, accent-insensitive (the admin's
        folded search), at most SUGGESTIONS names, those starting with the words first.
        JSON {"results": [{"name": "Hà Nội"}, ...]}; staff who may view tags only."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        term = " ".join(request.GET.get("q", "")[:TAG_MAX_LENGTH].split())
        names = []
        if term:
            queryset, _duplicates = self.get_search_results(request, Tag.objects.all(), term)
            folded = fold(term)
            names = sorted(queryset.order_by("name").values_list("name", flat=True)[:SUGGESTIONS * 5],
                           key=lambda name: (not fold(name).startswith(folded), fold(name)))[:SUGGESTIONS]
        return JsonResponse({"results": [{"name": name} for name in names]})


@admin.register(Article)
class ArticleAdmin(FoldedSearchMixin, EmptyPhotoSlotsAdminMixin, TrashAdminMixin, MergeAdminMixin, PresenceAdminMixin,
                   AutosaveAdminMixin, WorkflowAdminMixin, OwnBylineMixin, BodyEditorAdminMixin, BodyPartsMixin,
                   admin.ModelAdmin):
    form = WorkflowArticleForm
    inlines = [ArticleAuthorInline, AttachmentInline]
    # Inlines that apps building on articles add to the article form, after the
    # byline (photos adds its photo slots: photos/admin.py). articles imports none of them.
    form_inlines: list = []
    list_display = ["title", "shown_status", "section", "publish_at", "view_count", "updated_at"]
    list_filter = [ShownStatusFilter, "section", "authors"]
    list_select_related = ["section"]
    search_fields = ["search_text"]
    prefolded_search_fields = ("search_text",)  # stored folded ("dong hoi")
    date_hierarchy = "created_at"
    readonly_fields = ["shown_status", "publish_at", "view_count", "created_by", "created_at", "updated_at", "source_id"]
    fieldsets = [
        (None, {"fields": ["title", "lead", "body"]}),
        (_("Phân loại"), {"fields": ["section", "tags"]}),
        (_("Xuất bản"), {"fields": ["shown_status", "publish_at", "slug", "view_count"]}),
        (_("Nguồn"), {"classes": ["collapse"],
                      "fields": ["source_id", "source_published_on", "created_by", "created_at", "updated_at"]}),
    ]

    class Media:
        # The body editor (issue #15, built from articles/editor/ by `make assets`), autosave and presence.
        js = ["articles/autosave.js", "articles/presence.js", "articles/editor/editor.js"]
        css = {"all": ["articles/editor/editor.css"]}

    def get_formsets_with_inlines(self, request, obj=None):
        # Byline and photo slots are bounded (articles/models.py, MAX_*), whichever app
        # defines their inline.
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            yield labelled_rows(bounded_rows(formset, inline.model)), inline

    @classmethod
    def add_form_inline(cls, inline) -> None:
        """Another app's inline on the article form (called from that app's admin module)."""
        if inline not in cls.form_inlines:
            cls.form_inlines.append(inline)

    def get_inlines(self, request, obj):
        inlines = [*self.inlines, *self.form_inlines]
        if request.method == "POST" and body_editor_posted(request.POST):
            # The running editor posts the body as the only source of these rows (its photos
            # blocks' items): their inline is neither shown nor expected (articles/admin/editor.py).
            owned = resolver_inline_models()
            inlines = [inline for inline in inlines if inline.model not in owned]
        return inlines

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


# --- Editorial workflow: read-only history and the correction notes ------------------

from ..models import CorrectionNote, Transition  # noqa: E402


@admin.register(Transition)
class TransitionAdmin(ReadOnlyAdminMixin, FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["created_at", "article", "from_status", "to_status", "user", "note"]
    list_filter = ["to_status", "from_status"]
    list_select_related = ["article", "user"]
    search_fields = ["article__title", "note"]
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        # The same rule as the article list: a reporter sees the history of the
        # articles they created or are named in the byline of.
        return super().get_queryset(request).filter(article__in=selectors.visible_to(user=request.user))



@admin.register(CorrectionNote)
class CorrectionNoteAdmin(FoldedSearchMixin, admin.ModelAdmin):
    """Notes are made from the article form; here an editor can fix a note's wording."""

    list_display = ["created_at", "kind", "text", "article", "created_by"]
    list_filter = ["kind"]
    list_select_related = ["article", "created_by"]
    search_fields = ["text", "article__title"]
    fields = ["article", "revision", "kind", "text", "created_by", "created_at"]
    readonly_fields = ["article", "revision", "created_by", "created_at"]

    def has_add_permission(self, request):
        return False


# Articles are tagged with articles.Tag (Vietnamese slugs); taggit's own Tag model
# is unused, and its admin (with a bulk action that merges tags) would only confuse.
if admin.site.is_registered(TaggitTag):
    admin.site.unregister(TaggitTag)
