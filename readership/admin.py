"""The statistics page (Thống kê) in the admin, for Editors and Chief editors.

DailyViews has no add, change or delete page: its list is the statistics page,
with every table downloadable as XLSX or CSV (?export=<table>&format=xlsx|csv,
with the page's own filter).
"""

import datetime

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import formats
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from articles.workflow.roles import is_editor
from newsroom.admin import ReadOnlyAdminMixin

from . import exports, statistics
from .forms import StatisticsForm
from .models import DailyViews

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A table longer than this shows its first rows on the page; its downloads hold every row.
PAGE_ROWS = 400

def _scope_label(scope: statistics.Scope) -> str:
    parts = []
    if scope.section is not None:
        parts.append(_("Chuyên mục: %(name)s") % {"name": scope.section.name})
    if scope.author is not None:
        parts.append(_("Tác giả: %(name)s") % {"name": scope.author.name})
    if scope.article is not None:
        parts.append(_("Bài: %(title)s") % {"title": scope.article.title})
    return "; ".join(parts) or _("Toàn trang")

def _shown(value, header: str) -> str:
    """A cell as the page shows it: local date formats, grouped numbers (not article ids)."""
    if header == _("Mã bài"):
        return str(value)
    if isinstance(value, datetime.datetime):
        return formats.date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return formats.number_format(value, force_grouping=True)
    return value

def _chart(table: statistics.Table) -> dict | None:
    """What the page's script draws: labels (first column) and one series per named column."""
    if not table.chart:
        return None
    columns = list(range(1, 1 + len(table.chart["series"])))
    return {"type": table.chart["type"], "stacked": table.chart.get("stacked", False),
            "labels": [row[0].strftime("%d/%m") for row in table.rows],
            "series": [{"label": name, "data": [row[index] for row in table.rows]}
                       for name, index in zip(table.chart["series"], columns)]}


@admin.register(DailyViews)
class StatisticsAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    def has_module_permission(self, request):
        return is_editor(request.user)

    def has_view_permission(self, request, obj=None):
        return is_editor(request.user)

    def get_urls(self):
        # Only the list (the statistics page): no object pages for view rows.
        return [url for url in super().get_urls() if url.name and url.name.endswith("_changelist")]

    def changelist_view(self, request, extra_context=None):
        if not is_editor(request.user):
            raise PermissionDenied
        form = StatisticsForm(request.GET or None)
        valid = form.is_valid() if form.is_bound else True
        if not form.is_bound:
            form = StatisticsForm({"period": "30"})
            form.is_valid()
        context = {**self.admin_site.each_context(request), "title": _("Thống kê"), "form": form, "opts": self.model._meta,
                   "tables": [], "has_view_permission": True}
        if valid:
            period, scope = form.period_value(), form.scope_value()
            export = request.GET.get("export")
            if export:
                return self._export(request, export, period, scope)
            query = {key: value for key, value in request.GET.items() if key not in {"export", "format"}}
            tables = statistics.report(period, scope)
            context.update(period=period, scope_label=_scope_label(scope), tables=[{
                "table": table, "chart": _chart(table), "chart_id": f"chart-{table.name}",
                "rows": [[_shown(cell, header) for cell, header in zip(row, table.headers)]
                         for row in table.rows[:PAGE_ROWS]],
                "cut": len(table.rows) > PAGE_ROWS, "shown": PAGE_ROWS, "count": len(table.rows),
                "csv": "?" + urlencode({**query, "export": table.name, "format": "csv"}),
                "xlsx": "?" + urlencode({**query, "export": table.name, "format": "xlsx"}),
            } for table in tables], total_views=sum(row[1] for row in tables[0].rows))
        return TemplateResponse(request, "admin/readership/statistics.html", context)

    def _export(self, request, name, period, scope):
        table = statistics.table(name, period, scope)
        kind = request.GET.get("format", "xlsx")
        if table is None or kind not in {"csv", "xlsx"}:
            return HttpResponse(_("Không có bảng này."), status=404, content_type="text/plain; charset=utf-8")
        if kind == "csv":
            response = HttpResponse(exports.table_csv(table), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(exports.table_xlsx(table, period, _scope_label(scope)), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{exports.filename(table, period, kind)}"'
        return response
