"""Royalties admin: grading tables, unit values, records (propose, approve, shares,
adjustments), monthly sheets with XLSX/CSV download and payment, the audit log.

Who sees and does what is asked of royalties/rules.py, never of model
permissions: every has_*_permission below and every button calls it, and the
rule functions check again.
"""

import datetime

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Article
from authors.models import Author
from newsroom.admin import ReadOnlyAdminMixin
from newsroom.admin_search import FoldedSearchMixin

from . import exports, rules, selectors
from .forms import AdjustmentForm, GradingForm, PaidForm, ReasonForm, ShareFormSet, month_or_default
from .models import Adjustment, AuditLog, GradingRow, GradingTable, RecordStatus, RoyaltyRecord, UnitValue
from .words import amount_in_words

def _report(request, error) -> None:
    for message in getattr(error, "messages", None) or [str(error)]:
        messages.error(request, message)

def _number(value) -> int:
    """An id from a form; 0 (which matches nothing, a 404) for anything else."""
    return int(value) if isinstance(value, str) and value.isdigit() else 0


# --- Grading tables and unit values (logged) -----------------------------------------------


class LoggedAdmin(admin.ModelAdmin):
    """Saves and deletions written to the royalties audit log, before and after."""

    def save_model(self, request, obj, form, change):
        before = rules.model_snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        rules.log(user=request.user, action="change" if change else "add", obj=obj, before=before,
                  after=rules.model_snapshot(obj))

    def delete_model(self, request, obj):
        before = rules.model_snapshot(obj)
        pk = obj.pk
        super().delete_model(request, obj)
        obj.pk = pk
        rules.log(user=request.user, action="delete", obj=obj, before=before, after=None)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class GradingRowInline(admin.TabularInline):
    model = GradingRow
    extra = 1
    fields = ["order", "genre", "name", "min_coefficient", "max_coefficient", "decree_cap", "default_without_photo",
              "default_with_photo"]

    def has_view_permission(self, request, obj=None):
        return rules.can_view_records(request.user)

    def has_add_permission(self, request, obj=None):
        return rules.can_edit_grading(request.user)

    def has_change_permission(self, request, obj=None):
        return rules.can_edit_grading(request.user)

    def has_delete_permission(self, request, obj=None):
        return rules.can_edit_grading(request.user)


@admin.register(GradingTable)
class GradingTableAdmin(LoggedAdmin):
    inlines = [GradingRowInline]
    list_display = ["name", "starts_on", "pays_photos_separately", "photo_share_percent"]
    fields = ["name", "starts_on", "pays_photos_separately", "photo_share_percent", "note"]

    def has_module_permission(self, request):
        return rules.can_view_records(request.user)

    def has_view_permission(self, request, obj=None):
        return rules.can_view_records(request.user)

    def has_add_permission(self, request):
        return rules.can_edit_grading(request.user)

    def has_change_permission(self, request, obj=None):
        return rules.can_edit_grading(request.user)

    def has_delete_permission(self, request, obj=None):
        return rules.can_edit_grading(request.user)

    def save_formset(self, request, form, formset, change):
        before = {row.pk: rules.model_snapshot(row) for row in GradingRow.objects.filter(table=form.instance)}
        super().save_formset(request, form, formset, change)
        for row in formset.new_objects + [row for row, _fields in formset.changed_objects]:
            rules.log(user=request.user, action="change" if row.pk in before else "add", obj=row,
                      before=before.get(row.pk), after=rules.model_snapshot(row))
        for row in formset.deleted_objects:
            rules.log(user=request.user, action="delete", obj=row, before=before.get(row.pk), after=None)


@admin.register(UnitValue)
class UnitValueAdmin(LoggedAdmin):
    list_display = ["starts_on", "amount", "basis"]
    fields = ["starts_on", "amount", "basis"]

    def has_module_permission(self, request):
        return rules.can_view_records(request.user)

    def has_view_permission(self, request, obj=None):
        return rules.can_view_records(request.user)

    def has_add_permission(self, request):
        return rules.can_edit_unit_values(request.user)

    def has_change_permission(self, request, obj=None):
        return rules.can_edit_unit_values(request.user)

    def has_delete_permission(self, request, obj=None):
        return rules.can_edit_unit_values(request.user)


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["at", "user", "action", "object_type", "object_id", "record"]
    list_filter = ["action", "object_type"]
    readonly_fields = ["at", "user", "action", "object_type", "object_id", "record", "before", "after"]
    list_select_related = ["user", "record__article"]

    def has_module_permission(self, request):
        return rules.can_view_sheets(request.user)

    def has_view_permission(self, request, obj=None):
        return rules.can_view_sheets(request.user)



# --- Records ---------------------------------------------------------------------------------


class MonthFilter(admin.SimpleListFilter):
    title = gettext_lazy("tháng đăng")
    parameter_name = "month"

    def lookups(self, request, model_admin):
        today = rules.month_of(timezone.localdate())
        months, month = [], today
        for _index in range(12):
            months.append((f"{month:%Y-%m}", rules.month_label(month)))
            month = rules.month_of(month - datetime.timedelta(days=1))
        return months

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            start, end = rules.month_bounds(rules.parse_month(self.value()))
        except ValidationError:
            return queryset.none()
        return queryset.filter(article__publish_at__gte=start, article__publish_at__lt=end)


@admin.register(RoyaltyRecord)
class RoyaltyRecordAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["title", "published", "genre", "coefficient", "status", "flagged", "overdue"]
    list_filter = ["status", "flagged", MonthFilter]
    search_fields = ["article__title", "shares__author__name"]
    list_select_related = ["article"]

    # Permissions: rules.py only.
    def has_module_permission(self, request):
        return rules.can_view_records(request.user)

    def has_view_permission(self, request, obj=None):
        return rules.can_view_records(request.user)

    def has_add_permission(self, request):
        return False  # records are made by proposing, on the "Chấm nhuận bút" page

    def has_change_permission(self, request, obj=None):
        return False  # changes go through the record's page and rules.py

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return selectors.records_for(request.user)

    @admin.display(description=gettext_lazy("bài viết"), ordering="article__title")
    def title(self, record):
        return format_html('<a href="{}">{}</a>', reverse("admin:royalties_record", args=[record.pk]),
                           record.article.title)

    @admin.display(description=gettext_lazy("ngày đăng"), ordering="article__publish_at")
    def published(self, record):
        return timezone.localtime(record.article.publish_at).strftime("%d/%m/%Y")

    @admin.display(description=gettext_lazy("quá hạn chi trả"), boolean=True)
    def overdue(self, record):
        return record.status != RecordStatus.PAID and record.article.publish_at < selectors.overdue_before()

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "royalty_panel": selectors.dashboard_panel(request.user),
                         "can_view_sheets": rules.can_view_sheets(request.user),
                         "can_propose": rules.can_propose(request.user)}
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:royalties_record", args=[object_id]))

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("cham-nhuan-but/", wrap(self.pending_view), name="royalties_pending"),
            path("<int:pk>/xu-ly/", wrap(self.record_view), name="royalties_record"),
            path("bang-thanh-toan/", wrap(self.sheet_view), name="royalties_sheet"),
            path("bang-thanh-toan/xlsx/", wrap(self.sheet_xlsx_view), name="royalties_sheet_xlsx"),
            path("bang-thanh-toan/csv/", wrap(self.sheet_csv_view), name="royalties_sheet_csv"),
        ] + super().get_urls()

    def _context(self, request, title, **extra):
        return {**self.admin_site.each_context(request), "opts": self.model._meta, "title": title,
                "royalty_panel": selectors.dashboard_panel(request.user), **extra}

    def _month(self, request):
        try:
            return month_or_default(request.GET.get("month") or request.POST.get("month"))
        except ValidationError as error:
            _report(request, error)
            return rules.month_of(timezone.localdate())

    # --- Proposing: published articles of a month without a record ---------------------

    def pending_view(self, request):
        if not rules.can_propose(request.user):
            raise PermissionDenied
        month = self._month(request)
        if request.method == "POST":
            article = get_object_or_404(Article.objects.live(), pk=_number(request.POST.get("article")))
            try:
                table = rules.grading_table_for(rules.publication_day(article))
                form = GradingForm(request.POST, table=table)
                if form.is_valid():
                    rules.propose(article=article, user=request.user, grading_row=form.cleaned_data["grading_row"],
                                  coefficient=form.cleaned_data["coefficient"], note=form.cleaned_data["note"])
                    messages.success(request, _("Đã đề xuất nhuận bút cho bài “%(title)s”.") % {"title": article.title})
                else:
                    for errors in form.errors.values():
                        for error in errors:
                            messages.error(request, f"{article.title}: {error}")
            except (PermissionDenied, ValidationError) as error:
                _report(request, error)
            return HttpResponseRedirect(f"{request.path}?month={month:%Y-%m}")
        rows = []
        for article in selectors.unrecorded_articles(month):
            try:
                table = rules.grading_table_for(rules.publication_day(article))
            except ValidationError as error:
                rows.append({"article": article, "problem": " ".join(error.messages)})
                continue
            has_photos = any(slot.photo_id for slot in article.photo_slots.all())
            credits = rules.photo_credits(article)
            form = GradingForm(table=table, auto_id=f"id_{article.pk}_%s")
            first = table.rows.first()
            if first is not None:
                # Prefilled: the first genre, and its default for this article shown as the hint.
                form.initial["grading_row"] = first.pk
                form.fields["coefficient"].widget.attrs["placeholder"] = str(
                    first.default_coefficient(has_photos=has_photos))
            rows.append({"article": article, "form": form,
                         "has_photos": has_photos, "credits": credits, "table": table,
                         "byline": ", ".join(author.name for author in article.byline())})
        previous = rules.month_of(month - datetime.timedelta(days=1))
        return TemplateResponse(request, "admin/royalties/pending.html", self._context(
            request, _("Chấm nhuận bút tháng %(month)s") % {"month": rules.month_label(month)},
            month=month, rows=rows, previous=previous, following=rules.next_month(month)))

    # --- One record: grading, shares, adjustments, approval ------------------------------

    def record_view(self, request, pk):
        if not rules.can_view_records(request.user):
            raise PermissionDenied
        record = get_object_or_404(selectors.records_for(request.user), pk=pk)
        table = record.grading_row.table
        grading_form = GradingForm(initial={"grading_row": record.grading_row_id, "coefficient": record.coefficient},
                                   table=table)
        share_formset = ShareFormSet(prefix="shares", initial=[
            {"author": share.author_id, "role": share.role, "percent": share.percent}
            for share in record.shares.all()])
        adjustment_form = AdjustmentForm(initial={"month": f"{timezone.localdate():%Y-%m}"})
        reason_form = ReasonForm()
        if request.method == "POST":
            action = request.POST.get("action")
            try:
                if action == "grading":
                    grading_form = GradingForm(request.POST, table=table)
                    if grading_form.is_valid():
                        coefficient = grading_form.cleaned_data["coefficient"]
                        row = grading_form.cleaned_data["grading_row"]
                        rules.change_grading(record=record, user=request.user, grading_row=row,
                                             coefficient=coefficient if coefficient is not None
                                             else row.default_coefficient(has_photos=record.has_photos),
                                             note=grading_form.cleaned_data["note"])
                        messages.success(request, _("Đã sửa thể loại và hệ số."))
                        return HttpResponseRedirect(request.path)
                elif action == "shares":
                    share_formset = ShareFormSet(request.POST, prefix="shares")
                    if share_formset.is_valid():
                        rules.set_shares(record=record, user=request.user, shares=share_formset.specs())
                        messages.success(request, _("Đã lưu phần chia nhuận bút."))
                        return HttpResponseRedirect(request.path)
                elif action == "adjust":
                    adjustment_form = AdjustmentForm(request.POST)
                    if adjustment_form.is_valid():
                        data = adjustment_form.cleaned_data
                        rules.add_adjustment(record=record, user=request.user, month=data["month"],
                                             kind=data["kind"], value=data["value"], reason=data["reason"])
                        messages.success(request, _("Đã thêm dòng điều chỉnh."))
                        return HttpResponseRedirect(request.path)
                elif action == "remove_adjustment":
                    line = get_object_or_404(Adjustment, pk=_number(request.POST.get("adjustment")), record=record)
                    rules.remove_adjustment(adjustment=line, user=request.user)
                    messages.success(request, _("Đã xóa dòng điều chỉnh."))
                    return HttpResponseRedirect(request.path)
                elif action == "approve":
                    rules.approve(record=record, user=request.user)
                    messages.success(request, _("Đã duyệt nhuận bút."))
                    return HttpResponseRedirect(request.path)
                elif action == "reopen":
                    reason_form = ReasonForm(request.POST)
                    if reason_form.is_valid():
                        rules.reopen(record=record, user=request.user, reason=reason_form.cleaned_data["reason"])
                        messages.success(request, _("Đã mở lại nhuận bút để sửa."))
                        return HttpResponseRedirect(request.path)
                elif action == "clear_flag":
                    rules.clear_flag(record=record, user=request.user)
                    messages.success(request, _("Đã bỏ đánh dấu cần xem lại."))
                    return HttpResponseRedirect(request.path)
                else:
                    messages.error(request, _("Thao tác không hợp lệ."))
            except (PermissionDenied, ValidationError) as error:
                _report(request, error)
            record.refresh_from_db()
        user = request.user
        editable = record.status == RecordStatus.PROPOSED and rules.can_propose(user)
        base = record.base_amount
        shares = [{"share": share, "amount": rules.round_dong(base * share.percent / rules.HUNDRED)}
                  for share in record.shares.select_related("author")]
        return TemplateResponse(request, "admin/royalties/record.html", self._context(
            request, _("Nhuận bút: %(title)s") % {"title": record.article.title},
            record=record, article=record.article, base=rules.round_dong(base), shares=shares,
            adjustments=selectors.adjustments_of(record), logs=record.logs.select_related("user")[:20],
            grading_form=grading_form, share_formset=share_formset, adjustment_form=adjustment_form,
            reason_form=reason_form, editable=editable,
            can_approve=record.status == RecordStatus.PROPOSED and rules.can_approve(user),
            can_reopen=record.status == RecordStatus.APPROVED and rules.can_approve(user),
            can_adjust=record.status != RecordStatus.PAID and rules.can_adjust(user, record)
            or record.status == RecordStatus.PAID and rules.is_chief_editor(user),
            can_clear_flag=record.flagged and rules.can_approve(user),
            overdue=record.status != RecordStatus.PAID and record.article.publish_at < selectors.overdue_before(),
            credits=rules.photo_credits(record.article, record=record)))

    # --- Sheets ------------------------------------------------------------------------------

    def sheet_view(self, request):
        if not rules.can_view_sheets(request.user):
            raise PermissionDenied
        month = self._month(request)
        if request.method == "POST":
            form = PaidForm(request.POST)
            if form.is_valid():
                try:
                    count = rules.mark_paid(user=request.user, month=month, paid_on=form.cleaned_data["paid_on"])
                    messages.success(request, _("Đã ghi nhận chi trả %(count)s dòng của tháng %(month)s.")
                                     % {"count": count, "month": rules.month_label(month)})
                except (PermissionDenied, ValidationError) as error:
                    _report(request, error)
            else:
                for errors in form.errors.values():
                    for error in errors:
                        messages.error(request, error)
            return HttpResponseRedirect(f"{request.path}?month={month:%Y-%m}")
        by = request.GET.get("by") if request.GET.get("by") in {"author", "section"} else "author"
        problem = None
        try:
            rules.require_unit_value_for_month(month)
        except ValidationError as error:
            problem = " ".join(error.messages)
        author_id = request.GET.get("author")
        author = Author.objects.filter(pk=author_id).first() if author_id and author_id.isdigit() else None
        groups = []
        if problem is None:
            if by == "section":
                groups = [{"title": group["section"], "lines": group["lines"], "total": group["total"]}
                          for group in selectors.sheet_by_section(month)]
            else:
                groups = [{"title": group.author.name, "author": group.author, "lines": group.lines,
                           "total": group.total}
                          for group in selectors.sheet_by_author(month, author_id=author.pk if author else None)]
        total = sum(group["total"] for group in groups)
        unpaid = any(not line.paid for group in groups for line in group["lines"])
        return TemplateResponse(request, "admin/royalties/sheet.html", self._context(
            request, _("Bảng thanh toán nhuận bút tháng %(month)s") % {"month": rules.month_label(month)},
            month=month, by=by, author=author, groups=groups, total=total, total_in_words=amount_in_words(total),
            problem=problem, paid_form=PaidForm() if rules.can_mark_paid(request.user) and unpaid else None,
            previous=rules.month_of(month - datetime.timedelta(days=1)), following=rules.next_month(month)))

    def _download(self, request, render, content_type, extension):
        if not rules.can_view_sheets(request.user):
            raise PermissionDenied
        try:
            month = month_or_default(request.GET.get("month"))
            rules.require_unit_value_for_month(month)
        except ValidationError as error:
            _report(request, error)
            return HttpResponseRedirect(reverse("admin:royalties_sheet"))
        response = HttpResponse(render(month), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="nhuan-but-{month:%Y-%m}.{extension}"'
        return response

    def sheet_xlsx_view(self, request):
        return self._download(request, exports.sheet_xlsx,
                              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")

    def sheet_csv_view(self, request):
        return self._download(request, lambda month: "\ufeff" + exports.sheet_csv(month), "text/csv; charset=utf-8",
                              "csv")

