"""What royalties does when an article changes (connected in RoyaltiesConfig.ready)."""

from django.utils.translation import gettext as _

from articles.models import Article

from . import rules
from .models import RecordStatus, RoyaltyRecord


def flag_when_article_leaves_site(sender, instance, raw=False, **kwargs):
    """An article with a royalty record was unpublished or trashed: keep the record
    (paid lines are never deleted) and flag it for the chief editor."""
    if raw or instance.pk is None:
        return
    record = RoyaltyRecord.objects.filter(article_id=instance.pk).first()
    if record is None or Article.objects.live().filter(pk=instance.pk).exists():
        return
    state = _("đã vào thùng rác") if instance.deleted_at is not None else _("đã bị gỡ khỏi cổng")
    status = RecordStatus(record.status).label
    rules.flag(record=record, reason=_("Bài %(state)s sau khi nhuận bút ở trạng thái “%(status)s”.")
               % {"state": state, "status": status})
