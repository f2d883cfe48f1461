"""Demo data for royalties: a graded month, for `manage.py demo` to call.

seed_demo() grades the live articles of the latest month that has any (genre
"Tin" of the table in force, the default coefficient, the default shares) as
the demo editor, and approves them as the demo chief editor, through
royalties/rules.py like a user would. Running it again changes nothing.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from articles.models import Article

from . import rules, selectors
from .models import RecordStatus, RoyaltyRecord

DEMO_GENRE = "tin"


def _member(group: str):
    User = get_user_model()
    return (User.objects.filter(is_active=True, groups__name=group).order_by("pk").first()
            or User.objects.filter(is_active=True, is_superuser=True).order_by("pk").first())


@transaction.atomic
def seed_demo() -> dict:
    """Grade and approve the latest month's live articles. Returns {"month", "proposed", "approved", "skipped"}
    (month as "YYYY-MM", or None when there is no live article or no editor)."""
    latest = Article.objects.live().order_by("-publish_at").first()
    editor, chief = _member(rules.EDITOR), _member(rules.CHIEF_EDITOR)
    if latest is None or editor is None or chief is None:
        return {"month": None, "proposed": 0, "approved": 0, "skipped": []}
    month = rules.month_of(rules.publication_day(latest))
    proposed = approved = 0
    skipped = []
    for article in selectors.unrecorded_articles(month):
        try:
            table = rules.grading_table_for(rules.publication_day(article))
            row = table.rows.filter(genre=DEMO_GENRE).first() or table.rows.first()
            if row is None:
                raise ValidationError("Bảng hệ số chưa có thể loại nào.")
            with transaction.atomic():
                rules.propose(article=article, user=editor, grading_row=row, note="Dữ liệu mẫu")
            proposed += 1
        except ValidationError as error:
            skipped.append(f"{article.title}: {' '.join(error.messages)}")
    start, end = rules.month_bounds(month)
    for record in RoyaltyRecord.objects.filter(status=RecordStatus.PROPOSED, article__publish_at__gte=start,
                                               article__publish_at__lt=end, note="Dữ liệu mẫu"):
        try:
            with transaction.atomic():
                rules.approve(record=record, user=chief)
            approved += 1
        except ValidationError as error:
            skipped.append(f"{record.article.title}: {' '.join(error.messages)}")
    return {"month": f"{month:%Y-%m}", "proposed": proposed, "approved": approved, "skipped": skipped}
