"""People named in bylines. An author need not have a login."""

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from newsroom.text import normalize, unique_slug


class Author(models.Model):
    name = models.CharField(_("tên hiển thị"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=160, unique=True, blank=True,
                            help_text=_("Để trống để tạo tự động từ tên."))
    bio = models.TextField(_("giới thiệu ngắn"), blank=True)
    portrait = models.ImageField(_("ảnh chân dung"), upload_to="authors/", blank=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="author",
                                help_text=_("Tài khoản đăng nhập của tác giả, nếu có."))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tác giả")
        verbose_name_plural = _("tác giả")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = normalize(self.name).strip()
        self.bio = normalize(self.bio).strip()
        if not self.slug:
            self.slug = unique_slug(Author, self.name, instance_pk=self.pk, max_length=160, fallback="tac-gia")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("authors:detail", kwargs={"slug": self.slug})

    @classmethod
    def find_by_name(cls, name: str):
        """The author whose name matches, ignoring case (not accents: Văn is not Vân), or None."""
        wanted = " ".join(normalize(name).split()).casefold()
        # SQLite's iexact folds ASCII only, so compare in Python.
        for pk, stored in cls.objects.values_list("pk", "name"):
            if " ".join(stored.split()).casefold() == wanted:
                return cls.objects.get(pk=pk)
        return None


def own_profile(user, *, create: bool = False) -> Author | None:
    """The author profile linked to `user` (Author.user), or None.

    With `create`, a missing one is made: named after the account's full name, else
    its username (editable later in the authors admin). Two requests making it at
    once meet the one-to-one constraint; the loser reads the winner's row.
    """
    if not user or not user.is_authenticated:
        return None
    profile = Author.objects.filter(user=user).first()
    if profile is not None or not create:
        return profile
    try:
        with transaction.atomic():
            return Author.objects.create(user=user, name=user.get_full_name().strip() or user.get_username())
    except IntegrityError:
        return Author.objects.get(user=user)
