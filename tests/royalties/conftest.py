"""Royalties fixtures: an accountant, a grading table and unit value with round
figures, and published articles made as the workflow leaves them."""

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image


@pytest.fixture
def accountant(django_user_model):
    user = django_user_model.objects.create_user(username="ketoan", password="pw-ketoan", email="kt@example.com",
                                                 is_staff=True)
    # Made by royalties/0002; get_or_create because a transactional test elsewhere flushes migration data.
    user.groups.add(Group.objects.get_or_create(name="Accountant")[0])
    return user


@pytest.fixture
def grading(db):
    """A table from 1 Jan 2025 and one unit = 2,340,000 đ (the issue's example figures)."""
    from royalties.models import GradingRow, GradingTable, UnitValue

    table = GradingTable.objects.create(name="Bảng 2025", starts_on=datetime.date(2025, 1, 1),
                                        photo_share_percent=Decimal("30.00"))
    rows = {
        "tin": GradingRow.objects.create(table=table, genre="tin", name="Tin", min_coefficient=Decimal("1.00"),
                                         max_coefficient=Decimal("2.00"), decree_cap=Decimal("10.00"),
                                         default_without_photo=Decimal("1.00"), default_with_photo=Decimal("1.50"),
                                         order=0),
        "phong-su": GradingRow.objects.create(table=table, genre="phong-su", name="Phóng sự",
                                              min_coefficient=Decimal("4.00"), max_coefficient=Decimal("12.00"),
                                              decree_cap=Decimal("30.00"), default_without_photo=Decimal("5.00"),
                                              default_with_photo=Decimal("6.00"), order=1),
        # A newsroom range wider than the decree allows: the cap still refuses.
        "anh": GradingRow(table=table, genre="anh", name="Ảnh", min_coefficient=Decimal("1.00"),
                          max_coefficient=Decimal("12.00"), decree_cap=Decimal("10.00"),
                          default_without_photo=Decimal("1.00"), default_with_photo=Decimal("1.00"), order=2),
    }
    rows["anh"].save()  # saved without clean(): a table typed in before the cap was checked
    UnitValue.objects.create(starts_on=datetime.date(2025, 1, 1), amount=Decimal("2340000"))
    return rows


def local(year, month, day, hour=9):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0))


@pytest.fixture
def make_author(db):
    from authors.models import Author

    def make(name):
        return Author.objects.create(name=name)
    return make


@pytest.fixture
def make_article(db, section):
    """A published article with the given byline and photos (a list of (photo, credit))."""
    from articles.body import paragraph_blocks
    from articles.models import Article, ArticleAuthor, Status
    from photos.models import ArticlePhoto

    counter = {"n": 0}

    def make(*, authors=(), photos=(), published=local(2025, 3, 10), title=None):
        counter["n"] += 1
        article = Article.objects.create(
            title=title or f"Bài số {counter['n']}: Đồng Hới triển khai kế hoạch", lead="Sapo.",
            body=paragraph_blocks(["Đoạn một."]), section=section, status=Status.PUBLISHED, publish_at=published)
        for order, author in enumerate(authors):
            ArticleAuthor.objects.create(article=article, author=author, order=order)
        for order, (photo, credit) in enumerate(photos):
            ArticlePhoto.objects.create(article=article, photo=photo, credit=credit, order=order)
        return article
    return make


@pytest.fixture
def make_photo(db):
    from photos.models import Photo

    def make(credit=""):
        buffer = io.BytesIO()
        Image.new("RGB", (64, 48), (20, 120, 200)).save(buffer, "JPEG")
        return Photo.objects.create(image=SimpleUploadedFile("anh.jpg", buffer.getvalue(), content_type="image/jpeg"),
                                    alt_text="Ảnh minh họa", credit=credit)
    return make
