"""Sections, articles, their byline and their tags.

Status is written only by articles/workflow.py (it is not editable in any form).
"""

import functools
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.core.signals import setting_changed
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from newsroom.text import fold, normalize, save_with_unique_slug, slugify_vi, unique_slug
from newsroom.urlconf import first_segments

from . import body


def public_url(name: str, **kwargs) -> str:
    """reverse(name, kwargs=kwargs), remembered: a list page links every article and
    its section, and reverse() was a tenth of such a page's time. The address of
    a slug only changes with the URLconf or the script prefix."""
    return _remembered_url(get_script_prefix(), name, tuple(sorted(kwargs.items())))


@functools.lru_cache(maxsize=20_000)
def _remembered_url(script_prefix: str, name: str, kwargs: tuple) -> str:
    return reverse(name, kwargs=dict(kwargs))


@receiver(setting_changed)
def _forget_urls(**kwargs):
    _remembered_url.cache_clear()  # tests may change ROOT_URLCONF

SLUG_MAX_LENGTH = 200

# What one article may hold: the admin form refuses more, before any expensive work
# (articles/admin/article_form.py, and the byline and photo slot formsets).
MAX_TAGS_PER_ARTICLE = 30
TAG_MAX_LENGTH = 100  # the tag name column (Tag.name)
MAX_AUTHORS_PER_ARTICLE = 20
MAX_PHOTOS_PER_ARTICLE = 100
MAX_BLOCKS_PER_ARTICLE = body.MAX_BLOCKS
# The first part of the address of an article that has no section.
NO_SECTION_SLUG = "bai"


def reserved_section_slugs() -> frozenset[str]:
    """Slugs a section may not take: every first path segment the site's URLs use (read from the
    URLconf, so a new page reserves its address by existing), and the address of articles that
    have no section. A section there would hide its articles (/<section>/<slug>/) behind another page."""
    return first_segments() | {NO_SECTION_SLUG}


def validate_section_slug(value: str) -> None:
    if value in reserved_section_slugs():
        raise ValidationError(_("Địa chỉ “%(slug)s” đã dành cho một trang khác của cổng; hãy chọn địa chỉ khác."),
                              code="reserved", params={"slug": value})


class Section(models.Model):
    name = models.CharField(_("tên chuyên mục"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True, blank=True, validators=[validate_section_slug],
                            help_text=_("Để trống để tạo tự động từ tên."))
    parent = models.ForeignKey("self", verbose_name=_("chuyên mục cha"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    requires_second_approval = models.BooleanField(
        _("cần duyệt hai cấp"), default=False,
        help_text=_("Bài trong chuyên mục này phải được Trưởng ban biên tập duyệt xuất bản."))

    class Meta:
        verbose_name = _("chuyên mục")
        verbose_name_plural = _("chuyên mục")
        ordering = ["order", "name"]

    def __str__(self):
        return f"{self.parent} › {self.name}" if self.parent_id else self.name

    def save(self, *args, **kwargs):
        self.name = normalize(self.name).strip()
        if not self.slug:
            self.slug = unique_slug(Section, self.name, instance_pk=self.pk, max_length=140, fallback="muc",
                                    reserved=reserved_section_slugs())
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return public_url("articles:section", slug=self.slug)


class Tag(TagBase):
    """A tag whose slug is right for Vietnamese ("Đồng Hới" -> "dong-hoi")."""

    name = models.CharField(_("tên"), unique=True, max_length=TAG_MAX_LENGTH)
    slug = models.SlugField(_("slug"), unique=True, max_length=100, allow_unicode=False)

    class Meta:
        verbose_name = _("thẻ")
        verbose_name_plural = _("thẻ")
        ordering = ["name"]

    def save(self, *args, **kwargs):
        self.name = normalize(self.name).strip()
        super().save(*args, **kwargs)

    def slugify(self, tag, i=None):
        slug = slugify_vi(tag, max_length=90) or "the"
        return f"{slug}-{i}" if i is not None else slug

    def get_absolute_url(self):
        return public_url("articles:tag", slug=self.slug)


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_articles")

    class Meta:
        verbose_name = _("thẻ của bài")
        verbose_name_plural = _("thẻ của bài")
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_tag")]
        # A tag's newest articles, for related articles (articles/views.py, related_articles).
        indexes = [models.Index(fields=["tag", "-content_object"], name="tagged_article_tag_newest")]


class Status(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    IN_REVIEW = "in_review", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt cấp 1")
    SCHEDULED = "scheduled", _("Hẹn giờ đăng")
    PUBLISHED = "published", _("Đã đăng")
    UNPUBLISHED = "unpublished", _("Đã gỡ")


# The statuses in which an article can be live (once its time has come).
LIVE_STATUSES = (Status.PUBLISHED, Status.SCHEDULED)
# The statuses of an article that readers have never seen, as long as it has no publish time.
UNSEEN_STATUSES = (Status.DRAFT, Status.IN_REVIEW, Status.APPROVED)


def is_live(*, status: str, publish_at, deleted_at, now=None) -> bool:
    """The one rule of what readers may see: published, or scheduled whose time has come; not trashed.

    live_q() below is the same rule for the database; Article.is_live and
    workflow.effective_status derive from these two.
    """
    now = now or timezone.now()
    return status in LIVE_STATUSES and deleted_at is None and publish_at is not None and publish_at <= now


def live_q(*, prefix: str = "", now=None) -> models.Q:
    """is_live() as a filter; `prefix` ("article__") for rows that hang off an article."""
    return models.Q(**{f"{prefix}status__in": LIVE_STATUSES, f"{prefix}publish_at__lte": now or timezone.now(),
                       f"{prefix}deleted_at__isnull": True})


def owned_q(user, *, prefix: str = "") -> models.Q:
    """The articles a user owns: created by them, or naming them in the byline. One rule for every place."""
    return models.Q(**{f"{prefix}created_by": user}) | models.Q(**{f"{prefix}author_links__author__user": user})


class ArticleQuerySet(models.QuerySet):
    def live(self):
        """Exactly what readers may see (is_live)."""
        return self.filter(live_q())

    def owned_by(self, user):
        """Articles the user created or is named in the byline of (owned_q)."""
        if not user or not user.is_authenticated:
            return self.none()
        return self.filter(pk__in=self.model.objects.filter(owned_q(user)).values("pk"))

    def not_trashed(self):
        return self.filter(deleted_at__isnull=True)

    def trashed(self):
        return self.filter(deleted_at__isnull=False)


class Article(models.Model):
    title = models.CharField(_("tiêu đề"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=SLUG_MAX_LENGTH, unique=True, blank=True,
                            help_text=_("Địa chỉ của bài. Để trống để tạo tự động từ tiêu đề."))
    lead = models.TextField(_("sapo"), blank=True, help_text=_("Đoạn mở đầu, hiển thị tách riêng dưới tiêu đề."))
    # Typed blocks in reading order (a contract: articles/body.py, docs/developers.md "Content model").
    body = models.JSONField(_("nội dung"), default=list, blank=True,
                            help_text=_("Các khối của bài (đoạn văn, tiêu đề, ảnh, bảng…), theo thứ tự."))
    section = models.ForeignKey(Section, verbose_name=_("chuyên mục"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="articles")
    tags = TaggableManager(verbose_name=_("thẻ"), through=TaggedArticle, blank=True,
                           help_text=_("Các thẻ, cách nhau bằng dấu phẩy."))
    authors = models.ManyToManyField("authors.Author", verbose_name=_("tác giả"), through="ArticleAuthor",
                                     related_name="articles", blank=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT,
                              editable=False, db_index=True)
    publish_at = models.DateTimeField(_("thời điểm đăng"), null=True, blank=True, editable=False, db_index=True)
    view_count = models.PositiveIntegerField(_("lượt xem"), default=0, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="articles_created", editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    # Articles brought in by `import_articles`: the export's file name (without
    # extension) makes a re-import update the same article.
    source_id = models.CharField(_("mã tệp nguồn"), max_length=200, null=True, blank=True, unique=True,
                                 editable=False)
    source_published_on = models.DateField(_("ngày đăng gốc"), null=True, blank=True,
                                           help_text=_("Ngày đăng trong hệ thống cũ, nếu bản xuất có ghi."))
    # Accent-free, lower-case copy of the title and text for search on any database.
    search_text = models.TextField(editable=False, blank=True, default="")
    # The body's plain text (body_text()), kept by save(): the PostgreSQL search trigger
    # and the SQLite ranking read it, JSON-LD and the reading time come from it.
    body_plain = models.TextField(editable=False, blank=True, default="")
    # What search reads besides title, lead and body (kept by save() and, for captions, by the
    # photo slots' own saves: refresh_search_captions): headings weigh with the lead, photo
    # captions with the body (articles/search/ranking.py, migration 0013).
    search_headings = models.TextField(editable=False, blank=True, default="")
    search_captions = models.TextField(editable=False, blank=True, default="")
    # Optimistic locking: every full save adds one; a form saved from an older
    # version is refused (articles/admin_forms.py).
    version = models.PositiveIntegerField(_("phiên bản"), default=0, editable=False)
    # Trash (soft delete): set and cleared only by articles/workflow.py (trash, restore).
    # A trashed article keeps every row that hangs off it and is never live.
    deleted_at = models.DateTimeField(_("chuyển vào thùng rác lúc"), null=True, blank=True, editable=False,
                                      db_index=True)
    deleted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người chuyển vào thùng rác"),
                                   null=True, blank=True, on_delete=models.SET_NULL, related_name="articles_trashed",
                                   editable=False)
    # Signed preview links carry this number (articles/workflow/previews.py); adding one
    # revokes every link made before. Bumped by every take-down and by hand.
    preview_epoch = models.PositiveIntegerField(_("thế hệ liên kết xem trước"), default=0, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("bài viết")
        verbose_name_plural = _("bài viết")
        ordering = ["-publish_at", "-created_at"]
        get_latest_by = "publish_at"
        indexes = [
            # A section's live articles, newest first, and their number, from the index alone
            # (section pages and the home page's section blocks at 100,000 articles).
            models.Index(fields=["section", "-publish_at"], name="article_live_section_idx",
                         condition=models.Q(status__in=LIVE_STATUSES, deleted_at__isnull=True)),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title = normalize(self.title).strip()
        self.lead = normalize(self.lead).strip()
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "body" in update_fields:
            # Every save, wherever it comes from (admin, importer, shell, restore): a bad
            # body raises ValidationError and nothing is written.
            self.body = body.validate_body(self.body, article=self)
            self.body_plain = body.body_text(self.body)
            self.search_headings = body.heading_text(self.body)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "body_plain", "search_headings", "search_text"}
        self.search_text = search_text_of(self)
        if kwargs.get("update_fields") is None:
            self.version = (self.version or 0) + 1
        if self.slug:
            super().save(*args, **kwargs)
            return
        save_with_unique_slug(self, self.title, lambda **options: super(Article, self).save(*args, **options), kwargs,
                              max_length=SLUG_MAX_LENGTH)

    def clean(self):
        super().clean()
        try:
            self.body = body.validate_body(self.body, article=self)
        except ValidationError as error:
            raise ValidationError({"body": error.messages}) from None

    def get_absolute_url(self):
        # /<section-slug>/<article-slug>/; an article without a section lives under /bai/.
        section_slug = self.section.slug if self.section_id else NO_SECTION_SLUG
        return public_url("articles:detail", section=section_slug, slug=self.slug)

    @property
    def is_live(self) -> bool:
        return is_live(status=self.status, publish_at=self.publish_at, deleted_at=self.deleted_at)

    @property
    def never_public(self) -> bool:
        """Readers have never seen it (a draft never published): its changes cannot show on a public page."""
        return self.publish_at is None and self.status in UNSEEN_STATUSES

    def page_cache_scopes(self) -> list[str]:
        """What else a change to this article can show on (pagecache/receivers.py, besides its own
        scope "articles.article:<pk>" and every list): the related-articles blocks of the
        articles that share its section or one of its tags (articles.public.views)."""
        scopes = [f"articles.section:{self.section_id}"] if self.section_id else []
        if self.pk is not None:
            scopes += [f"articles.tag:{tag_id}" for tag_id in
                       TaggedArticle.objects.filter(content_object_id=self.pk).values_list("tag_id", flat=True)]
        return scopes

    def body_text(self) -> str:
        """The body as plain text, in reading order (search, JSON-LD articleBody, reading time)."""
        return body.body_text(self.body)

    def word_count(self) -> int:
        return body.word_count(self.body_plain or self.body_text())

    def reading_minutes(self) -> int:
        return body.reading_minutes(self.body_plain or self.body_text())

    def byline(self) -> list:
        """Authors in byline order."""
        return [link.author for link in self.author_links.all()]


class ArticleAuthor(models.Model):
    """One name in an article's byline, in order."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="author_links")
    author = models.ForeignKey("authors.Author", verbose_name=_("tác giả"), on_delete=models.PROTECT,
                               related_name="article_links")
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("tác giả của bài")
        verbose_name_plural = _("tác giả của bài")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["article", "author"], name="unique_article_author")]

    def __str__(self):
        return str(self.author)


class ArticleRedirect(models.Model):
    """An old address of a live article whose slug or section changed: it answers with a 301.

    Rows are written by the signal handlers below, never by hand.
    """

    old_path = models.CharField(_("địa chỉ cũ"), max_length=400, unique=True)
    article = models.ForeignKey(Article, verbose_name=_("bài viết"), on_delete=models.CASCADE,
                                related_name="redirects")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("địa chỉ cũ của bài")
        verbose_name_plural = _("địa chỉ cũ của bài")

    def __str__(self):
        return f"{self.old_path} → {self.article_id}"


@receiver(pre_save, sender=Article)
def _remember_public_path(sender, instance, raw=False, **kwargs):
    """Before a save, note the address readers knew, if the article was live."""
    instance._old_public_path = None
    if raw or not instance.pk:
        return
    old = Article.objects.filter(pk=instance.pk).select_related("section").first()
    if old is not None and old.is_live:
        instance._old_public_path = old.get_absolute_url()


@receiver(post_save, sender=Article)
def _record_redirect(sender, instance, raw=False, **kwargs):
    """After a save that moved a live article, keep its old address pointing to it."""
    old_path = getattr(instance, "_old_public_path", None)
    if raw or not old_path:
        return
    new_path = instance.get_absolute_url()
    if new_path == old_path:
        return
    ArticleRedirect.objects.update_or_create(old_path=old_path, defaults={"article": instance})
    # The article may come back to an address it had before: that one is live again.
    ArticleRedirect.objects.filter(old_path=new_path).delete()


# --- Editorial workflow: transitions, revisions, corrections -----------------


class Transition(models.Model):
    """One change of an article's status: written only by articles/workflow.py."""

    article = models.ForeignKey(Article, verbose_name=_("bài viết"), on_delete=models.CASCADE,
                                related_name="transitions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="article_transitions")
    from_status = models.CharField(_("từ trạng thái"), max_length=20, choices=Status.choices)
    to_status = models.CharField(_("sang trạng thái"), max_length=20, choices=Status.choices)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("lúc"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("chuyển trạng thái")
        verbose_name_plural = _("lịch sử trạng thái")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.article_id}: {self.from_status} → {self.to_status}"


class Revision(models.Model):
    """A snapshot of an article (JSON) taken at every save; see articles/revisions.py."""

    article = models.ForeignKey(Article, verbose_name=_("bài viết"), on_delete=models.CASCADE,
                                related_name="revisions")
    number = models.PositiveIntegerField(_("số bản"))
    article_version = models.PositiveIntegerField(_("phiên bản bài"), default=0)
    data = models.JSONField(_("nội dung"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người lưu"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="article_revisions")
    reason = models.CharField(_("lý do"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("bản lưu")
        verbose_name_plural = _("các bản lưu")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="unique_revision_number")]

    def __str__(self):
        return f"#{self.number}"


class CorrectionKind(models.TextChoices):
    CORRECTION = "correction", _("Đính chính")
    CLARIFICATION = "clarification", _("Làm rõ")
    UPDATE = "update", _("Cập nhật")


class CorrectionNote(models.Model):
    """A public note on a change to a published article, tied to the revision it came with."""

    article = models.ForeignKey(Article, verbose_name=_("bài viết"), on_delete=models.CASCADE,
                                related_name="correction_notes")
    revision = models.ForeignKey(Revision, verbose_name=_("bản lưu"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="correction_notes")
    kind = models.CharField(_("loại"), max_length=20, choices=CorrectionKind.choices,
                            default=CorrectionKind.CORRECTION)
    text = models.TextField(_("ghi chú công khai"), max_length=1000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người ghi"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="correction_notes")
    created_at = models.DateTimeField(_("lúc"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("ghi chú đính chính")
        verbose_name_plural = _("ghi chú đính chính")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        self.text = normalize(self.text).strip()
        super().save(*args, **kwargs)


class Autosave(models.Model):
    """What one person had typed in an article's form, kept by the server every few seconds.

    One row per user and article (a new, unsaved article: `article` empty, one row per
    user). Not a revision and not a save of the article: no version, no public
    change (`never_public`, so the page cache ignores it). Written and offered back
    by articles/admin/autosave.py; a real save of the form deletes it.
    """

    article = models.ForeignKey(Article, verbose_name=_("bài viết"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="autosaves")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người viết"), on_delete=models.CASCADE,
                             related_name="article_autosaves")
    data = models.JSONField(_("nội dung biểu mẫu"), default=dict)
    saved_at = models.DateTimeField(_("lúc tự lưu"), default=timezone.now)

    class Meta:
        verbose_name = _("bản tự lưu")
        verbose_name_plural = _("các bản tự lưu")
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="unique_autosave_per_article_user"),
            models.UniqueConstraint(fields=["user"], condition=models.Q(article__isnull=True),
                                    name="unique_autosave_per_user_new_article"),
        ]

    def __str__(self):
        return f"{self.user} – {self.article or _('bài mới')}"

    @property
    def never_public(self) -> bool:
        """Readers never see an autosave: its writes do not empty the public caches."""
        return True


# --- Models of the apps that build on this one ------------------------------------
# photos (photo slots) and authors point at articles; articles imports neither
# (import-linter, .importlinter): where it needs their models it reaches them
# through Article's relations.


def attachment_model():
    """articles.Attachment (defined below), for code that reads it without importing it."""
    return Attachment


def photo_slot_model():
    """photos.ArticlePhoto: one photo placed in an article, with its caption."""
    return Article._meta.get_field("photo_slots").related_model


def photo_model():
    """photos.Photo: a picture in the library."""
    return photo_slot_model()._meta.get_field("photo").related_model


def author_model():
    """authors.Author: a name in bylines."""
    return ArticleAuthor._meta.get_field("author").related_model



# --- Attachments ------------------------------------------------------------------------


def _attachment_path(instance, filename):
    # A random name on disk (not guessable, no reader's text in a path); the real
    # name is file_name, sent when the file is served (articles/attachments.py).
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class Attachment(models.Model):
    """A document attached to an article (PDF, DOC/DOCX, XLS/XLSX, ODT/ODS), placed by an attachment block.

    Checked by content (articles/attachments.py) and size-limited
    (ATTACHMENT_MAX_BYTES); served at /tep/<pk>/ with its real name and type.
    """

    article = models.ForeignKey(Article, verbose_name=_("bài viết"), on_delete=models.CASCADE,
                                related_name="attachments")
    file = models.FileField(_("tệp"), upload_to=_attachment_path, max_length=255)
    file_name = models.CharField(_("tên tệp"), max_length=200, editable=False)
    content_type = models.CharField(_("kiểu tệp"), max_length=120, editable=False)
    size = models.PositiveIntegerField(_("dung lượng (byte)"), default=0, editable=False)
    title = models.CharField(_("tên hiển thị"), max_length=300, blank=True,
                             help_text=_("Để trống để dùng tên tệp."))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+", editable=False)
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["pk"]

    def __str__(self):
        return self.title or self.file_name

    def save(self, *args, **kwargs):
        self.title = " ".join(normalize(self.title).split())
        self.file_name = normalize(self.file_name).strip()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return public_url("articles:attachment", pk=self.pk)

    @property
    def kind_label(self) -> str:
        return self.file_name.rsplit(".", 1)[-1].upper() if "." in self.file_name else ""


@receiver(post_delete, sender=Attachment)
def _delete_attachment_file(sender, instance, **kwargs):
    if instance.file:
        instance.file.storage.delete(instance.file.name)


def search_text_of(article) -> str:
    """The folded text search filters on: title, lead, body and photo captions (SQLite's filter)."""
    return fold(" ".join([article.title, article.lead, article.body_plain, article.search_captions]))


def refresh_search_captions(article_id: int) -> None:
    """After a photo slot's caption changed (photos calls it): the article's search text follows it.

    An update, not a save: a caption is not an edit of the article (no version, no
    revision); on PostgreSQL the search trigger recomputes the vectors.
    """
    article = Article.objects.filter(pk=article_id).only("title", "lead", "body_plain", "search_captions").first()
    if article is None:
        return
    article.search_captions = "\n".join(caption for caption in photo_slot_model().objects.filter(
        article_id=article_id).order_by("order", "pk").values_list("caption", flat=True) if caption)
    Article.objects.filter(pk=article_id).update(search_captions=article.search_captions,
                                                 search_text=search_text_of(article))

