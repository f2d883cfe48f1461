"""The documents register (văn bản) and the public consultation on drafts (lấy ý kiến dự thảo).

A document's publication state (`state`) is written only by documents/workflow.py;
its legal status (chưa có / còn / hết hiệu lực) is never stored: it is derived from
its dates and from the published documents that replace it, by one definition,
DocumentQuerySet.with_legal_status(). Comments are moderated only through
documents/consultation.py.
"""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsroom.text import fold, normalize, unique_slug

from .files import document_storage, inspect_upload, stored_name
from .richtext import sanitize_html

SLUG_MAX_LENGTH = 120
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def search_fold(text: str) -> str:
    """Accent-, case- and punctuation-insensitive form: "146/QĐ-UBND" -> "146 qd ubnd"."""
    return " ".join(_NOT_WORD.sub(" ", fold(normalize(text or ""))).split())


def number_key(number: str) -> str:
    """What makes two spellings of a number and symbol the same: "146/QĐ-UBND" == "146 / qd-ubnd"."""
    return search_fold(number).replace(" ", "")


def clean_line(text: str) -> str:
    return " ".join(normalize(text or "").split())


# --- Managed lists ----------------------------------------------------------------------------


class Catalog(models.Model):
    name = models.CharField(_("tên"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, blank=True,
                            help_text=_("Dùng trong địa chỉ bộ lọc. Để trống để tạo tự động từ tên."))
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean_line(self.name)
        if not self.slug:
            self.slug = unique_slug(type(self), self.name, instance_pk=self.pk, max_length=120, fallback="muc")
        super().save(*args, **kwargs)


class DocumentKind(Catalog):
    accepts_comments = models.BooleanField(
        _("là dự thảo"), default=False,
        help_text=_("Văn bản loại này là dự thảo và có thể được mở lấy ý kiến nhân dân."))

    class Meta(Catalog.Meta):
        verbose_name = _("loại văn bản")
        verbose_name_plural = _("loại văn bản")


class IssuingBody(Catalog):
    class Meta(Catalog.Meta):
        verbose_name = _("cơ quan ban hành")
        verbose_name_plural = _("cơ quan ban hành")


class Sector(Catalog):
    class Meta(Catalog.Meta):
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")


# --- Documents --------------------------------------------------------------------------------


class State(models.TextChoices):
    DRAFT = "draft", _("Chưa công bố")
    PUBLISHED = "published", _("Đã công bố")
    WITHDRAWN = "withdrawn", _("Đã thu hồi")


class LegalStatus(models.TextChoices):
    # The values appear in the list's filter address (?trang-thai=con-hieu-luc).
    NOT_YET = "chua-co-hieu-luc", _("Chưa có hiệu lực")
    IN_FORCE = "con-hieu-luc", _("Còn hiệu lực")
    EXPIRED = "het-hieu-luc", _("Hết hiệu lực")


class RelationKind(models.TextChoices):
    REPLACES = "replaces", _("Thay thế")
    AMENDS = "amends", _("Sửa đổi, bổ sung")
    GUIDES = "guides", _("Hướng dẫn")


# How a relation reads from the other end ("is replaced by").
INVERSE_LABELS = {
    RelationKind.REPLACES: _("Bị thay thế bởi"),
    RelationKind.AMENDS: _("Được sửa đổi, bổ sung bởi"),
    RelationKind.GUIDES: _("Được hướng dẫn bởi"),
}


def public_q(prefix: str = "") -> Q:
    """What readers may see: a published document (never a draft or a withdrawn one)."""
    return Q(**{f"{prefix}state": State.PUBLISHED})


class DocumentQuerySet(models.QuerySet):
    def public(self):
        return self.filter(public_q())

    def with_legal_status(self, today: datetime.date | None = None):
        """Annotate `legal_status_value`: the one definition of the derived status.

        Hết hiệu lực from the day it ceases to have effect, or once a published document
        replacing it has taken effect; còn hiệu lực from its effective date; otherwise
        (no effective date yet, or a later one) chưa có hiệu lực.
        """
        today = today or timezone.localdate()
        replaced = Exists(DocumentRelation.objects.filter(
            public_q("source__"), target=OuterRef("pk"), kind=RelationKind.REPLACES,
            source__effective_on__lte=today))
        return self.annotate(legal_status_value=Case(
            When(expires_on__lte=today, then=Value(LegalStatus.EXPIRED)),
            When(replaced, then=Value(LegalStatus.EXPIRED)),
            When(effective_on__lte=today, then=Value(LegalStatus.IN_FORCE)),
            default=Value(LegalStatus.NOT_YET), output_field=models.CharField()))

    def search(self, query: str):
        """Every word of the query (folded) starts a word of the number, summary, signer or body."""
        queryset = self
        for word in search_fold(query).split()[:10]:
            queryset = queryset.filter(search_text__contains=f" {word}")
        return queryset


class Document(models.Model):
    kind = models.ForeignKey(DocumentKind, verbose_name=_("loại văn bản"), on_delete=models.PROTECT,
                             related_name="documents")
    number = models.CharField(_("số ký hiệu"), max_length=100, blank=True,
                              help_text=_("Ví dụ: 146/QĐ-UBND. Dự thảo có thể để trống."))
    number_key = models.CharField(max_length=100, editable=False, blank=True, db_index=True)
    issuing_body = models.ForeignKey(IssuingBody, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT,
                                     related_name="documents")
    signer = models.CharField(_("người ký"), max_length=120, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120, blank=True,
                                    help_text=_("Ví dụ: Phó Chủ tịch UBND thành phố."))
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    effective_on = models.DateField(_("ngày có hiệu lực"), null=True, blank=True,
                                    help_text=_("Để trống nếu chưa xác định: văn bản hiện “chưa có hiệu lực”."))
    expires_on = models.DateField(_("ngày hết hiệu lực"), null=True, blank=True,
                                  help_text=_("Từ ngày này văn bản hết hiệu lực. Văn bản bị thay thế tự hết hiệu lực "
                                              "khi văn bản thay thế có hiệu lực, không cần nhập ở đây."))
    sector = models.ForeignKey(Sector, verbose_name=_("lĩnh vực"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="documents")
    summary = models.TextField(_("trích yếu"), help_text=_("Nội dung tóm tắt ghi trên văn bản."))
    full_text = models.TextField(_("toàn văn"), blank=True,
                                 help_text=_("Không bắt buộc. HTML đơn giản: đoạn, tiêu đề, danh sách, bảng, liên kết; "
                                             "mọi thứ khác (script, style, ảnh) bị loại bỏ khi lưu."))
    slug = models.SlugField(_("slug"), max_length=SLUG_MAX_LENGTH, unique=True, blank=True, editable=False)
    articles = models.ManyToManyField("articles.Article", verbose_name=_("bài viết dẫn văn bản"), blank=True,
                                      related_name="cited_documents")
    # Folded number, summary, signer and body, each word preceded by a space, for search on any database.
    search_text = models.TextField(editable=False, blank=True, default="")
    state = models.CharField(_("tình trạng công bố"), max_length=20, choices=State.choices, default=State.DRAFT,
                             editable=False, db_index=True)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="documents_created", editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = [models.F("issued_on").desc(nulls_last=True), "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["number_key", "issuing_body"], condition=~Q(number_key=""),
                                    name="document_unique_number_per_body"),
            models.CheckConstraint(condition=Q(expires_on__isnull=True) | Q(effective_on__isnull=True)
                                   | Q(expires_on__gt=models.F("effective_on")),
                                   name="document_expires_after_effective"),
        ]

    def __str__(self):
        return f"{self.number} – {self.short_summary}" if self.number else self.short_summary

    def clean(self):
        self._derive()
        errors = {}
        if self.expires_on and self.effective_on and self.expires_on <= self.effective_on:
            errors["expires_on"] = _("Ngày hết hiệu lực phải sau ngày có hiệu lực.")
        if self.number_key and self.issuing_body_id and Document.objects.filter(
                number_key=self.number_key, issuing_body_id=self.issuing_body_id).exclude(pk=self.pk).exists():
            errors["number"] = _("Cơ quan này đã có văn bản số “%(number)s” trong sổ.") % {"number": self.number}
        if errors:
            raise ValidationError(errors)

    def _derive(self):
        self.number = clean_line(self.number)
        self.number_key = number_key(self.number)
        self.summary = normalize(self.summary).strip()
        self.signer = clean_line(self.signer)
        self.signer_title = clean_line(self.signer_title)
        self.full_text = sanitize_html(normalize(self.full_text))

    def save(self, *args, **kwargs):
        self._derive()
        words = [self.number, self.summary, self.signer, self.issuing_body.name if self.issuing_body_id else ""]
        self.search_text = " " + search_fold(" ".join(words))
        if self.slug:
            super().save(*args, **kwargs)
            return
        # Two imports can race for one slug: on a collision take the next free suffix.
        for _attempt in range(5):
            self.slug = unique_slug(Document, f"{search_fold(self.number)} {self.short_summary}", instance_pk=self.pk,
                                    max_length=SLUG_MAX_LENGTH, fallback="van-ban")
            try:
                with transaction.atomic():
                    super().save(*args, **kwargs)
                return
            except IntegrityError:
                if not Document.objects.filter(slug=self.slug).exclude(pk=self.pk).exists():
                    raise
                kwargs.pop("force_insert", None)
        raise IntegrityError(f"No free slug for {self.summary!r}")

    def get_absolute_url(self):
        return reverse("documents:detail", kwargs={"slug": self.slug})

    @property
    def short_summary(self) -> str:
        summary = " ".join(self.summary.split())
        return summary if len(summary) <= 90 else summary[:90].rsplit(" ", 1)[0] + "…"

    @property
    def title(self) -> str:
        """Kind, number and summary: how the document is named on pages and in feeds."""
        head = f"{self.kind.name} {self.number}".strip() if self.number else self.kind.name
        return f"{head}: {self.summary}" if self.summary else head

    @property
    def legal_status(self) -> LegalStatus:
        """The derived status (from the queryset's annotation when present: no query)."""
        value = getattr(self, "legal_status_value", None)
        if value is None:
            value = Document.objects.with_legal_status().filter(pk=self.pk).values_list(
                "legal_status_value", flat=True).first() or LegalStatus.NOT_YET
        return LegalStatus(value)

    @property
    def is_public(self) -> bool:
        return self.state == State.PUBLISHED


class DocumentFile(models.Model):
    """A file of a document, kept outside MEDIA_ROOT and served by documents.views.download."""

    document = models.ForeignKey(Document, verbose_name=_("văn bản"), on_delete=models.CASCADE,
                                 related_name="files")
    file = models.FileField(_("tệp"), storage=document_storage, upload_to=stored_name, max_length=200,
                            help_text=_("PDF, DOC/DOCX, XLS/XLSX, ODT/ODS; kiểm tra theo nội dung tệp."))
    name = models.CharField(_("tên tệp"), max_length=200, blank=True,
                            help_text=_("Tên người đọc nhận được khi tải về. Để trống: tên tệp tải lên."))
    file_type = models.CharField(_("định dạng"), max_length=10, editable=False, blank=True)
    content_type = models.CharField(max_length=120, editable=False, blank=True)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), default=0, editable=False)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("tệp văn bản")
        verbose_name_plural = _("tệp văn bản")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.file and not getattr(self.file, "_committed", True):
            info = inspect_upload(self.file)  # raises ValidationError with a Vietnamese message
            self.file_type, self.content_type, self.size = info.file_type, info.content_type, info.size
            self.name = self.name or info.name
        self.name = clean_line(self.name)
        if self.name and "." not in self.name and self.file_type:
            self.name = f"{self.name}.{self.file_type.lower()}"

    def save(self, *args, **kwargs):
        if not self.file_type:
            self.clean()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("documents:download", kwargs={"slug": self.document.slug, "pk": self.pk})


class DocumentRelation(models.Model):
    source = models.ForeignKey(Document, verbose_name=_("văn bản"), on_delete=models.CASCADE,
                               related_name="outgoing_relations")
    kind = models.CharField(_("quan hệ"), max_length=20, choices=RelationKind.choices)
    target = models.ForeignKey(Document, verbose_name=_("văn bản liên quan"), on_delete=models.CASCADE,
                               related_name="incoming_relations")

    class Meta:
        verbose_name = _("văn bản liên quan")
        verbose_name_plural = _("văn bản liên quan")
        constraints = [
            models.UniqueConstraint(fields=["source", "kind", "target"], name="document_relation_unique"),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="document_relation_not_self"),
        ]

    def __str__(self):
        return f"{self.source} – {self.get_kind_display()} – {self.target}"

    def clean(self):
        if self.source_id and self.source_id == self.target_id:
            raise ValidationError({"target": _("Văn bản không thể liên quan đến chính nó.")})

    @property
    def inverse_label(self) -> str:
        return INVERSE_LABELS[RelationKind(self.kind)]


class DocumentTransition(models.Model):
    """One publication step (publish, withdraw), with who, when and the note."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="transitions",
                                 verbose_name=_("văn bản"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                             related_name="document_transitions", verbose_name=_("người thực hiện"))
    from_state = models.CharField(_("từ trạng thái"), max_length=20, choices=State.choices)
    to_state = models.CharField(_("sang trạng thái"), max_length=20, choices=State.choices)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("lịch sử công bố")
        verbose_name_plural = _("lịch sử công bố")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.document_id}: {self.get_from_state_display()} → {self.get_to_state_display()}"


# --- Consultation -----------------------------------------------------------------------------


def local_time(moment: datetime.datetime) -> str:
    """dd/mm/yyyy HH:MM in the site's time zone (Asia/Ho_Chi_Minh)."""
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


class ConsultationQuerySet(models.QuerySet):
    def public(self):
        return self.filter(public_q("document__"))

    def open(self, now=None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)

    def closed(self, now=None):
        return self.filter(closes_at__lte=now or timezone.now())


class Consultation(models.Model):
    document = models.OneToOneField(Document, verbose_name=_("dự thảo"), on_delete=models.CASCADE,
                                    related_name="consultation")
    opens_at = models.DateTimeField(_("bắt đầu lấy ý kiến"))
    closes_at = models.DateTimeField(_("hết hạn lấy ý kiến"),
                                     help_text=_("Đến giờ này biểu mẫu góp ý tự đóng."))
    unit_name = models.CharField(_("đơn vị tiếp nhận ý kiến"), max_length=200)
    unit_email = models.EmailField(_("thư điện tử của đơn vị"),
                                   help_text=_("Mỗi góp ý mới được báo về địa chỉ này."))
    unit_contact = models.CharField(_("liên hệ"), max_length=300, blank=True,
                                    help_text=_("Địa chỉ, số điện thoại, người phụ trách."))
    report_text = models.TextField(_("báo cáo tổng hợp ý kiến"), blank=True,
                                   help_text=_("Tổng hợp, tiếp thu, giải trình ý kiến. Chỉ nhập sau khi hết hạn; "
                                               "hiện trên trang dự thảo."))
    report_file = models.FileField(_("tệp báo cáo tổng hợp"), storage=document_storage, upload_to=stored_name,
                                   max_length=200, blank=True)
    report_file_name = models.CharField(max_length=200, blank=True, editable=False)
    report_file_type = models.CharField(max_length=10, blank=True, editable=False)
    report_content_type = models.CharField(max_length=120, blank=True, editable=False)
    report_file_size = models.PositiveBigIntegerField(default=0, editable=False)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("đợt lấy ý kiến")
        verbose_name_plural = _("đợt lấy ý kiến")
        ordering = ["-closes_at"]
        constraints = [models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")),
                                              name="consultation_closes_after_opening")]

    def __str__(self):
        return str(self.document) if self.document_id else ""

    def clean(self):
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("Thời điểm hết hạn phải sau thời điểm bắt đầu.")
        if self.document_id and not self.document.kind.accepts_comments:
            errors["document"] = _("Chỉ văn bản loại dự thảo mới được lấy ý kiến.")
        has_report = bool(self.report_text.strip() or self.report_file)
        if has_report and self.closes_at and not self.has_closed():
            errors["report_text"] = _("Chỉ công bố báo cáo tổng hợp sau khi hết hạn lấy ý kiến (%(time)s).") % {
                "time": local_time(self.closes_at)}
        if self.report_file and not getattr(self.report_file, "_committed", True):
            try:
                info = inspect_upload(self.report_file)
            except ValidationError as error:
                errors["report_file"] = error.messages
            else:
                self.report_file_name, self.report_file_type = info.name, info.file_type
                self.report_content_type, self.report_file_size = info.content_type, info.size
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self):
        return reverse("documents:consultation", kwargs={"slug": self.document.slug})

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def has_closed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.closes_at

    def days_left(self, now=None) -> int:
        """Whole calendar days (local) until the closing day: 0 on the closing day itself."""
        now = now or timezone.now()
        return max((timezone.localtime(self.closes_at).date() - timezone.localtime(now).date()).days, 0)

    @property
    def closes_at_display(self) -> str:
        return local_time(self.closes_at)

    @property
    def opens_at_display(self) -> str:
        return local_time(self.opens_at)

    @property
    def has_report(self) -> bool:
        return bool(self.report_text.strip() or self.report_file)


class ConsultationPart(models.Model):
    """A part of the draft (chương, điều) that comments can point at."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="parts")
    label = models.CharField(_("phần"), max_length=60, help_text=_("Ví dụ: Chương I, Điều 5."))
    title = models.CharField(_("tên phần"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("phần của dự thảo")
        verbose_name_plural = _("phần của dự thảo")
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.label}. {self.title}" if self.title else self.label


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Chờ xử lý")
    ACCEPTED = "accepted", _("Công khai")
    PRIVATE = "private", _("Giữ nội bộ")
    SPAM = "spam", _("Thư rác")


class Comment(models.Model):
    consultation = models.ForeignKey(Consultation, verbose_name=_("đợt lấy ý kiến"), on_delete=models.CASCADE,
                                     related_name="comments")
    part = models.ForeignKey(ConsultationPart, verbose_name=_("phần góp ý"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="comments")
    name = models.CharField(_("họ và tên"), max_length=120)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    organisation = models.CharField(_("cơ quan, tổ chức"), max_length=200, blank=True)
    body = models.TextField(_("nội dung góp ý"))
    publish_name = models.BooleanField(_("đồng ý công khai tên"), default=False)
    status = models.CharField(_("xử lý"), max_length=20, choices=CommentStatus.choices,
                              default=CommentStatus.PENDING, editable=False, db_index=True)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người xử lý"), null=True,
                                     blank=True, on_delete=models.SET_NULL, editable=False,
                                     related_name="document_comments_moderated")
    moderated_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True, editable=False)
    address_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("góp ý")
        verbose_name_plural = _("góp ý")
        ordering = ["created_at", "pk"]


    @property
    def never_public(self) -> bool:
        """A comment not yet moderated shows nowhere: receiving one does not empty the page cache."""
        return self.status == CommentStatus.PENDING
    def __str__(self):
        return f"{self.name}: {self.body[:60]}"

    @property
    def public_name(self) -> str:
        return self.name if self.publish_name else str(_("Người góp ý đề nghị ẩn danh"))
