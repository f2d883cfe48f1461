"""Admin for awards: recipients inline, search and filters, CSV import/export, suggestions from articles."""

import re

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from newsroom.admin_search import FoldedSearchMixin
from pagecache.signals import content_changed
from pagecache.signals import content_changed

from . import suggestions
from .forms import ConfirmSuggestionForm, ImportForm
from .importer import COLUMNS, VIETNAMESE_HEADERS, export_csv, import_csv, sample_csv
from .models import Award, AwardForm, AwardRecipient, Recipient, RecipientKind, Visibility

_ROW_PREFIX = re.compile(r"^s\d{1,3}$")
RECENT_ARTICLES = 20


class AwardRecipientInline(admin.TabularInline):
    model = AwardRecipient
    extra = 1
    autocomplete_fields = ["recipient"]
    fields = ["recipient", "citation", "order"]


class RecipientKindFilter(admin.SimpleListFilter):
    title = _("loại người nhận")
    parameter_name = "recipient_kind"

    def lookups(self, request, model_admin):
        return RecipientKind.choices

    def queryset(self, request, queryset):
        if self.value() in RecipientKind.values:
            return queryset.filter(recipient_links__recipient__kind=self.value()).distinct()
        return queryset


@admin.register(AwardForm)
class AwardFormAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]


@admin.register(Recipient)
class RecipientAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "unit", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "unit", "slug"]


@admin.register(Award)
class AwardAdmin(FoldedSearchMixin, admin.ModelAdmin):
    inlines = [AwardRecipientInline]
    list_display = ["__str__", "decision_number", "decision_date", "year", "visibility", "recipient_count"]
    list_filter = ["form", "issuer_title", "year", RecipientKindFilter, "visibility"]
    list_select_related = ["form"]
    search_fields = ["decision_number", "issuer_title", "issuer_organization", "recipients__name",
                     "recipients__unit"]
    autocomplete_fields = ["articles"]
    readonly_fields = ["year", "created_at", "updated_at"]
    actions = ["export_selected", "make_public", "make_internal"]
    fieldsets = [
        (None, {"fields": ["form", "issuer_title", "issuer_organization", "decision_number", "decision_date"]}),
        (_("Thành tích"), {"fields": ["movement", "period_start", "period_end", "year", "reason"]}),
        (_("Hiển thị"), {"fields": ["visibility", "note"]}),
        (_("Bài viết đưa tin"), {"fields": ["articles"]}),
        (_("Lịch sử"), {"classes": ["collapse"], "fields": ["created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(recipient_total=Count("recipient_links", distinct=True))

    @admin.display(description=_("số người/tập thể"), ordering="recipient_total")
    def recipient_count(self, obj):
        return obj.recipient_total

    def get_urls(self):
        own = [
            path("import/", self.admin_site.admin_view(self.import_view), name="awards_award_import"),
            path("import/sample.csv", self.admin_site.admin_view(self.import_sample_view),
                 name="awards_award_import_sample"),
            path("export/", self.admin_site.admin_view(self.export_view), name="awards_award_export"),
            path("suggest/", self.admin_site.admin_view(self.suggest_view), name="awards_award_suggest"),
        ]
        return own + super().get_urls()

    # --- CSV -------------------------------------------------------------

    def import_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        report = None
        form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
        if request.method == "POST" and form.is_valid():
            visibility = Visibility.PUBLIC if form.cleaned_data["public"] else Visibility.INTERNAL
            report = import_csv(form.cleaned_data["file"].read(), visibility=visibility,
                                dry_run=form.cleaned_data["dry_run"])
            if report.ok and not form.cleaned_data["dry_run"]:
                for note in report.notes:
                    self.message_user(request, note, messages.INFO)
                self.message_user(request, report.summary(),
                                  messages.SUCCESS if report.changed else messages.INFO)
                return HttpResponseRedirect(reverse("admin:awards_award_changelist"))
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "form": form,
                   "report": report, "title": _("Nhập khen thưởng từ tệp CSV"),
                   "columns": [(column, VIETNAMESE_HEADERS[column]) for column in COLUMNS]}
        return TemplateResponse(request, "admin/awards/award/import.html", context)

    def import_sample_view(self, request):
        """The sample CSV (Vietnamese headers, UTF-8 with BOM for Excel), for whoever may import."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        response = HttpResponse(sample_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="mau-khen-thuong.csv"'
        return response

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return _csv_response(export_csv())

    @admin.action(description=_("Xuất CSV các quyết định đã chọn"))
    def export_selected(self, request, queryset):
        return _csv_response(export_csv(Award.objects.filter(pk__in=queryset.values("pk"))))

    @admin.action(description=_("Đặt công khai"), permissions=["change"])
    def make_public(self, request, queryset):
        count = queryset.update(visibility=Visibility.PUBLIC, updated_at=timezone.now())
        content_changed.send(sender=Award)  # update() sends no post_save
        content_changed.send(sender=Award)  # update() sends no post_save: public pages must follow
        self.message_user(request, _("Đã đặt công khai %(count)s khen thưởng.") % {"count": count})

    @admin.action(description=_("Đặt nội bộ"), permissions=["change"])
    def make_internal(self, request, queryset):
        count = queryset.update(visibility=Visibility.INTERNAL, updated_at=timezone.now())
        content_changed.send(sender=Award)  # update() sends no post_save
        content_changed.send(sender=Award)
        self.message_user(request, _("Đã đặt nội bộ %(count)s khen thưởng.") % {"count": count})

    # --- Suggestions -----------------------------------------------------

    def suggest_view(self, request):
        """Suggestions for one article; each is confirmed (and may be corrected) one by one."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        article, rows = None, []
        raw_id = request.GET.get("article", "").strip()
        if raw_id:
            if not raw_id.isdigit():
                self.message_user(request, _("Mã bài viết phải là một số."), messages.ERROR)
            else:
                article = Article.objects.filter(pk=int(raw_id)).prefetch_related("photo_slots").first()
                if article is None:
                    self.message_user(request, _("Không có bài viết #%(id)s.") % {"id": raw_id}, messages.ERROR)
        if article is not None:
            if request.method == "POST":
                prefix = request.POST.get("row", "")
                form = ConfirmSuggestionForm(request.POST, prefix=prefix if _ROW_PREFIX.match(prefix) else None)
                if form.is_valid():
                    data = form.cleaned_data
                    try:
                        award = suggestions.confirm(article=article, form=data["form"],
                                                    issuer_title=data["issuer_title"],
                                                    issuer_organization=data["issuer_organization"],
                                                    movement=data["movement"], year=data["year"],
                                                    reason=data["reason"], source_text=data["source_text"])
                    except ValidationError as exc:
                        self.message_user(request, " ".join(exc.messages), messages.ERROR)
                    else:
                        self.message_user(request, _("Đã tạo khen thưởng nháp (nội bộ) «%(award)s». Bổ sung số "
                                                     "quyết định, người được khen rồi đặt công khai nếu cần.")
                                          % {"award": award}, messages.SUCCESS)
                        return HttpResponseRedirect(reverse("admin:awards_award_change", args=[award.pk]))
                else:
                    self.message_user(request, _("Gợi ý chưa hợp lệ: %(errors)s")
                                      % {"errors": "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())},
                                      messages.ERROR)
            forms_by_name = {f.name: f for f in AwardForm.objects.all()}
            for number, suggestion in enumerate(suggestions.suggest_for_article(article)):
                award_form = forms_by_name.get(suggestion.form)
                existing = suggestions.existing_award(article, form=award_form, issuer_title=suggestion.issuer,
                                                      year=suggestion.year) if award_form else None
                rows.append({"suggestion": suggestion, "existing": existing,
                             "prefix": f"s{number}",
                             "form": ConfirmSuggestionForm.from_suggestion(suggestion, award_form, prefix=f"s{number}")})
        recent = [] if article else Article.objects.order_by("-updated_at")[:RECENT_ARTICLES]
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "article": article,
                   "rows": rows, "article_id": raw_id, "recent": recent,
                   "title": _("Gợi ý khen thưởng từ bài viết")}
        return TemplateResponse(request, "admin/awards/award/suggest.html", context)


def _csv_response(data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="khen-thuong-{timezone.localdate():%Y%m%d}.csv"'
    return response

