"""Photo assets and the slots that place them in articles.

A Photo is one image file, reusable across articles. An ArticlePhoto is one
slot in one article: its own caption, its place after a paragraph, its order.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from newsroom.text import normalize


class Photo(models.Model):
    image = models.ImageField(_("tệp ảnh"), upload_to="photos/%Y/%m/", width_field="width", height_field="height",
                              max_length=255)
    width = models.PositiveIntegerField(_("rộng (px)"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("cao (px)"), null=True, blank=True, editable=False)
    alt_text = models.CharField(_("mô tả ảnh (alt)"), max_length=300, blank=True,
                                help_text=_("Mô tả nội dung ảnh cho người không nhìn thấy ảnh. Bắt buộc khi đăng bài."))
    credit = models.CharField(_("nguồn ảnh"), max_length=200, blank=True, help_text=_("Ví dụ: Ảnh: Ngọc Minh"))
    caption = models.TextField(_("chú thích mặc định"), blank=True,
                               help_text=_("Gợi ý chú thích khi dùng ảnh trong một bài mới."))
    # Where the subject is, as fractions of width and height, for crops.
    focal_x = models.FloatField(_("tiêu điểm ngang"), default=0.5)
    focal_y = models.FloatField(_("tiêu điểm dọc"), default=0.5)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="photos_uploaded", editable=False)
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("ảnh")
        verbose_name_plural = _("thư viện ảnh")
        ordering = ["-created_at"]

    def __str__(self):
        label = self.alt_text or self.caption or self.image.name.rsplit("/", 1)[-1]
        return label[:80]

    def save(self, *args, **kwargs):
        self.alt_text = normalize(self.alt_text).strip()
        self.credit = normalize(self.credit).strip()
        self.caption = normalize(self.caption).strip()
        super().save(*args, **kwargs)


class ArticlePhoto(models.Model):
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="photo_slots")
    # PROTECT: a photo used in an article cannot be deleted from the library.
    photo = models.ForeignKey(Photo, verbose_name=_("ảnh"), null=True, blank=True, on_delete=models.PROTECT,
                              related_name="slots")
    caption = models.TextField(_("chú thích"), blank=True)
    credit = models.CharField(_("nguồn ảnh"), max_length=200, blank=True,
                              help_text=_("Để trống để dùng nguồn ảnh của ảnh trong thư viện."))
    after_paragraph = models.PositiveIntegerField(
        _("sau đoạn"), default=0, help_text=_("0 = ngay sau sapo, 1 = sau đoạn thứ nhất, ..."))
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("ảnh trong bài")
        verbose_name_plural = _("ảnh trong bài")
        ordering = ["after_paragraph", "order", "pk"]

    def __str__(self):
        return (self.caption or str(self.photo or _("(chưa có ảnh)")))[:80]

    def save(self, *args, **kwargs):
        self.caption = normalize(self.caption).strip()
        self.credit = normalize(self.credit).strip()
        super().save(*args, **kwargs)

    @property
    def display_credit(self) -> str:
        return self.credit or (self.photo.credit if self.photo else "")
