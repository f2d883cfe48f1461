"""Readership: views per article per day (Asia/Ho_Chi_Minh).

Every view the beacon counts (articles/public/counter.py) adds one to its
article's row for that day (readership/counting.py). Legacy view counts from
imports stay in Article.view_count only: they belong to no day.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyViews(models.Model):
    article = models.ForeignKey("articles.Article", verbose_name=_("bài viết"), on_delete=models.CASCADE,
                                related_name="daily_views")
    day = models.DateField(_("ngày"), help_text=_("Ngày theo giờ Việt Nam (Asia/Ho_Chi_Minh)."))
    count = models.PositiveIntegerField(_("lượt xem"), default=0)

    class Meta:
        verbose_name = _("lượt xem theo ngày")
        verbose_name_plural = _("báo cáo thống kê")
        constraints = [models.UniqueConstraint(fields=["article", "day"], name="dailyviews_one_row_per_article_day")]
        # The site's views per day and "most read" read by day first.
        indexes = [models.Index(fields=["day", "article"], name="dailyviews_day_article")]

    def __str__(self):
        return f"{self.article_id} {self.day:%d/%m/%Y}: {self.count}"
