"""python manage.py publish_scheduled: store `published` for scheduled articles whose time has come.

Tidiness only: Article.objects.live() already shows a scheduled article from its
time on, with no job running. Safe to run from cron as often as you like.
"""

from django.core.management.base import BaseCommand

from articles import workflow


class Command(BaseCommand):
    help = "Chuyển các bài hẹn giờ đã đến giờ sang trạng thái Đã đăng (bạn đọc đã thấy chúng từ đúng giờ)."

    def handle(self, *args, **options):
        count = workflow.publish_due()
        self.stdout.write(f"Đã chuyển {count} bài hẹn giờ sang Đã đăng.")
