"""Royalties (nhuận bút): the grading table, the unit value, one record per
published article with its shares and adjustment lines, and the audit log.

Records, shares and adjustment lines are written only by royalties/rules.py
(their state fields are not editable in any form); the grading table and the
unit values are the newsroom's own, edited in the admin by the roles that
royalties/rules.py names, every change logged.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.deletion import CASCADE, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

_POSITIVE = [MinValueValidator(Decimal("0.01"), message=_("Hệ số phải lớn hơn 0."))]
_PERCENT = [MinValueValidator(Decimal("0"), message=_("Tỷ lệ từ 0 đến 100%.")),
            MaxValueValidator(Decimal("100"), message=_("Tỷ lệ từ 0 đến 100%."))]


def coefficient_field(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=6, decimal_places=2, validators=_POSITIVE, **kwargs)


class Role(models.TextChoices):
    WRITER = "writer", _("Viết bài")
    PHOTO = "photo", _("Ảnh")


class RecordStatus(models.TextChoices):
    PROPOSED = "proposed", _("Đề xuất")
    APPROVED = "approved", _("Đã duyệt")
    PAID = "paid", _("Đã chi trả")


class AdjustmentKind(models.TextChoices):
    PERCENT = "percent", _("Tỷ lệ % trên nhuận bút")
    AMOUNT = "amount", _("Số tiền (đồng)")


class GradingTable(models.Model):
    """The newsroom's grading table; the one in force on a day is the latest started by then."""

    name = models.CharField(_("tên bảng"), max_length=200)
    starts_on = models.DateField(_("áp dụng từ ngày"), unique=True,
                                 help_text=_("Bài đăng từ ngày này dùng bảng này, đến khi có bảng mới hơn."))
    pays_photos_separately = models.BooleanField(
        _("trả nhuận bút ảnh riêng"), default=True,
        help_text=_("Tác giả ảnh (theo nguồn ảnh) được chia một phần nhuận bút của bài."))
    photo_share_percent = models.DecimalField(
        _("phần của ảnh (%)"), max_digits=5, decimal_places=2, default=Decimal("30.00"), validators=_PERCENT,
        help_text=_("Phần nhuận bút mặc định của tác giả ảnh khi bài có cả người viết; bài chỉ có ảnh: 100%."))
    note = models.TextField(_("ghi chú"), blank=True, help_text=_("Ví dụ: số quyết định ban hành bảng."))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("bảng hệ số nhuận bút")
        verbose_name_plural = _("bảng hệ số nhuận bút")
        ordering = ["-starts_on"]

    def __str__(self):
        return f"{self.name} ({self.starts_on:%d/%m/%Y})"


class GradingRow(models.Model):
    """One genre of a grading table: its range, its default, and the decree's cap."""

    table = models.ForeignKey(GradingTable, verbose_name=_("bảng"), on_delete=models.CASCADE, related_name="rows")
    genre = models.SlugField(_("mã thể loại"), max_length=40, help_text=_("Mã ngắn, không dấu, ví dụ: tin, phong-su."))
    name = models.CharField(_("thể loại"), max_length=100)
    min_coefficient = coefficient_field(_("hệ số thấp nhất"))
    max_coefficient = coefficient_field(_("hệ số cao nhất"))
    decree_cap = coefficient_field(_("mức trần theo nghị định"),
                                   help_text=_("Hệ số tối đa Nghị định cho phép với thể loại này."))
    default_without_photo = coefficient_field(_("mặc định (không ảnh)"))
    default_with_photo = coefficient_field(_("mặc định (có ảnh)"))
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("thể loại và hệ số")
        verbose_name_plural = _("thể loại và hệ số")
        ordering = ["table", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["table", "genre"], name="royalties_unique_genre_per_table")]

    def __str__(self):
        return f"{self.name} ({self.min_coefficient}–{self.max_coefficient})"

    def clean(self):
        values = [self.min_coefficient, self.max_coefficient, self.decree_cap, self.default_without_photo,
                  self.default_with_photo]
        if any(value is None for value in values):
            return
        if self.min_coefficient > self.max_coefficient:
            raise ValidationError(_("Hệ số thấp nhất lớn hơn hệ số cao nhất."), code="range")
        if self.max_coefficient > self.decree_cap:
            raise ValidationError(_("Hệ số cao nhất (%(max)s) vượt mức trần theo nghị định (%(cap)s)."),
                                  code="cap", params={"max": self.max_coefficient, "cap": self.decree_cap})
        for default in (self.default_without_photo, self.default_with_photo):
            if not self.min_coefficient <= default <= self.max_coefficient:
                raise ValidationError(_("Hệ số mặc định %(value)s nằm ngoài khung %(min)s–%(max)s."), code="default",
                                      params={"value": default, "min": self.min_coefficient,
                                              "max": self.max_coefficient})

    def default_coefficient(self, *, has_photos: bool) -> Decimal:
        return self.default_with_photo if has_photos else self.default_without_photo


class UnitValue(models.Model):
    """The value in đồng of one coefficient unit, from a date (it changes by decree)."""

    starts_on = models.DateField(_("áp dụng từ ngày"), unique=True)
    amount = models.DecimalField(_("giá trị một đơn vị hệ số (đồng)"), max_digits=14, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("1"), message=_("Giá trị phải lớn hơn 0."))])
    basis = models.CharField(_("căn cứ"), max_length=300, blank=True,
                             help_text=_("Ví dụ: 10% mức lương cơ sở 2.340.000 đ (Nghị định 73/2024/NĐ-CP)."))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("giá trị đơn vị hệ số")
        verbose_name_plural = _("giá trị đơn vị hệ số")
        ordering = ["-starts_on"]

    def __str__(self):
        return f"{self.amount:,.0f} đ từ {self.starts_on:%d/%m/%Y}".replace(",", ".")


def protect_paid(collector, field, sub_objs, using):
    """on_delete for a record's article: deleting the article for good takes its
    unpaid record with it, but never a record with anything paid."""
    paid = [record for record in sub_objs
            if record.status == RecordStatus.PAID or record.adjustments.filter(paid_on__isnull=False).exists()]
    if paid:
        raise ProtectedError(
            str(_("Bài đã được chi trả nhuận bút: không thể xóa vĩnh viễn.")), paid)
    CASCADE(collector, field, sub_objs, using)


class RoyaltyRecord(models.Model):
    """The royalty of one published article: genre, coefficient, state."""

    article = models.OneToOneField("articles.Article", verbose_name=_("bài viết"), on_delete=protect_paid,
                                   related_name="royalty")
    grading_row = models.ForeignKey(GradingRow, verbose_name=_("thể loại trong bảng"), on_delete=models.PROTECT,
                                    related_name="records", editable=False)
    # The genre's name when graded: a later rename of the row does not rewrite paid sheets.
    genre = models.CharField(_("thể loại"), max_length=100, editable=False)
    has_photos = models.BooleanField(_("bài có ảnh"), default=False, editable=False)
    coefficient = coefficient_field(_("hệ số"), editable=False)
    # The unit value in force on the publication day, as of the last proposal or approval.
    unit_value = models.DecimalField(_("giá trị đơn vị hệ số"), max_digits=14, decimal_places=2, editable=False)
    status = models.CharField(_("trạng thái"), max_length=20, choices=RecordStatus.choices,
                              default=RecordStatus.PROPOSED, editable=False, db_index=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người đề xuất"), null=True,
                                    on_delete=models.SET_NULL, related_name="+", editable=False)
    proposed_at = models.DateTimeField(_("đề xuất lúc"), default=timezone.now, editable=False)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người duyệt"), null=True,
                                    on_delete=models.SET_NULL, related_name="+", editable=False)
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, editable=False)
    paid_on = models.DateField(_("ngày chi trả"), null=True, editable=False)
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người ghi chi trả"), null=True,
                                on_delete=models.SET_NULL, related_name="+", editable=False)
    flagged = models.BooleanField(_("cần xem lại"), default=False, editable=False, db_index=True)
    flag_reason = models.CharField(_("lý do cần xem lại"), max_length=300, blank=True, editable=False)
    note = models.TextField(_("ghi chú"), blank=True, editable=False)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("nhuận bút của bài")
        verbose_name_plural = _("nhuận bút của bài")
        ordering = ["-article__publish_at", "-pk"]

    def __str__(self):
        return f"{self.article} – {self.genre} {self.coefficient}"

    @property
    def base_amount(self) -> Decimal:
        """Coefficient × unit value, unrounded (lines round, records do not)."""
        return self.coefficient * self.unit_value


class RoyaltyShare(models.Model):
    """One person's share of a record, in percent; a record's shares sum to 100."""

    record = models.ForeignKey(RoyaltyRecord, verbose_name=_("nhuận bút"), on_delete=models.CASCADE,
                               related_name="shares")
    author = models.ForeignKey("authors.Author", verbose_name=_("tác giả"), on_delete=models.PROTECT,
                               related_name="royalty_shares")
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices)
    percent = models.DecimalField(_("tỷ lệ (%)"), max_digits=5, decimal_places=2, validators=_PERCENT)

    class Meta:
        verbose_name = _("phần nhuận bút")
        verbose_name_plural = _("phần nhuận bút")
        ordering = ["record", "role", "-percent", "pk"]
        constraints = [models.UniqueConstraint(fields=["record", "author", "role"],
                                               name="royalties_unique_share")]

    def __str__(self):
        return f"{self.author} ({self.get_role_display()}) {self.percent}%"


class RoyaltyPhoto(models.Model):
    """A photo paid through a record: the unique photo keeps a reused photo from being paid twice."""

    photo = models.OneToOneField("photos.Photo", verbose_name=_("ảnh"), on_delete=models.PROTECT,
                                 related_name="royalty")
    record = models.ForeignKey(RoyaltyRecord, verbose_name=_("nhuận bút"), on_delete=models.CASCADE,
                               related_name="paid_photos")
    author = models.ForeignKey("authors.Author", verbose_name=_("tác giả ảnh"), on_delete=models.PROTECT,
                               related_name="royalty_photos")

    class Meta:
        verbose_name = _("ảnh được tính nhuận bút")
        verbose_name_plural = _("ảnh được tính nhuận bút")

    def __str__(self):
        return f"{self.photo_id} → {self.author}"


class Adjustment(models.Model):
    """An extra or a deduction on a record, paid in its month (a correction of a paid line is one of these)."""

    record = models.ForeignKey(RoyaltyRecord, verbose_name=_("nhuận bút"), on_delete=models.CASCADE,
                               related_name="adjustments")
    month = models.DateField(_("tháng"), help_text=_("Ngày đầu tháng của bảng nhuận bút có dòng này."))
    kind = models.CharField(_("loại"), max_length=10, choices=AdjustmentKind.choices)
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=2,
                                help_text=_("Số dương là cộng thêm, số âm là giảm trừ."))
    reason = models.CharField(_("lý do"), max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người ghi"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("ghi lúc"), default=timezone.now)
    paid_on = models.DateField(_("ngày chi trả"), null=True, editable=False)
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người ghi chi trả"), null=True,
                                on_delete=models.SET_NULL, related_name="+", editable=False)

    class Meta:
        verbose_name = _("dòng điều chỉnh")
        verbose_name_plural = _("dòng điều chỉnh")
        ordering = ["month", "pk"]

    def __str__(self):
        unit = "%" if self.kind == AdjustmentKind.PERCENT else " đ"
        return f"{self.value:+}{unit}: {self.reason}"

    def amount_on(self, base: Decimal) -> Decimal:
        """The adjustment in đồng for a record whose unrounded amount is `base`."""
        if self.kind == AdjustmentKind.PERCENT:
            return base * self.value / Decimal(100)
        return self.value


class AuditLog(models.Model):
    """Who changed what in royalties, when, and the values before and after."""

    record = models.ForeignKey(RoyaltyRecord, verbose_name=_("nhuận bút"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="logs")
    object_type = models.CharField(_("đối tượng"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("mã đối tượng"), null=True)
    action = models.CharField(_("thao tác"), max_length=40)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True,
                             on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("lúc"), default=timezone.now, db_index=True)
    before = models.JSONField(_("trước"), null=True, blank=True)
    after = models.JSONField(_("sau"), null=True, blank=True)

    class Meta:
        verbose_name = _("nhật ký nhuận bút")
        verbose_name_plural = _("nhật ký nhuận bút")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.action} {self.object_type}#{self.object_id}"
