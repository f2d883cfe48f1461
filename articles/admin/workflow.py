"""The workflow's part of the article admin: who sees and edits what, buttons,
bulk actions, revisions, previews and the calendar.

Every status change goes through articles/workflow.py; this module only turns
requests into those calls and their refusals into 403s and messages.
Server-side rules: a reporter sees only their own articles and edits only
their own drafts; anything else is refused with 403, whatever the request.
"""

import copy
import datetime
from types import SimpleNamespace

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from newsroom.refusals import refusal_text

from .. import selectors, workflow
from ..public import previews as public_previews
from ..workflow import previews, revisions
from .actions import apply_each
from ..models import Article, ArticleAuthor, CorrectionNote, Status, live_q, photo_slot_model

# States in which an edit may carry a public correction note.
CORRECTABLE = {Status.PUBLISHED, Status.SCHEDULED, Status.UNPUBLISHED}


# The publish time as the panel's text input takes it (templates/admin/articles/workflow_panel.html):
# dd/mm/yyyy HH:MM, 24-hour clock, Asia/Ho_Chi_Minh. The input's `pattern` is this, loosely.
LOCAL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
LOCAL_DATETIME_PATTERN = r"\s*\d{1,2}/\d{1,2}/\d{4}\s+\d{1,2}:\d{2}\s*"


def format_local_datetime(value: datetime.datetime | None) -> str:
    """A time as the publish-time input shows it ("02/01/2099 08:30", in the site's time zone)."""
    return timezone.localtime(value).strftime(LOCAL_DATETIME_FORMAT) if value else ""


def parse_local_datetime(raw: str) -> datetime.datetime | None:
    """The publish-time input read in the site's time zone (Asia/Ho_Chi_Minh); None if empty.

    Takes the Vietnamese form "dd/mm/yyyy HH:MM" (24-hour clock) that the panel asks for, and the
    ISO form ("2026-11-28T08:30") that scripts and older forms send. Raises ValidationError with
    a Vietnamese message when it is neither, or not a real date and time.
    """
    raw = (raw or "").strip()
    if not raw:
        return None
    value = None
    try:
        value = datetime.datetime.strptime(" ".join(raw.split()), LOCAL_DATETIME_FORMAT)
    except ValueError:
        try:
            value = datetime.datetime.fromisoformat(raw)
        except ValueError:
            pass
    if value is None or not 2000 <= value.year <= 2100:
        raise ValidationError(gettext("Thời điểm đăng không hợp lệ: “%(raw)s”. Nhập ngày và giờ.")
                              % {"raw": raw[:40]})
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_current_timezone())
    return value


class ShownStatusFilter(admin.SimpleListFilter):
    """Filter by the status the admin shows: a scheduled article whose time has come is published
    (the live rule, articles.models.live_q; workflow.effective_status for one article).
    Its parameter stays `status__exact`, the address the plain field filter had."""

    title = _("trạng thái")
    parameter_name = "status__exact"

    def lookups(self, request, model_admin):
        return Status.choices

    def queryset(self, request, queryset):
        value = self.value()
        if value == Status.PUBLISHED:
            return queryset.filter(Q(status=Status.PUBLISHED) | (Q(status=Status.SCHEDULED) & live_q()))
        if value == Status.SCHEDULED:
            return queryset.filter(status=Status.SCHEDULED).exclude(live_q())
        if value in Status.values:
            return queryset.filter(status=value)
        return queryset


class WorkflowAdminMixin:
    """Mixed into ArticleAdmin (articles/admin.py)."""

    @admin.display(description=_("trạng thái"), ordering="status")
    def shown_status(self, article):
        return Status(workflow.effective_status(article)).label

    change_form_template = "admin/articles/article/change_form.html"
    actions = ["publish_selected", "publish_imported_selected", "unpublish_selected"]

    # --- Who sees and edits what -------------------------------------------------

    def get_queryset(self, request):
        queryset = workflow.with_state_since(super().get_queryset(request))
        return selectors.visible_to(user=request.user, queryset=queryset)

    def get_object(self, request, object_id, from_field=None):
        # Look in every article, so that someone else's article answers 403
        # (has_*_permission below) rather than "does not exist".
        field = Article._meta.pk if from_field is None else Article._meta.get_field(from_field)
        try:
            return Article.objects.select_related("section").get(**{field.name: field.to_python(object_id)})
        except (Article.DoesNotExist, ValidationError, ValueError):
            return None

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (obj is None or workflow.can_view(obj, request.user))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or workflow.can_edit(obj, request.user))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or workflow.can_edit(obj, request.user))

    def has_publish_permission(self, request):
        return workflow.is_editor(request.user)

    # --- The form ------------------------------------------------------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The form's section rule needs to know who saves (forms.WorkflowArticleForm.user).
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user,
                                             "merge_outcome": getattr(request, "article_merge", None)})

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(name, {**options, "fields": list(options["fields"])})
                     for name, options in super().get_fieldsets(request, obj)]
        if obj is None or self.has_change_permission(request, obj):  # read-only pages have no version to send
            fieldsets[0][1]["fields"].append("edit_version")
        if obj is not None and workflow.is_editor(request.user) and obj.status in CORRECTABLE:
            fieldsets.insert(1, (_("Đính chính (nếu lần sửa này sửa lỗi của bài đã đăng)"),
                                 {"fields": ["correction_kind", "correction_note"]}))
        return fieldsets

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        revision = revisions.record(article, request.user, reason=gettext("Lưu trong trang quản trị"), force=True)
        kind, note = form.cleaned_data.get("correction_kind"), form.cleaned_data.get("correction_note", "").strip()
        if kind and note and workflow.is_editor(request.user) and article.status in CORRECTABLE:
            CorrectionNote.objects.create(article=article, revision=revision, kind=kind, text=note,
                                          created_by=request.user)

    def _refuse_with_reason(self, request, obj, *, edit=False):
        """The admin's own 403s (change, history, delete pages) give the workflow's reason (roles.py)."""
        if obj is None or not super().has_view_permission(request, obj):
            return  # no such article, or no admin access at all: the admin answers as usual
        if not workflow.can_view(obj, request.user):
            raise PermissionDenied(workflow.view_refusal(obj, request.user))
        if edit and not workflow.can_edit(obj, request.user):
            raise PermissionDenied(workflow.edit_refusal(obj, request.user))

    def history_view(self, request, object_id, extra_context=None):
        self._refuse_with_reason(request, self.get_object(request, unquote(object_id)))
        return super().history_view(request, object_id, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        self._refuse_with_reason(request, obj, edit=request.method == "POST")
        if obj is not None and self.has_view_permission(request, obj):
            extra_context = {**(extra_context or {}), **self._workflow_context(request, obj)}
        return super().change_view(request, object_id, form_url, extra_context)

    def _workflow_context(self, request, article):
        since = workflow.state_since(article)
        actions = workflow.allowed_actions(article, request.user)
        return {
            "workflow_status": Status(workflow.effective_status(article)).label,
            "workflow_status_value": workflow.effective_status(article),
            "workflow_is_live": article.is_live,
            "workflow_since": since,
            "workflow_waited": workflow.format_wait(timezone.now() - since),
            "workflow_return_note": workflow.return_note(article),
            "workflow_history": article.transitions.select_related("user")[:50],
            "workflow_actions": actions,
            "workflow_labels": workflow.ACTION_LABELS,
            "workflow_requires_second_approval": bool(article.section_id
                                                      and article.section.requires_second_approval),
            "workflow_can_preview_link": workflow.is_editor(request.user),
            "workflow_preview_hours": previews.default_hours(),
            "workflow_correction_notes": article.correction_notes.all(),
            "workflow_at": format_local_datetime(article.publish_at if article.status == Status.SCHEDULED
                                                 and not article.is_live else None),
            "workflow_at_pattern": LOCAL_DATETIME_PATTERN,
            "workflow_preview_link": request.session.pop(self._preview_session_key(article), None),
            "workflow_checklist": (workflow.publishing_problems(article)
                                   if workflow.effective_status(article) not in (Status.PUBLISHED,) else None),
            "workflow_can_trash": workflow.can_trash(article, request.user),
        }

    # --- List --------------------------------------------------------------------

    def changelist_view(self, request, extra_context=None):
        # An action this user is not offered (a crafted request) is refused outright.
        action = request.POST.get("action") if request.method == "POST" else None
        if action and action not in self.get_actions(request):
            raise PermissionDenied
        return super().changelist_view(request, extra_context)

    def get_list_display(self, request):
        return [*super().get_list_display(request), "waited"]

    @admin.display(description=_("đã chờ ở trạng thái này"), ordering="state_since")
    def waited(self, article):
        since = getattr(article, "state_since", None) or workflow.state_since(article)
        return workflow.format_wait(timezone.now() - since)

    # --- URLs ----------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        info = self.opts.app_label, self.opts.model_name
        return [
            path("calendar/", wrap(self.calendar_view), name="%s_%s_calendar" % info),
            path("<path:object_id>/workflow/<str:action>/", wrap(self.transition_view),
                 name="%s_%s_transition" % info),
            path("<path:object_id>/revisions/", wrap(self.revisions_view), name="%s_%s_revisions" % info),
            path("<path:object_id>/revisions/<int:number>/", wrap(self.revision_diff_view),
                 name="%s_%s_revision" % info),
            path("<path:object_id>/revisions/<int:number>/restore/", wrap(self.revision_restore_view),
                 name="%s_%s_revision_restore" % info),
            path("<path:object_id>/preview/", wrap(self.preview_view), name="%s_%s_preview" % info),
            path("<path:object_id>/preview-link/", wrap(self.preview_link_view), name="%s_%s_preview_link" % info),
            path("<path:object_id>/preview-revoke/", wrap(self.preview_revoke_view),
                 name="%s_%s_preview_revoke" % info),
            path("<path:object_id>/checklist/", wrap(self.checklist_view), name="%s_%s_checklist" % info),
            *super().get_urls(),
        ]

    def _article_or_403(self, request, object_id, *, edit=False):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(gettext("Không có bài viết này."))
        self._refuse_with_reason(request, article, edit=edit)
        allowed = (self.has_change_permission(request, article) if edit
                   else self.has_view_permission(request, article))
        if not allowed:
            raise PermissionDenied
        return article

    def _change_url(self, article):
        return reverse("admin:articles_article_change", args=[article.pk])

    # --- Transitions -----------------------------------------------------------------

    def transition_view(self, request, object_id, action):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if action not in workflow.RULES:
            raise Http404
        article = self._article_or_403(request, object_id)
        note = request.POST.get("note", "")
        try:
            if action == "publish":
                article = workflow.publish(article, request.user, at=self._publish_time(request))
            elif action in ("return_to_draft", "unpublish"):
                article = getattr(workflow, action)(article, request.user, note)
            elif action == "approve":
                article = workflow.approve(article, request.user, note)
            else:
                article = workflow.submit(article, request.user)
        except ValidationError as error:
            self.message_user(request, refusal_text(error), messages.ERROR)
        else:
            self.message_user(request, gettext("Đã chuyển bài “%(title)s” sang trạng thái “%(status)s”.")
                              % {"title": article.title, "status": Status(article.status).label},
                              messages.SUCCESS)
        # PermissionDenied propagates: the admin answers 403.
        if self.has_view_permission(request, article):
            return HttpResponseRedirect(self._change_url(article))
        return HttpResponseRedirect(reverse("admin:articles_article_changelist"))

    @staticmethod
    def _publish_time(request):
        """The time for `publish` from the button pressed: "Đăng ngay" (`now`) ignores any time
        typed; "Hẹn giờ đăng" (`schedule`) needs a valid future time, else ValidationError.
        A POST with neither button (a script) reads `at` as before: empty = now."""
        if "now" in request.POST:
            return None
        at = parse_local_datetime(request.POST.get("at", ""))
        if "schedule" in request.POST and (at is None or at <= timezone.now()):
            raise ValidationError(gettext("Hẹn giờ đăng cần một thời điểm trong tương lai: chọn ngày và giờ."))
        return at

    @admin.action(description=_("Đăng ngay các bài đã chọn"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        apply_each(self, request, queryset, lambda article: workflow.publish(article, request.user),
                              gettext("Đã đăng %(n)s bài."))

    @admin.action(description=_("Đăng các bài nhập đã chọn (giữ ngày đăng gốc)"), permissions=["publish"])
    def publish_imported_selected(self, request, queryset):
        """Imported articles (import_articles) published at their original date (workflow.publish_imported)."""
        apply_each(self, request, queryset, lambda article: workflow.publish_imported(article, request.user),
                   gettext("Đã đăng %(n)s bài nhập với ngày đăng gốc."))

    @admin.action(description=_("Gỡ các bài đã chọn (cần ghi chú)"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        note = request.POST.get("note", "").strip()
        if "apply" not in request.POST or not note:
            if "apply" in request.POST:
                self.message_user(request, gettext("Cần ghi chú lý do."), messages.ERROR)
            return TemplateResponse(request, "admin/articles/article/unpublish_selected.html", {
                **self.admin_site.each_context(request),
                "title": gettext("Gỡ các bài đã chọn"),
                "opts": self.opts,
                "articles": queryset,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            })
        apply_each(self, request, queryset, lambda article: workflow.unpublish(article, request.user, note),
                              gettext("Đã gỡ %(n)s bài."))
        return None

    # --- Revisions -----------------------------------------------------------------

    def revisions_view(self, request, object_id):
        article = self._article_or_403(request, object_id)
        return TemplateResponse(request, "admin/articles/article/revisions.html", {
            **self.admin_site.each_context(request),
            "title": gettext("Lịch sử bản lưu: %(title)s") % {"title": article.title},
            "opts": self.opts, "original": article, "article": article,
            "revisions": [(revision, Status(revision.data.get("status", Status.DRAFT)).label)
                          for revision in article.revisions.select_related("user")],
            "can_restore": self.has_change_permission(request, article),
        })

    def revision_diff_view(self, request, object_id, number):
        article = self._article_or_403(request, object_id)
        revision = get_object_or_404(article.revisions.select_related("user"), number=number)
        return self._revision_diff_response(request, article, revision)

    def _revision_diff_response(self, request, article, revision, *, note_choices=None, status=200):
        changes = revisions.diff(revision.data, revisions.snapshot(article))
        # Restore preview: on a live article, what readers will see change, and the correction
        # notes made since the revision, each with a choice (keep, edit, withdraw).
        readers = revisions.reader_changes(article, revision) if article.is_live else None
        note_choices = note_choices or {}
        notes = [{"note": note, "choice": note_choices.get(note.pk, ("", ""))[0],
                  "text": note_choices.get(note.pk, ("", note.text))[1] or note.text}
                 for note in revisions.notes_after(article, revision)]
        return TemplateResponse(request, "admin/articles/article/revision_diff.html", {
            **self.admin_site.each_context(request),
            "title": gettext("So sánh bản #%(n)s với bản hiện tại") % {"n": revision.number},
            "opts": self.opts, "original": article, "article": article, "revision": revision,
            "diff": revisions.diff_html(changes), "changes": changes,
            "reader_diff": revisions.diff_html(readers) if readers is not None else None,
            "later_notes": notes,
            "can_restore": self.has_change_permission(request, article),
        }, status=status)

    def revision_restore_view(self, request, object_id, number):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article_or_403(request, object_id, edit=True)
        revision = get_object_or_404(article.revisions, number=number)
        choices = {}
        for note in revisions.notes_after(article, revision):
            choices[note.pk] = (request.POST.get(f"note_{note.pk}", ""), request.POST.get(f"note_{note.pk}_text", ""))
        try:
            new = revisions.restore(article, revision, request.user, note_choices=choices)
        except PermissionDenied as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return HttpResponseRedirect(self._change_url(article))
        except ValidationError as refusal:
            # Nothing restored: the preview again, with the reason and what was chosen.
            self.message_user(request, refusal_text(refusal), messages.ERROR)
            return self._revision_diff_response(request, article, revision, note_choices=choices)
        self.message_user(request, gettext("Đã khôi phục nội dung bản #%(old)s thành bản mới #%(new)s.")
                          % {"old": revision.number, "new": new.number}, messages.SUCCESS)
        return HttpResponseRedirect(self._change_url(article))

    # --- Previews ------------------------------------------------------------------

    def preview_view(self, request, object_id):
        article = self._article_or_403(request, object_id)
        return public_previews.render_preview(request, article, staff=True)

    def preview_link_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article_or_403(request, object_id)
        if not workflow.is_editor(request.user):
            raise PermissionDenied
        try:
            hours = int(request.POST.get("hours") or previews.default_hours())
        except ValueError:
            hours = 0
        if not 1 <= hours <= 24 * 30:
            self.message_user(request, gettext("Thời hạn liên kết phải từ 1 đến 720 giờ."), messages.ERROR)
            return HttpResponseRedirect(self._change_url(article))
        url = request.build_absolute_uri(previews.preview_url(article, hours=hours))
        self.message_user(request, gettext("Liên kết xem trước (hết hạn sau %(h)s giờ): %(url)s")
                          % {"h": hours, "url": url}, messages.SUCCESS)
        # Shown once more in the panel, as a link with a copy button (the message is plain text).
        request.session[self._preview_session_key(article)] = {"url": url, "hours": hours}
        return HttpResponseRedirect(self._change_url(article))

    @staticmethod
    def _preview_session_key(article):
        return f"articles:preview-link:{article.pk}"

    def preview_revoke_view(self, request, object_id):
        """End every preview link of the article made so far (editors; a POST)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article_or_403(request, object_id)
        previews.revoke_links(article, request.user)  # PermissionDenied propagates: a 403
        self.message_user(request, gettext("Đã thu hồi mọi liên kết xem trước của bài này; "
                                           "các liên kết đã gửi không còn mở được."), messages.SUCCESS)
        return HttpResponseRedirect(self._change_url(article))

    # --- The live checklist ----------------------------------------------------------

    def checklist_view(self, request, object_id):
        """What publishing still needs, for the article form as it is on screen (a POST of the whole
        form, sent by articles/static/articles/workflow-panel.js as the form changes).

        Answers {"ready": bool, "missing": ["Thiếu sapo.", …]} from workflow.publishing_problems,
        the rule the publish button applies; nothing is saved. A field the form refuses counts as
        missing (an emptied title is "Thiếu tiêu đề.").
        """
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article_or_403(request, object_id)
        with transaction.atomic():  # the form's checks lock the stored row (select_for_update); nothing is written
            form = self.get_form(request, article, change=True)(request.POST, instance=copy.copy(article))
            form.is_valid()
            draft = form.instance
            for name in ("title", "lead"):
                if name in form.errors:
                    setattr(draft, name, "")
            if "body" in form.errors:
                draft.body = []
            if "section" in form.errors:
                draft.section = None
            authors, slots = None, None
            formsets, _inlines = self._create_formsets(request, article, change=True)
            for formset in formsets:
                if formset.model is ArticleAuthor:
                    authors = sum(1 for row in self._kept_rows(formset) if row.cleaned_data.get("author"))
                elif formset.model is photo_slot_model():
                    slots = [self._slot_as_posted(row) for row in self._kept_rows(formset)]
            missing = workflow.publishing_problems(draft, authors=authors, slots=slots)
            transaction.set_rollback(True)
        return JsonResponse({"ready": not missing, "missing": missing},
                            json_dumps_params={"ensure_ascii": False}, headers={"Cache-Control": "no-store"})

    @staticmethod
    def _kept_rows(formset):
        """The formset's rows that a save would keep: valid, not ticked for deletion, not blank extras."""
        formset.is_valid()
        for row in formset.forms:
            cleaned = getattr(row, "cleaned_data", None) or {}
            if cleaned.get("DELETE") or not cleaned or (row.instance.pk is None and not row.has_changed()):
                continue
            yield row

    @staticmethod
    def _slot_as_posted(row):
        slot = row.instance
        photo = row.cleaned_data.get("photo", getattr(slot, "photo", None))
        if photo is not None and "alt_text" in row.cleaned_data:
            photo = copy.copy(photo)  # the slot form writes the photo's alt text when saved
            photo.alt_text = row.cleaned_data["alt_text"] or ""
        return SimpleNamespace(photo=photo)

    # --- Calendar ------------------------------------------------------------------

    def calendar_view(self, request):
        from .calendar import calendar_context

        if not self.has_view_permission(request):
            raise PermissionDenied
        context = calendar_context(request.GET, self.get_queryset(request).not_trashed())
        return TemplateResponse(request, "admin/articles/article/calendar.html", {
            **self.admin_site.each_context(request), "opts": self.opts,
            "title": gettext("Lịch đăng bài"), **context,
        })
