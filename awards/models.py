"""Commendations (khen thưởng): the managed list of forms, awards, recipients and who got what.

Readers see an award only through `Award.objects.public()`; every public page,
list and include starts from it.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from newsroom.text import fold, normalize, save_with_unique_slug, unique_slug

MIN_YEAR = 1945
MAX_YEAR = 2100
# Recipient slugs: "nguyen-van-an-cong-an-tinh", "nguyen-van-an-cong-an-tinh-2", ...
SLUG_LENGTH = 255
SLUG_FALLBACK = "nguoi-nhan"


def clean_text(text: str) -> str:
    """The one stored form of a short text: NFC, no BOM, single spaces, no edges."""
    return " ".join(normalize(text or "").split())


class AwardForm(models.Model):
    """A form of commendation (hình thức khen thưởng): Giấy khen, Bằng khen, Huân chương, ..."""

    name = models.CharField(_("tên"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=140, unique=True, blank=True,
                            help_text=_("Để trống để tạo tự động từ tên."))
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("hình thức khen thưởng")
        verbose_name_plural = _("hình thức khen thưởng")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean_text(self.name)
        if not self.slug:
            self.slug = unique_slug(AwardForm, self.name, instance_pk=self.pk, max_length=140, fallback="hinh-thuc")
        super().save(*args, **kwargs)

    @classmethod
    def find(cls, text: str):
        """The form whose name matches text ignoring case and accents ("giay khen" -> Giấy khen), or None."""
        wanted = fold(clean_text(text))
        if not wanted:
            return None
        for form in cls.objects.all():
            if fold(form.name) == wanted:
                return form
        return None


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Công khai")
    INTERNAL = "internal", _("Nội bộ")


class RecipientKind(models.TextChoices):
    COLLECTIVE = "collective", _("Tập thể")
    INDIVIDUAL = "individual", _("Cá nhân")


class AwardQuerySet(models.QuerySet):
    def public(self):
        """Exactly the awards readers may see."""
        return self.filter(visibility=Visibility.PUBLIC)


_PERIOD = re.compile(r"^\s*(\d{4})\s*(?:[-–—]\s*(\d{4})\s*)?$")


def parse_period(text: str) -> tuple[int, int | None]:
    """"2018" -> (2018, None); "2016-2020" or "2016 – 2020" -> (2016, 2020). Raises ValueError."""
    match = _PERIOD.match(text or "")
    if not match:
        raise ValueError(f"kỳ khen thưởng «{text}» phải là một năm (2018) hoặc một khoảng năm (2016-2020)")
    start = int(match.group(1))
    end = int(match.group(2)) if match.group(2) else None
    for year in (start, end):
        if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
            raise ValueError(f"năm {year} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}")
    if end is not None and end < start:
        raise ValueError(f"kỳ khen thưởng «{text}»: năm kết thúc trước năm bắt đầu")
    if end == start:
        end = None
    return start, end


class Award(models.Model):
    """One commendation decision, given by one issuer to one or more recipients."""

    form = models.ForeignKey(AwardForm, verbose_name=_("hình thức"), on_delete=models.PROTECT, related_name="awards")
    issuer_title = models.CharField(_("người/cấp khen thưởng"), max_length=200,
                                    help_text=_("Chức danh của người ký khen thưởng, ví dụ «Giám đốc Công an tỉnh», "
                                                "«Chủ tịch UBND thành phố»."))
    issuer_organization = models.CharField(_("cơ quan khen thưởng"), max_length=200, blank=True,
                                           help_text=_("Tên đầy đủ của cơ quan, nếu cần, ví dụ «Công an tỉnh Quảng "
                                                       "Bình». Có thể để trống."))
    decision_number = models.CharField(_("số quyết định"), max_length=100, blank=True,
                                       help_text=_("Ví dụ «125/QĐ-CAT». Cùng số quyết định và cùng cấp khen thưởng "
                                                   "là một quyết định."))
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    movement = models.CharField(_("phong trào, đợt thi đua"), max_length=300, blank=True)
    period_start = models.PositiveSmallIntegerField(_("năm"), help_text=_("Năm được khen (năm của thành tích)."))
    period_end = models.PositiveSmallIntegerField(_("đến năm"), null=True, blank=True,
                                                  help_text=_("Chỉ điền khi khen cho cả một giai đoạn, ví dụ "
                                                              "2016–2020."))
    # The year the award is listed under: the last year of its period.
    year = models.PositiveSmallIntegerField(_("năm xếp loại"), editable=False, db_index=True)
    reason = models.TextField(_("lý do khen thưởng"), blank=True)
    visibility = models.CharField(_("hiển thị"), max_length=10, choices=Visibility.choices,
                                  default=Visibility.INTERNAL, db_index=True,
                                  help_text=_("Chỉ khen thưởng «Công khai» hiện trên trang công khai."))
    note = models.TextField(_("ghi chú nội bộ"), blank=True, help_text=_("Không bao giờ hiện trên trang công khai."))
    recipients = models.ManyToManyField("Recipient", verbose_name=_("người/tập thể được khen"),
                                        through="AwardRecipient", related_name="awards", blank=True)
    articles = models.ManyToManyField("articles.Article", verbose_name=_("bài viết đưa tin"), related_name="awards",
                                      blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = AwardQuerySet.as_manager()

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        # Undated drafts last on every database (PostgreSQL puts NULL first in a descending order).
        ordering = ["-year", F("decision_date").desc(nulls_last=True), "decision_number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision_number", "issuer_title", "issuer_organization"],
                                    condition=~Q(decision_number=""), name="unique_award_decision",
                                    violation_error_message=_("Đã có quyết định với số này của cùng cấp khen "
                                                              "thưởng.")),
        ]

    def __str__(self):
        number = f" số {self.decision_number}" if self.decision_number else ""
        return f"{self.form} của {self.issuer_title}{number} ({self.period})"

    def clean(self):
        if self.period_start is not None and self.period_end is not None and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("Năm kết thúc không được trước năm bắt đầu.")})
        for field in ("period_start", "period_end"):
            value = getattr(self, field)
            if value is not None and not MIN_YEAR <= value <= MAX_YEAR:
                raise ValidationError({field: _("Năm phải nằm trong khoảng %(min)s–%(max)s.")
                                       % {"min": MIN_YEAR, "max": MAX_YEAR}})

    def save(self, *args, **kwargs):
        self.derive_fields()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("awards:detail", kwargs={"pk": self.pk})

    def derive_fields(self):
        """The stored form of the texts and the derived year: what save() does, for bulk writes too."""
        for field in ("issuer_title", "issuer_organization", "decision_number", "movement"):
            setattr(self, field, clean_text(getattr(self, field)))
        self.reason = normalize(self.reason).strip()
        self.note = normalize(self.note).strip()
        if self.period_end == self.period_start:
            self.period_end = None
        self.year = self.period_end or self.period_start

    @property
    def period(self) -> str:
        """"2018" or "2016-2020": the period as written in the spreadsheet."""
        if self.period_end and self.period_end != self.period_start:
            return f"{self.period_start}-{self.period_end}"
        return str(self.period_start)

    @property
    def issuer(self) -> str:
        if self.issuer_organization:
            return f"{self.issuer_title} ({self.issuer_organization})"
        return self.issuer_title


class Recipient(models.Model):
    """A collective (tập thể) or an individual (cá nhân) who received awards.

    Identity is (kind, name, unit) after normalisation: the spreadsheet import
    finds the same recipient again through it.
    """

    kind = models.CharField(_("loại"), max_length=12, choices=RecipientKind.choices)
    name = models.CharField(_("tên"), max_length=255)
    unit = models.CharField(_("đơn vị, cơ quan"), max_length=255, blank=True,
                            help_text=_("Đơn vị công tác của cá nhân, hoặc cơ quan chủ quản của tập thể."))
    slug = models.SlugField(_("slug"), max_length=255, unique=True, blank=True,
                            help_text=_("Để trống để tạo tự động từ tên."))

    class Meta:
        verbose_name = _("người/tập thể được khen")
        verbose_name_plural = _("người/tập thể được khen")
        ordering = ["name", "unit", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "name", "unit"], name="unique_recipient_identity",
                                    violation_error_message=_("Đã có người/tập thể cùng loại, cùng tên và cùng đơn "
                                                              "vị.")),
        ]

    def __str__(self):
        return f"{self.name} – {self.unit}" if self.unit else self.name

    def save(self, *args, **kwargs):
        self.name = clean_text(self.name)
        self.unit = clean_text(self.unit)
        if self.slug:
            super().save(*args, **kwargs)
            return
        save_with_unique_slug(self, self.slug_source(), lambda **options: super(Recipient, self).save(*args, **options),
                              kwargs, max_length=SLUG_LENGTH, fallback=SLUG_FALLBACK)

    def get_absolute_url(self):
        return reverse("awards:recipient", kwargs={"slug": self.slug})

    def slug_source(self) -> str:
        return f"{self.name} {self.unit}" if self.unit else self.name

    @classmethod
    def identity(cls, kind: str, name: str, unit: str) -> tuple[str, str, str]:
        return kind, clean_text(name), clean_text(unit)


class AwardRecipient(models.Model):
    """One recipient of one award, with its own citation, in the decision's order."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="recipient_links")
    recipient = models.ForeignKey(Recipient, verbose_name=_("người/tập thể được khen"), on_delete=models.PROTECT,
                                  related_name="award_links")
    citation = models.TextField(_("thành tích riêng"), blank=True,
                                help_text=_("Lời khen riêng cho người/tập thể này, nếu quyết định có ghi."))
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("người/tập thể được khen")
        verbose_name_plural = _("người/tập thể được khen")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["award", "recipient"], name="unique_award_recipient",
                                    violation_error_message=_("Người/tập thể này đã có trong quyết định.")),
        ]

    def __str__(self):
        return str(self.recipient)

    def save(self, *args, **kwargs):
        self.citation = normalize(self.citation).strip()
        super().save(*args, **kwargs)

