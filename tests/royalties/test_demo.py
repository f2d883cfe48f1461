"""royalties.demo.seed_demo: a graded month from the migration's default table, idempotent."""

import datetime

from django.utils import timezone

from royalties import selectors
from royalties.demo import seed_demo
from royalties.models import RecordStatus, RoyaltyRecord


def test_seed_demo_grades_the_latest_month_once(make_article, make_author, editor, chief_editor):
    now = timezone.now()
    article = make_article(authors=[make_author("Ngô Quang Văn")], published=now - datetime.timedelta(minutes=5))

    first = seed_demo()
    second = seed_demo()

    month = timezone.localdate(article.publish_at).replace(day=1)
    assert first == {"month": f"{month:%Y-%m}", "proposed": 1, "approved": 1, "skipped": []}
    assert second == {"month": f"{month:%Y-%m}", "proposed": 0, "approved": 0, "skipped": []}
    record = RoyaltyRecord.objects.get()
    assert (record.status, record.genre, str(record.coefficient)) == (RecordStatus.APPROVED, "Tin", "1.00")
    # The migration's default: one unit is 10% of the 2,340,000 đ base salary.
    assert selectors.sheet_json(month)[0]["total"] == 234000


def test_seed_demo_without_articles_does_nothing(db):
    assert seed_demo() == {"month": None, "proposed": 0, "approved": 0, "skipped": []}
