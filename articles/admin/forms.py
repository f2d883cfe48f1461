"""The admin's article form with the workflow's parts: optimistic locking, correction notes,
and the section rule (roles.can_move_to_section: an editor does not move a live
or scheduled article into a section that needs a chief editor's approval).

Optimistic locking: the form carries the article's `version` as it was when the
page was opened. A stale save never reaches this form as it was typed: the admin
merges it first (articles/admin/merging.py, the rule in articles/workflow/merge.py)
and hands the form the merged text with the current version. What is left here:
a form with conflicts still to choose (`merge_outcome`) is refused with a
Vietnamese banner, and a stale version that was not merged (a form used outside
the admin) is refused outright, the user's text kept.
"""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .article_form import ArticleForm
from ..models import Article, CorrectionKind
from ..workflow.revisions import changed_labels, snapshot
from ..workflow.roles import require_move_to_section


class WorkflowArticleForm(ArticleForm):
    # The user saving; the admin sets it on the class it builds per request
    # (WorkflowAdminMixin.get_form). Without one, a form has no role at all.
    user = None
    # The admin's merge of a stale save (articles/admin/merging.Outcome), also set per request.
    merge_outcome = None

    edit_version = forms.IntegerField(label=_("phiên bản đang sửa"), widget=forms.HiddenInput, required=False,
                                      min_value=0)
    correction_kind = forms.ChoiceField(
        label=_("loại ghi chú"), required=False,
        choices=[("", _("— Không phải đính chính —")), *CorrectionKind.choices],
        help_text=_("Chọn khi lần sửa này sửa một lỗi, làm rõ hoặc cập nhật bài đã đăng."))
    correction_note = forms.CharField(
        label=_("ghi chú công khai"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"}),
        help_text=_("Hiện dưới bài và trên trang đính chính. Ví dụ: Bản trước ghi sai tên phường."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["edit_version"].initial = self.instance.version
            self.fields["edit_version"].required = True

    def clean(self):
        cleaned = super().clean()
        kind, note = cleaned.get("correction_kind"), (cleaned.get("correction_note") or "").strip()
        if kind and not note:
            self.add_error("correction_note", gettext("Viết ghi chú công khai cho lần đính chính này."))
        if note and not kind:
            self.add_error("correction_kind", gettext("Chọn loại ghi chú: đính chính, làm rõ hay cập nhật."))
        outcome = self.merge_outcome
        if outcome is not None and outcome.conflicts:
            parts = ", ".join(dict.fromkeys(conflict.label for conflict in outcome.conflicts))
            message = gettext("Bạn và %(who)s cùng sửa: %(parts)s. Với mỗi phần đó, chọn “Giữ bản của %(who)s” "
                              "hoặc “Giữ bản của bạn” rồi bấm Lưu; những phần chỉ một người sửa đã được gộp sẵn.") % {
                "who": outcome.who, "parts": parts}
            if outcome.unchosen:
                message = gettext("Chưa chọn bản giữ lại cho mọi phần cùng sửa.") + " " + message
            raise ValidationError(message, code="conflict")
        if self.instance.pk and cleaned.get("edit_version") is not None:
            self._check_version(cleaned["edit_version"])
        if self.instance.pk and "section" in cleaned:
            self._check_section(cleaned["section"])
        return cleaned

    def _check_section(self, section) -> None:
        # The stored article, locked until the save (the admin's change view is one
        # transaction), so a publish made since the page was opened is seen, and a
        # publish made after waits for this save and checks the new section.
        stored = Article.objects.select_for_update(of=("self",)).filter(pk=self.instance.pk).first()
        if stored is None:
            return
        try:
            require_move_to_section(stored, self.user, section)
        except PermissionDenied as refusal:
            self.add_error("section", str(refusal))

    def _check_version(self, submitted: int) -> None:
        # The admin's change view runs in a transaction: this lock holds until the save.
        current = (Article.objects.select_for_update().filter(pk=self.instance.pk)
                   .values_list("version", flat=True).first())
        if current is None or current == submitted:
            return
        article = Article.objects.get(pk=self.instance.pk)
        latest = article.revisions.select_related("user").first()
        seen = article.revisions.filter(article_version__lte=submitted).first()
        changed = changed_labels(seen.data, snapshot(article)) if seen else []
        who = (latest.user.get_full_name() or latest.user.get_username()) if latest and latest.user else None
        parts = [gettext("Bài đã được lưu bởi người khác sau khi bạn mở trang") +
                 (f" ({who}, {date_format(timezone.localtime(latest.created_at), 'DATETIME_FORMAT')})"
                  if who else "") + "."]
        if changed:
            parts.append(gettext("Những phần đã thay đổi: %(parts)s.") % {"parts": ", ".join(changed)})
        elif seen is None:
            parts.append(gettext("Không có bản lưu cũ để so sánh phần đã thay đổi."))
        parts.append(gettext("Nội dung bạn nhập vẫn còn trong biểu mẫu. Hãy mở lại bài để xem bản hiện tại "
                             "(Lịch sử bản lưu) rồi sửa tiếp."))
        raise ValidationError(" ".join(parts), code="stale")
