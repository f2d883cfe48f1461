"""The statistics page (Thống kê): its figures against a known data set, who may see it, its downloads,
and a bounded number of queries for any range."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Status, Transition
from readership.models import DailyViews
from tests.helpers.factories import ArticleFactory, AuthorFactory, SectionFactory

URL = reverse("admin:readership_dailyviews_changelist")
RANGE = {"period": "range", "start": "2025-03-03", "end": "2025-03-10"}


def local(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


def day(number: int) -> datetime.date:
    return datetime.date(2025, 3, number)


@pytest.fixture
def newsroom(db, editor, chief_editor):
    """Two sections, five articles, their views per day and their submissions and publications (March 2025)."""
    thoi_su = SectionFactory(name="Thời sự", order=1)
    kinh_te = SectionFactory(name="Kinh tế", order=2)
    writer = AuthorFactory(name="Lê Minh")
    a1 = ArticleFactory(title="Khai mạc lễ hội", section=thoi_su, live=True, publish_at=local(2025, 3, 3, 9, 0))
    a2 = ArticleFactory(title="=HYPERLINK(\"http://x\")", section=kinh_te, live=True,
                        publish_at=local(2025, 3, 5, 23, 30))  # 16:30 UTC: still 5 March here
    a3 = ArticleFactory(title="Bản nháp", section=thoi_su)
    a4 = ArticleFactory(title="Giá lúa tăng", section=kinh_te, live=True, publish_at=local(2025, 3, 5, 8, 0))
    ArticleFactory(title="Đã gỡ", section=thoi_su, unpublished=True, publish_at=local(2025, 3, 5, 8, 0))
    ArticleAuthor.objects.create(article=a1, author=writer)
    for article, number, count in [(a1, 3, 10), (a1, 5, 5), (a2, 5, 7), (a2, 9, 1), (a3, 4, 2), (a1, 2, 100)]:
        DailyViews.objects.create(article=article, day=day(number), count=count)
    Article.objects.filter(pk=a1.pk).update(view_count=9000)  # legacy: in no day

    def moved(article, user, from_status, to_status, when):
        Transition.objects.create(article=article, user=user, from_status=from_status, to_status=to_status,
                                  created_at=when)

    # a1: submitted on Friday evening, published on Monday 09:30 by the editor: 62.5 h, 2 working hours.
    moved(a1, None, Status.DRAFT, Status.IN_REVIEW, local(2025, 3, 7, 19, 0))
    moved(a1, editor, Status.IN_REVIEW, Status.SCHEDULED, local(2025, 3, 10, 9, 30))
    moved(a1, None, Status.SCHEDULED, Status.PUBLISHED, local(2025, 3, 10, 10, 0))  # the clock's: not a decision
    # a2: 3 h, all working; a4: Tuesday 07:30 to Thursday 10:30, 51 h, 18 working hours (late).
    moved(a2, None, Status.DRAFT, Status.IN_REVIEW, local(2025, 3, 3, 8, 0))
    moved(a2, chief_editor, Status.IN_REVIEW, Status.PUBLISHED, local(2025, 3, 3, 11, 0))
    moved(a4, None, Status.DRAFT, Status.IN_REVIEW, local(2025, 2, 20, 8, 0))  # an earlier submission
    moved(a4, None, Status.IN_REVIEW, Status.DRAFT, local(2025, 2, 21, 8, 0))
    moved(a4, None, Status.DRAFT, Status.IN_REVIEW, local(2025, 3, 4, 7, 30))
    moved(a4, chief_editor, Status.IN_REVIEW, Status.PUBLISHED, local(2025, 3, 6, 10, 30))
    return {"a1": a1, "a2": a2, "a3": a3, "a4": a4, "thoi_su": thoi_su, "kinh_te": kinh_te, "writer": writer}


def tables(response) -> dict:
    return {item["table"].name: item["table"] for item in response.context["tables"]}


def test_the_page_shows_the_known_figures(client, editor, newsroom):
    client.force_login(editor)
    response = client.get(URL, RANGE)
    assert response.status_code == 200
    found = tables(response)
    assert found["views"].rows == [[day(3), 10], [day(4), 2], [day(5), 12], [day(6), 0], [day(7), 0], [day(8), 0],
                                   [day(9), 1], [day(10), 0]]
    a1, a2, a3 = newsroom["a1"], newsroom["a2"], newsroom["a3"]
    assert found["top"].rows == [[1, a1.pk, "Khai mạc lễ hội", "Thời sự", 15], [2, a2.pk, a2.title, "Kinh tế", 8],
                                 [3, a3.pk, "Bản nháp", "Thời sự", 2]]
    assert found["published"].headers == ["Ngày", "Thời sự", "Kinh tế", "Tổng"]
    assert found["published"].rows[0] == [day(3), 1, 0, 1]
    assert found["published"].rows[2] == [day(5), 0, 2, 2]
    assert sum(row[-1] for row in found["published"].rows) == 3
    assert found["wait_sections"].rows == [["Kinh tế", 2, 27.0, 51.0, 10.5, 18.0],
                                           ["Thời sự", 1, 62.5, 62.5, 2.0, 2.0]]
    assert found["wait_editors"].rows == [["chief", 2, 27.0, 51.0, 10.5, 18.0], ["editor", 1, 62.5, 62.5, 2.0, 2.0]]
    assert [row[0] for row in found["late"].rows] == [newsroom["a4"].pk]
    assert found["late"].rows[0][-1] == 18.0
    html = response.content.decode()
    assert "Thống kê" in html and "25 lượt xem" in html
    assert "Bài chờ quá 8 giờ làm việc" in html
    assert 'canvas data-chart="chart-views"' in html and 'id="chart-views" type="application/json"' in html
    assert "<td>Giá lúa tăng</td>" in html


def test_a_section_an_author_or_an_article_narrows_the_views(client, editor, newsroom):
    client.force_login(editor)
    by_section = tables(client.get(URL, {**RANGE, "section": newsroom["thoi_su"].pk}))
    assert sum(row[1] for row in by_section["views"].rows) == 17
    by_author = tables(client.get(URL, {**RANGE, "author": newsroom["writer"].pk}))
    assert [row[1] for row in by_author["views"].rows if row[1]] == [10, 5]
    by_article = tables(client.get(URL, {**RANGE, "article": newsroom["a2"].pk}))
    assert sum(row[1] for row in by_article["views"].rows) == 8
    assert [row[0] for row in by_article["late"].rows] == []


def test_the_period_choices_end_today(client, editor, db):
    article = ArticleFactory(live=True)
    today = timezone.localdate()
    DailyViews.objects.create(article=article, day=today, count=3)
    DailyViews.objects.create(article=article, day=today - datetime.timedelta(days=7), count=4)
    client.force_login(editor)
    seven = tables(client.get(URL, {"period": "7"}))["views"].rows
    thirty = tables(client.get(URL, {"period": "30"}))["views"].rows
    assert (len(seven), seven[-1], sum(row[1] for row in seven)) == (7, [today, 3], 3)
    assert (len(thirty), sum(row[1] for row in thirty)) == (30, 7)
    assert len(tables(client.get(URL))["views"].rows) == 30  # no filter: the last 30 days


@pytest.mark.parametrize("params, message", [
    ({"period": "range", "start": "2025-03-10"}, "Chọn cả ngày bắt đầu và ngày kết thúc."),
    ({"period": "range", "start": "2025-03-10", "end": "2025-03-01"}, "Ngày kết thúc phải sau ngày bắt đầu."),
    ({"period": "range", "start": "2010-01-01", "end": "2025-03-01"}, "Khoảng ngày dài nhất là 1098 ngày."),
    ({"article": "999999"}, "Không có bài viết mã 999999."),
    ({"period": "365"}, "Hãy chọn một lựa chọn hợp lệ"),
    ({"period": "range", "start": "hôm qua", "end": "2025-03-01"}, "Nhập một ngày hợp lệ"),
])
def test_bad_filters_get_a_vietnamese_message_not_an_error(client, editor, db, params, message):
    client.force_login(editor)
    response = client.get(URL, params)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["tables"] == []


def test_reporters_and_staff_without_a_role_are_refused(client, reporter, staff_without_role, db):
    for user in (reporter, staff_without_role):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert client.get(URL, {"export": "views", "format": "csv"}).status_code == 403
        assert "Thống kê" not in client.get(reverse("admin:index")).content.decode()


def test_editors_find_the_page_on_the_admin_index(client, chief_editor, db):
    client.force_login(chief_editor)
    html = client.get(reverse("admin:index")).content.decode()
    assert "Thống kê" in html and URL in html
    assert client.get(URL).status_code == 200


def test_every_table_downloads_as_xlsx_and_reads_back(client, editor, newsroom):
    client.force_login(editor)
    response = client.get(URL, {**RANGE, "export": "top", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="thong-ke-top-20250303-20250310.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Bài được xem nhiều nhất"
    assert rows[1] == ("Từ 03/03/2025 đến 10/03/2025", "Toàn trang", None, None, None)
    assert rows[2] == ("Hạng", "Mã bài", "Tiêu đề", "Chuyên mục", "Lượt xem")
    assert rows[3] == (1, newsroom["a1"].pk, "Khai mạc lễ hội", "Thời sự", 15)
    # A title that looks like a formula stays text.
    assert rows[4][2] == '=HYPERLINK("http://x")' and sheet.cell(row=5, column=3).data_type == "s"
    views = openpyxl.load_workbook(io.BytesIO(client.get(URL, {**RANGE, "export": "views", "format": "xlsx"})
                                              .content)).active
    assert [row for row in views.iter_rows(min_row=4, values_only=True)][2] == (datetime.datetime(2025, 3, 5), 12)
    for name in ("published", "wait_sections", "wait_editors", "late"):
        download = client.get(URL, {**RANGE, "export": name, "format": "xlsx"})
        sheet = openpyxl.load_workbook(io.BytesIO(download.content)).active
        assert sheet.max_row == 3 + len(tables(client.get(URL, RANGE))[name].rows)
    late = openpyxl.load_workbook(io.BytesIO(client.get(URL, {**RANGE, "export": "late", "format": "xlsx"})
                                             .content)).active
    assert list(late.iter_rows(min_row=4, values_only=True)) == [
        (newsroom["a4"].pk, "Giá lúa tăng", "Kinh tế", "chief", datetime.datetime(2025, 3, 4, 7, 30),
         datetime.datetime(2025, 3, 6, 10, 30), 18.0)]


def test_csv_downloads_neutralise_formulas(client, editor, newsroom):
    client.force_login(editor)
    response = client.get(URL, {**RANGE, "export": "top", "format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Hạng", "Mã bài", "Tiêu đề", "Chuyên mục", "Lượt xem"]
    assert rows[1] == ["1", str(newsroom["a1"].pk), "Khai mạc lễ hội", "Thời sự", "15"]
    assert rows[2][2] == "'=HYPERLINK(\"http://x\")"
    views = list(csv.reader(io.StringIO(client.get(URL, {**RANGE, "export": "views", "format": "csv"})
                                        .content.decode("utf-8-sig"))))
    assert views[3] == ["05/03/2025", "12"]


def test_an_unknown_table_or_format_is_a_404(client, editor, db):
    client.force_login(editor)
    assert client.get(URL, {"export": "passwords", "format": "csv"}).status_code == 404
    assert client.get(URL, {"export": "views", "format": "pdf"}).status_code == 404


@pytest.mark.parametrize("params", [{"period": "7"}, {"period": "range", "start": "2023-01-01", "end": "2025-12-31"}])
def test_the_page_costs_a_bounded_number_of_queries_for_any_range(client, editor, newsroom,
                                                                  django_assert_max_num_queries, params):
    for number in range(30):  # more articles, sections and days must not cost more queries
        section = SectionFactory()
        article = ArticleFactory(section=section, live=True, publish_at=local(2024, 1 + number % 12, 1 + number, 9))
        DailyViews.objects.create(article=article, day=datetime.date(2024, 1 + number % 12, 1 + number), count=number)
    client.force_login(editor)
    client.get(URL, params)  # the session and permission caches warm up
    # 15 today: session, user, roles and permissions (6), the figures (7), the filter's two lists;
    # the page cache's periodic look for pending invalidations may add one or two.
    with django_assert_max_num_queries(17):
        assert client.get(URL, params).status_code == 200


def test_a_long_table_shows_its_first_rows_and_downloads_whole(client, editor, db, settings):
    settings.PUBLISH_TARGET_WORKING_HOURS = 0
    from readership import admin as statistics_admin

    for number in range(statistics_admin.PAGE_ROWS + 5):
        article = ArticleFactory(live=True, publish_at=local(2025, 3, 4, 9, 0))
        Transition.objects.create(article=article, from_status=Status.DRAFT, to_status=Status.IN_REVIEW,
                                  created_at=local(2025, 3, 3, 9, 0))
        Transition.objects.create(article=article, user=editor, from_status=Status.IN_REVIEW,
                                  to_status=Status.PUBLISHED, created_at=local(2025, 3, 4, 9, 0))
    client.force_login(editor)
    response = client.get(URL, RANGE)
    late = next(item for item in response.context["tables"] if item["table"].name == "late")
    assert len(late["rows"]) == statistics_admin.PAGE_ROWS
    assert "Trang chỉ hiện 400 dòng đầu trong 405 dòng" in response.content.decode()
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(URL, {**RANGE, "export": "late", "format": "xlsx"})
                                              .content)).active
    assert sheet.max_row == 3 + 405
