"""Admin for drafting articles: the form, byline and photo slots inline, the list."""

import uuid

from django.contrib import admin
from taggit.models import Tag as TaggitTag
from django.utils.translation import gettext_lazy as _

from newsroom.admin import ReadOnlyAdminMixin
from newsroom.admin_search import FoldedSearchMixin

from .. import selectors
from .article_form import AttachmentForm, bounded_rows
from .forms import WorkflowArticleForm
from .autosave import AutosaveAdminMixin
from .merging import MergeAdminMixin
from .presence import PresenceAdminMixin
from .trash import TrashAdminMixin
from .workflow import ShownStatusFilter, WorkflowAdminMixin
from ..body import referenced_ids
from ..models import Article, ArticleAuthor, Attachment, Section, Tag


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


def place_new_parts(article: Article) -> None:
    """Photo slots and attachments that no block places yet go at the end of the body.

    Until the editor (issue #15) places them, a slot or file added in the admin's
    inlines shows at the end: new slots as one photos block, each file as an
    attachment block.
    """
    placed_slots = set(referenced_ids(article.body, "photos"))
    placed_files = set(referenced_ids(article.body, "attachment"))
    slots = [pk for pk in article.photo_slots.values_list("pk", flat=True) if pk not in placed_slots]
    files = [pk for pk in article.attachments.values_list("pk", flat=True) if pk not in placed_files]
    if not slots and not files:
        return
    blocks = list(article.body)
    if slots:
        blocks.append({"id": str(uuid.uuid4()), "type": "photos", "value": {"slots": slots}})
    blocks += [{"id": str(uuid.uuid4()), "type": "attachment", "value": {"file": pk, "title": ""}} for pk in files]
    article.body = blocks
    article.save(update_fields=["body"])


class BodyPartsMixin:
    """After the inlines are saved (and before the workflow records the revision), place new parts."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        place_new_parts(form.instance)


@admin.register(Section)
class SectionAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "order", "requires_second_approval"]
    list_editable = ["order"]
    list_filter = ["requires_second_approval"]
    search_fields = ["name", "slug"]


@admin.register(Tag)
class TagAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]


@admin.register(Article)
class ArticleAdmin(FoldedSearchMixin, TrashAdminMixin, MergeAdminMixin, PresenceAdminMixin, AutosaveAdminMixin,
                   WorkflowAdminMixin, BodyPartsMixin, admin.ModelAdmin):
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
        js = ["articles/autosave.js", "articles/presence.js"]

    def get_formsets_with_inlines(self, request, obj=None):
        # Byline and photo slots are bounded (articles/models.py, MAX_*), whichever app
        # defines their inline.
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            yield bounded_rows(formset, inline.model), inline

    @classmethod
    def add_form_inline(cls, inline) -> None:
        """Another app's inline on the article form (called from that app's admin module)."""
        if inline not in cls.form_inlines:
            cls.form_inlines.append(inline)

    def get_inlines(self, request, obj):
        return [*self.inlines, *self.form_inlines]

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
