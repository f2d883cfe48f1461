from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingInvalidation(models.Model):
    """An invalidation that could not reach the shared cache (Redis down): applied when it is back.

    Written in the same transaction as the content change that needed it, so a
    rolled-back change leaves none. Read by pagecache/generation.py: a process
    that saw the cache fail checks these rows before it trusts the cache again,
    and every process checks them every PAGE_CACHE_RECHECK_SECONDS.
    """

    reason = models.CharField(_("lý do"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("lệnh xóa bộ nhớ đệm đang chờ")
        verbose_name_plural = _("lệnh xóa bộ nhớ đệm đang chờ")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.reason}"
