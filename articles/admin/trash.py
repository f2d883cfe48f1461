"""The trash in the article admin: "delete" moves to the trash, editors restore,
superusers delete for good.

Who may do what is decided by articles/workflow.py (trash, restore, purge);
this module turns requests into those calls, refusals into 403s and messages.
The single delete view and the bulk "delete" action both trash; nothing here
deletes a row except `purge` on an article already in the trash.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from newsroom.refusals import refusal_text

from .. import workflow
from .actions import apply_each
from .workflow import WorkflowAdminMixin

TRASH_PARAM = "trash"


class TrashFilter(admin.SimpleListFilter):
    """The list shows articles outside the trash unless "Thùng rác" is chosen."""

    title = _("thùng rác")
    parameter_name = TRASH_PARAM

    def lookups(self, request, model_admin):
        return [("1", _("Thùng rác"))]

    def choices(self, changelist):
        yield {"selected": self.value() != "1",
               "query_string": changelist.get_query_string(remove=[self.parameter_name]),
               "display": _("Bài viết (ngoài thùng rác)")}
        yield {"selected": self.value() == "1",
               "query_string": changelist.get_query_string({self.parameter_name: "1"}),
               "display": _("Thùng rác")}

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(deleted_at__isnull=False)
        return queryset.filter(deleted_at__isnull=True)


class TrashAdminMixin:
    """Mixed into ArticleAdmin before WorkflowAdminMixin (articles/admin.py)."""

    # "delete_selected" is named like Django's site-wide action so that it replaces
    # it: there is no bulk hard delete.
    actions = [*WorkflowAdminMixin.actions, "delete_selected", "restore_selected", "purge_selected"]

    # --- Permissions -------------------------------------------------------------------

    def has_delete_permission(self, request, obj=None):
        # The model permission (delete_article, given to the newsroom groups) lets the
        # admin offer "delete" = move to trash; the workflow decides for each article.
        if not admin.ModelAdmin.has_delete_permission(self, request, obj):
            return False
        if obj is None:
            return True
        if obj.deleted_at is not None:
            return workflow.can_purge(request.user)
        return workflow.can_trash(obj, request.user)

    def has_restore_permission(self, request):
        return workflow.is_editor(request.user)

    def has_purge_permission(self, request):
        return workflow.can_purge(request.user)

    def get_list_filter(self, request):
        return [TrashFilter, *super().get_list_filter(request)]

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        if request.GET.get(TRASH_PARAM) == "1":
            columns += ["deleted_at", "deleted_by"]
        return columns

    # --- URLs and the change page ------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("<path:object_id>/trash-restore/", self.admin_site.admin_view(self.trash_restore_view),
                 name="%s_%s_trash_restore" % info),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is not None and article.deleted_at is not None and self.has_view_permission(request, article):
            extra_context = {**(extra_context or {}),
                             "trash_article": article,
                             "trash_can_restore": workflow.can_restore(article, request.user),
                             "trash_can_purge": workflow.can_purge(request.user)}
        return super().change_view(request, object_id, form_url, extra_context)

    def _trash_list_url(self):
        return reverse("admin:articles_article_changelist") + f"?{TRASH_PARAM}=1"

    def _confirm(self, request, articles, *, purge: bool, action: str = ""):
        return TemplateResponse(request, "admin/articles/article/trash_confirmation.html", {
            **self.admin_site.each_context(request),
            "title": gettext("Xóa vĩnh viễn?") if purge else gettext("Chuyển vào thùng rác?"),
            "opts": self.opts,
            "articles": articles,
            "purge": purge,
            "action": action,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        })

    # --- Single article: delete view = trash (or purge, for a superuser, in the trash) -----

    def delete_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(gettext("Không có bài viết này."))
        if not self.has_delete_permission(request, article):
            raise PermissionDenied
        purge = article.deleted_at is not None
        if request.method != "POST":
            return self._confirm(request, [article], purge=purge)
        title = article.title
        try:
            self._apply(request, article, workflow.purge if purge else workflow.trash,
                        note=request.POST.get("note", ""))
        except ValidationError as error:
            self.message_user(request, refusal_text(error), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
        # PermissionDenied (lost the right between the check and the lock) propagates: 403.
        if purge:
            self.message_user(request, gettext("Đã xóa vĩnh viễn bài “%(title)s”.") % {"title": title},
                              messages.SUCCESS)
            return HttpResponseRedirect(self._trash_list_url())
        self.message_user(request, gettext("Đã chuyển bài “%(title)s” vào thùng rác. Biên tập viên có thể "
                                           "khôi phục bài trong mục Thùng rác.") % {"title": title},
                          messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:articles_article_changelist"))

    def trash_restore_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(gettext("Không có bài viết này."))
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        try:
            self._apply(request, article, workflow.restore)  # PermissionDenied propagates: 403
        except ValidationError as error:
            self.message_user(request, refusal_text(error), messages.ERROR)
        else:
            self.message_user(request, gettext("Đã khôi phục bài “%(title)s” từ thùng rác.")
                              % {"title": article.title}, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    # --- Bulk actions -------------------------------------------------------------------

    def _apply(self, request, article, function, note: str = ""):
        """Call workflow.trash / restore / purge and note it in the admin's history (LogEntry)."""
        if function is workflow.purge:
            pk = article.pk
            function(article, request.user)
            article.pk = pk  # the log entry names the row that was deleted
            self.log_deletions(request, [article])
            return
        if function is workflow.trash:
            function(article, request.user, note=note)
            self.log_change(request, article, gettext("Chuyển vào thùng rác"))
        else:
            function(article, request.user)
            self.log_change(request, article, gettext("Khôi phục từ thùng rác"))

    @admin.action(description=_("Chuyển các bài đã chọn vào thùng rác"), permissions=["delete"])
    def delete_selected(self, request, queryset):
        if request.POST.get("post") != "yes":
            return self._confirm(request, queryset, purge=False, action="delete_selected")
        apply_each(self, request, queryset, lambda article: self._apply(request, article, workflow.trash),
                   gettext("Đã chuyển %(n)s bài vào thùng rác."))
        return None

    @admin.action(description=_("Khôi phục các bài đã chọn từ thùng rác"), permissions=["restore"])
    def restore_selected(self, request, queryset):
        apply_each(self, request, queryset, lambda article: self._apply(request, article, workflow.restore),
                   gettext("Đã khôi phục %(n)s bài từ thùng rác."))

    @admin.action(description=_("Xóa vĩnh viễn các bài đã chọn (chỉ bài trong thùng rác)"),
                  permissions=["purge"])
    def purge_selected(self, request, queryset):
        if request.POST.get("post") != "yes":
            return self._confirm(request, queryset, purge=True, action="purge_selected")
        apply_each(self, request, queryset, lambda article: self._apply(request, article, workflow.purge),
                   gettext("Đã xóa vĩnh viễn %(n)s bài."))
        return None
