"""Admin of the register: managed lists, documents with their files and links, consultations,
comment moderation and export.

Every publication step goes through documents/workflow.py and every moderation through
documents/consultation.py; this module turns requests into those calls and their
refusals into messages.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count
from django.db.models.fields.files import FieldFile
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from newsroom.admin_search import FoldedSearchMixin
from . import consultation as consultation_actions
from . import workflow
from .files import human_size
from .models import (Comment, CommentStatus, Consultation, ConsultationPart, Document, DocumentFile, DocumentKind,
                     DocumentRelation, DocumentTransition, IssuingBody, Sector)


def _refusal(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or gettext("Bạn không có quyền làm việc này.")


@admin.register(DocumentKind)
class DocumentKindAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "accepts_comments", "order"]
    list_editable = ["order"]
    search_fields = ["name"]


@admin.register(IssuingBody)
class IssuingBodyAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]


@admin.register(Sector)
class SectorAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]


class StoredFileInput(forms.ClearableFileInput):
    """A file input for files kept off the public address space (documents/files.py): the current file
    is named, not linked (its storage has no URL; the download view serves it), and can be replaced."""

    def render(self, name, value, attrs=None, renderer=None):
        upload = forms.FileInput().render(name, None, attrs, renderer)
        if not (isinstance(value, FieldFile) and value.name):  # is_initial() would ask for the URL
            return upload
        return format_html("<span class=\"stored-file\">{}: {}</span><br>{}: {}", gettext("Tệp hiện tại"),
                           value.name.rsplit("/", 1)[-1], gettext("Thay bằng tệp khác"), upload)


class DocumentFileInline(admin.TabularInline):
    model = DocumentFile
    extra = 1
    formfield_overrides = {models.FileField: {"widget": StoredFileInput}}
    fields = ["file", "name", "order", "file_type", "size_display"]
    readonly_fields = ["file_type", "size_display"]

    @admin.display(description=_("dung lượng"))
    def size_display(self, obj):
        return human_size(obj.size) if obj and obj.size else "—"


class DocumentRelationInline(admin.TabularInline):
    model = DocumentRelation
    fk_name = "source"
    extra = 1
    autocomplete_fields = ["target"]
    verbose_name = _("văn bản liên quan (văn bản này thay thế, sửa đổi, hướng dẫn…)")
    verbose_name_plural = verbose_name


class ConsultationFormSet(forms.models.BaseInlineFormSet):
    def clean(self):
        super().clean()
        wanted = [form for form in self.forms if form.has_changed() and not self._should_delete_form(form)]
        kind = getattr(self.instance, "kind", None) if self.instance.kind_id else None
        if wanted and kind is not None and not kind.accepts_comments:
            raise ValidationError(gettext("Chỉ văn bản loại dự thảo mới được lấy ý kiến: đổi loại văn bản thành "
                                          "“Dự thảo” hoặc bỏ phần lấy ý kiến."))


class ConsultationInline(admin.StackedInline):
    model = Consultation
    formset = ConsultationFormSet
    extra = 0
    max_num = 1
    fields = ["opens_at", "closes_at", "unit_name", "unit_email", "unit_contact"]
    verbose_name = _("lấy ý kiến (chỉ cho dự thảo)")
    verbose_name_plural = verbose_name


class TransitionInline(admin.TabularInline):
    model = DocumentTransition
    extra = 0
    can_delete = False
    fields = ["created_at", "user", "from_state", "to_state", "note"]
    readonly_fields = fields
    verbose_name = _("lịch sử công bố")
    verbose_name_plural = verbose_name

    def has_add_permission(self, request, obj=None):
        return False


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


@admin.register(Document)
class DocumentAdmin(FoldedSearchMixin, admin.ModelAdmin):
    change_form_template = "admin/documents/document/change_form.html"
    inlines = [DocumentFileInline, DocumentRelationInline, ConsultationInline, TransitionInline]
    list_display = ["__str__", "kind", "issuing_body", "issued_on", "state", "legal_status_display"]
    list_filter = ["state", "kind", "issuing_body", "sector"]
    list_select_related = ["kind", "issuing_body"]
    search_fields = ["number", "summary", "signer"]
    raw_id_fields = ["articles"]
    readonly_fields = ["state", "slug", "published_at", "created_by", "created_at", "updated_at"]
    actions = ["publish_selected"]
    fieldsets = [
        (None, {"fields": ["kind", "number", "issuing_body", "summary", "sector"]}),
        (_("Ký, ban hành, hiệu lực"), {"fields": ["signer", "signer_title", "issued_on", "effective_on", "expires_on"]}),
        (_("Toàn văn"), {"fields": ["full_text"]}),
        (_("Bài viết dẫn văn bản"), {"fields": ["articles"]}),
        (_("Công bố"), {"fields": ["state", "slug", "published_at", "created_by", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_legal_status()

    @admin.display(description=_("hiệu lực"))
    def legal_status_display(self, obj):
        return obj.legal_status.label

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        return [
            path("<path:object_id>/cong-bo/", self.admin_site.admin_view(self.publish_view),
                 name="documents_document_publish"),
            path("<path:object_id>/thu-hoi/", self.admin_site.admin_view(self.withdraw_view),
                 name="documents_document_withdraw"),
        ] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        document = self.get_object(request, object_id)
        extra_context = {**(extra_context or {}),
                         "document_actions": workflow.allowed_actions(document, request.user) if document else []}
        return super().change_view(request, object_id, form_url, extra_context)

    def _transition_view(self, request, object_id, action):
        document = get_object_or_404(Document, pk=object_id)
        if not self.has_view_permission(request, document):
            raise PermissionDenied
        form = NoteForm(request.POST or None)
        change_url = reverse("admin:documents_document_change", args=[document.pk])
        if request.method == "POST" and form.is_valid():
            try:
                if action == "publish":
                    workflow.publish(document, request.user, note=form.cleaned_data["note"])
                    self.message_user(request, gettext("Đã công bố văn bản."), messages.SUCCESS)
                else:
                    workflow.withdraw(document, request.user, note=form.cleaned_data["note"])
                    self.message_user(request, gettext("Đã thu hồi văn bản: địa chỉ của nó báo “đã thu hồi”."),
                                      messages.SUCCESS)
            except PermissionDenied as error:
                self.message_user(request, _refusal(error), messages.ERROR)
                return HttpResponseRedirect(change_url)
            except ValidationError as error:
                self.message_user(request, _refusal(error), messages.ERROR)
                if action == "withdraw" and getattr(error, "code", "") == "note_required":
                    return HttpResponseRedirect(request.path)
            return HttpResponseRedirect(change_url)
        if not workflow.can_manage(request.user):
            raise PermissionDenied
        return TemplateResponse(request, "admin/documents/document_transition.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta, "original": document,
            "document": document, "form": form, "action": action, "change_url": change_url,
            "title": gettext("Công bố văn bản") if action == "publish" else gettext("Thu hồi văn bản"),
        })

    def publish_view(self, request, object_id):
        return self._transition_view(request, object_id, "publish")

    def withdraw_view(self, request, object_id):
        return self._transition_view(request, object_id, "withdraw")

    @admin.action(description=_("Công bố các văn bản đã chọn"))
    def publish_selected(self, request, queryset):
        done, refused = 0, []
        for document in queryset:
            try:
                workflow.publish(document, request.user)
                done += 1
            except (PermissionDenied, ValidationError) as error:
                refused.append(f"{document}: {_refusal(error)}")
        if done:
            self.message_user(request, gettext("Đã công bố %(n)s văn bản.") % {"n": done}, messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.ERROR)


class PartInline(admin.TabularInline):
    model = ConsultationPart
    extra = 3
    fields = ["label", "title", "order"]


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    inlines = [PartInline]
    list_display = ["__str__", "opens_at", "closes_at", "unit_name", "comment_total"]
    list_select_related = ["document"]
    autocomplete_fields = ["document"]
    readonly_fields = ["comments_by_part"]
    fieldsets = [
        (None, {"fields": ["document", "opens_at", "closes_at", "unit_name", "unit_email", "unit_contact"]}),
        (_("Góp ý theo phần"), {"fields": ["comments_by_part"]}),
        (_("Báo cáo tổng hợp (sau khi hết hạn)"), {"fields": ["report_text", "report_file"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(comment_count=Count("comments"))

    @admin.display(description=_("số góp ý"), ordering="comment_count")
    def comment_total(self, obj):
        return obj.comment_count

    @admin.display(description=_("góp ý theo phần"))
    def comments_by_part(self, obj):
        if not obj or not obj.pk:
            return "—"
        url = reverse("admin:documents_comment_changelist")
        counts = {row["part"]: row["total"] for row in obj.comments.exclude(status=CommentStatus.SPAM)
                  .values("part").annotate(total=Count("pk"))}
        rows = [(f"{url}?consultation__id__exact={obj.pk}&part__id__exact={part.pk}", str(part), counts.get(part.pk, 0))
                for part in obj.parts.all()]
        rows.append((f"{url}?consultation__id__exact={obj.pk}&part__isnull=True", gettext("Toàn bộ dự thảo"),
                     counts.get(None, 0)))
        return format_html("<ul>{}</ul>", format_html_join("", '<li><a href="{}">{}</a>: {}</li>', rows))


@admin.register(Comment)
class CommentAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["created_at", "consultation", "part", "name", "organisation", "publish_name", "status"]
    list_filter = ["status", "consultation", "part"]
    list_select_related = ["consultation__document", "part"]
    search_fields = ["name", "email", "phone", "organisation", "body"]
    ordering = ["consultation", "part__order", "created_at"]
    actions = ["accept", "keep_private", "mark_spam", "export_xlsx", "export_csv"]
    fields = ["consultation", "part", "name", "email", "phone", "organisation", "body", "publish_name", "status",
              "moderated_by", "moderated_at", "created_at"]
    readonly_fields = fields  # citizens' words are not edited, only moderated

    def has_add_permission(self, request):
        return False

    def _moderate(self, request, queryset, decision, done_message):
        count = 0
        try:
            for comment in queryset:
                consultation_actions.moderate(comment, request.user, decision)
                count += 1
        except PermissionDenied as error:
            self.message_user(request, _refusal(error), messages.ERROR)
            return
        self.message_user(request, done_message % {"n": count}, messages.SUCCESS)

    @admin.action(description=_("Công khai góp ý đã chọn"))
    def accept(self, request, queryset):
        self._moderate(request, queryset, "accept", gettext("Đã công khai %(n)s góp ý."))

    @admin.action(description=_("Giữ nội bộ góp ý đã chọn"))
    def keep_private(self, request, queryset):
        self._moderate(request, queryset, "keep_private", gettext("Đã giữ nội bộ %(n)s góp ý."))

    @admin.action(description=_("Đánh dấu thư rác"))
    def mark_spam(self, request, queryset):
        self._moderate(request, queryset, "spam", gettext("Đã đánh dấu %(n)s góp ý là thư rác."))

    def _export(self, request, queryset, build, extension: str, content_type: str):
        if not workflow.can_manage(request.user):
            self.message_user(request, gettext("Chỉ đơn vị tiếp nhận được xuất góp ý."), messages.ERROR)
            return None
        response = HttpResponse(build(queryset), content_type=content_type)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="gop-y-{stamp}.{extension}"'
        return response

    @admin.action(description=_("Xuất góp ý đã chọn ra Excel (XLSX)"))
    def export_xlsx(self, request, queryset):
        return self._export(request, queryset, consultation_actions.export_xlsx, "xlsx",
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    @admin.action(description=_("Xuất góp ý đã chọn ra CSV"))
    def export_csv(self, request, queryset):
        return self._export(request, queryset, consultation_actions.export_csv, "csv",
                            "text/csv; charset=utf-8")
