"""Photo assets, their renditions, and the slots that place them in articles.

A Photo is one image file, reusable across articles; its ``image`` is the
original as uploaded, kept in the private originals storage and never served.
A Rendition is one resized, metadata-free copy that the public site serves.
An ArticlePhoto is one slot in one article: its own caption and credit, its
order; its place in the body is a photos block of Article.body (articles/body.py).
"""

import hashlib

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from newsroom.text import normalize

from articles.models import Article, live_q
from pagecache.signals import content_changed

from .metadata import open_image, oriented_size
from .storage import get_originals_storage

_FRACTION_MESSAGE = _("Tiêu điểm là một số từ 0 đến 1 (0,5 là giữa ảnh).")
_FRACTION = [MinValueValidator(0.0, message=_FRACTION_MESSAGE), MaxValueValidator(1.0, message=_FRACTION_MESSAGE)]


class Photo(models.Model):
    # The original, metadata and all, in the private storage (photos/storage.py).
    image = models.ImageField(_("tệp ảnh"), upload_to="photos/%Y/%m/", storage=get_originals_storage,
                              max_length=255,
                              help_text=_("JPEG, PNG, WebP hoặc GIF. Vị trí GPS và thông tin máy ảnh được loại bỏ "
                                          "khỏi mọi ảnh đăng công khai."))
    # Upright size (EXIF orientation applied), set on save from the file.
    width = models.PositiveIntegerField(_("rộng (px)"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("cao (px)"), null=True, blank=True, editable=False)
    alt_text = models.CharField(_("mô tả ảnh (alt)"), max_length=300, blank=True,
                                help_text=_("Mô tả nội dung ảnh cho người không nhìn thấy ảnh. Bắt buộc khi đăng bài."))
    credit = models.CharField(_("nguồn ảnh"), max_length=200, blank=True, help_text=_("Ví dụ: Ảnh: Ngọc Minh"))
    caption = models.TextField(_("chú thích mặc định"), blank=True,
                               help_text=_("Gợi ý chú thích khi dùng ảnh trong một bài mới."))
    # Where the subject is, as fractions of width and height, for crops.
    focal_x = models.FloatField(_("tiêu điểm ngang"), default=0.5, validators=_FRACTION,
                                help_text=_("0 = mép trái, 0,5 = giữa, 1 = mép phải. Ảnh cắt (ví dụ ảnh chia sẻ "
                                            "mạng xã hội) giữ điểm này trong khung."))
    focal_y = models.FloatField(_("tiêu điểm dọc"), default=0.5, validators=_FRACTION,
                                help_text=_("0 = mép trên, 0,5 = giữa, 1 = mép dưới."))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="photos_uploaded", editable=False)
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    # sha256 (hex) of the original's bytes, set on save from the file: the same file
    # uploaded again reuses this photo (photos/uploads.py). Not unique: a copy a
    # reporter may not see is never handed to them, so a second row can exist.
    content_hash = models.CharField(_("mã băm nội dung (sha256)"), max_length=64, blank=True, default="",
                                    editable=False, db_index=True)
    # The names and sizes of this photo's renditions, written when they are made
    # (photos/renditions.py), so that a page shows the photo without a query of
    # its own per article. Keyed by the image and focal point they were made from.
    rendition_summary = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("ảnh")
        verbose_name_plural = _("thư viện ảnh")
        ordering = ["-created_at"]

    def __str__(self):
        label = self.alt_text or self.caption or self.image.name.rsplit("/", 1)[-1]
        return label[:80]

    @property
    def never_public(self) -> bool:
        """No live article shows it: a new upload, its metadata or its renditions cannot change a
        public page, so the page cache drops nothing for them (pagecache/receivers.py). A scheduled
        article's photo shows when its time comes, and that moment drops every page anyway."""
        if self.pk is None:
            return True
        return not ArticlePhoto.objects.filter(live_q(prefix="article__"), photo_id=self.pk).exists()

    def save(self, *args, **kwargs):
        self.alt_text = normalize(self.alt_text).strip()
        self.credit = normalize(self.credit).strip()
        self.caption = normalize(self.caption).strip()
        self.focal_x = min(max(float(self.focal_x), 0.0), 1.0)
        self.focal_y = min(max(float(self.focal_y), 0.0), 1.0)
        before = Photo.objects.filter(pk=self.pk).values("image", "focal_x", "focal_y").first() if self.pk else None
        old_name = before["image"] if before else None
        image_changed = bool(self.image) and (old_name != self.image.name or not self.image._committed)
        if image_changed or (self.image and not self.width):
            self._measure()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "width", "height"}
        if image_changed:
            self.content_hash = sha256_of(self.image.file)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "content_hash"}
        # A new image or focal point: renditions made from the old ones go (no stale crops);
        # photos/renditions.py does it on post_save.
        self._renditions_stale = bool(before and (old_name != self.image.name or (
            before["focal_x"], before["focal_y"]) != (self.focal_x, self.focal_y)))
        super().save(*args, **kwargs)
        if before and old_name and old_name != self.image.name:
            self.image.storage.delete(old_name)  # the old original too: it may carry GPS

    def _measure(self):
        """Set the upright width and height from the file's header."""
        self.image.open("rb")
        try:
            with open_image(self.image) as image:
                self.width, self.height = oriented_size(image)
        finally:
            self.image.seek(0)

    def articles(self):
        """The articles this photo is used in, each once, newest first."""
        return Article.objects.filter(photo_slots__photo=self).distinct().order_by("-created_at")


def sha256_of(fileobj) -> str:
    """The sha256 (hex) of a file's bytes, read in chunks; remembered on the file object,
    so that an upload looked up before it is saved is not read twice."""
    known = getattr(fileobj, "content_sha256", None)
    if known:
        return known
    digest = hashlib.sha256()
    fileobj.seek(0)
    for chunk in iter(lambda: fileobj.read(1024 * 1024), b""):
        digest.update(chunk)
    fileobj.seek(0)
    value = digest.hexdigest()
    try:
        fileobj.content_sha256 = value
    except AttributeError:
        pass
    return value


class Rendition(models.Model):
    """One resized, metadata-free copy of a photo, made once and reused.

    Rows are looked up by ``source`` (the original's file name, plus the focal
    point for crops), so a new image or focal point never reuses a stale file.
    The unique constraint is the last guard against making one twice.
    """

    class Kind(models.TextChoices):
        WIDTH = "w", _("theo chiều rộng")
        OPENGRAPH = "og", _("ảnh chia sẻ (1200×630)")

    class Format(models.TextChoices):
        WEBP = "webp", "WebP"
        JPEG = "jpeg", "JPEG"

    photo = models.ForeignKey(Photo, verbose_name=_("ảnh"), on_delete=models.CASCADE, related_name="renditions")
    source = models.CharField(_("làm từ"), max_length=300)
    kind = models.CharField(_("loại"), max_length=2, choices=Kind.choices, default=Kind.WIDTH)
    format = models.CharField(_("định dạng"), max_length=4, choices=Format.choices)
    width = models.PositiveIntegerField(_("rộng (px)"))
    height = models.PositiveIntegerField(_("cao (px)"))
    file = models.FileField(_("tệp"), upload_to="renditions/", max_length=255)
    size = models.PositiveIntegerField(_("dung lượng (byte)"), default=0)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("bản ảnh đã xử lý")
        verbose_name_plural = _("bản ảnh đã xử lý")
        ordering = ["photo", "kind", "format", "width"]
        constraints = [
            models.UniqueConstraint(fields=["photo", "source", "kind", "format", "width"], name="unique_rendition"),
        ]

    def __str__(self):
        return f"{self.photo_id}: {self.get_kind_display()} {self.width}×{self.height} {self.format}"

    @property
    def never_public(self) -> bool:
        """A rendition shows where its photo shows (Photo.never_public). Loaded without its photo
        (a deferred field, a row already deleted): not known, so treated as public."""
        photo_id = self.__dict__.get("photo_id")
        return photo_id is not None and Photo(pk=photo_id).never_public


@receiver(post_delete, sender=Rendition)
def _delete_rendition_file(sender, instance, **kwargs):
    if instance.file:
        instance.file.storage.delete(instance.file.name)


@receiver(post_delete, sender=Photo)
def _delete_original_file(sender, instance, **kwargs):
    if instance.image:
        instance.image.storage.delete(instance.image.name)


class ArticlePhoto(models.Model):
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="photo_slots")
    # PROTECT: a photo used in an article cannot be deleted from the library.
    photo = models.ForeignKey(Photo, verbose_name=_("ảnh"), null=True, blank=True, on_delete=models.PROTECT,
                              related_name="slots")
    caption = models.TextField(_("chú thích"), blank=True)
    credit = models.CharField(_("nguồn ảnh"), max_length=200, blank=True,
                              help_text=_("Để trống để dùng nguồn ảnh của ảnh trong thư viện."))
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("ảnh trong bài")
        verbose_name_plural = _("ảnh trong bài")
        ordering = ["order", "pk"]

    def __str__(self):
        return (self.caption or str(self.photo or _("(chưa có ảnh)")))[:80]

    def save(self, *args, **kwargs):
        self.caption = normalize(self.caption).strip()
        self.credit = normalize(self.credit).strip()
        super().save(*args, **kwargs)

    @property
    def display_credit(self) -> str:
        return self.credit or (self.photo.credit if self.photo else "")


@receiver(post_delete, sender=ArticlePhoto)
def _unplace_slot(sender, instance, **kwargs):
    """A deleted slot leaves its article's photos block (a block left with no photo goes too)."""
    article = Article.objects.filter(pk=instance.article_id).only("pk", "body").first()
    if article is None:
        return
    blocks = []
    for block in article.body:
        if block.get("type") == "photos" and instance.pk in block["value"].get("slots", []):
            slots = [slot for slot in block["value"]["slots"] if slot != instance.pk]
            if not slots:
                continue
            block = {**block, "value": {**block["value"], "slots": slots}}
        blocks.append(block)
    if blocks != article.body:
        # Not save(): the slot is gone already, and this is no new version of the article.
        Article.objects.filter(pk=article.pk).update(body=blocks)
        content_changed.send(sender=Article)
