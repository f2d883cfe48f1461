"""Public award pages: by year with filters, an award, a recipient, an article's awards; internal ones never leak."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.models import Award, AwardRecipient, Recipient, RecipientKind
from tests.helpers.factories import ArticleFactory, AwardFactory

pytestmark = pytest.mark.django_db

SECRET = "Quyết định mật 999/QĐ-MẬT"


@pytest.fixture
def awards():
    article = ArticleFactory(title="Đồng Hới triển khai phong trào toàn dân bảo vệ ANTQ", live=True)
    draft_article = ArticleFactory(title="Bài nháp chưa đăng")
    police = AwardFactory(decision_number="125/QĐ-CAT", decision_date=timezone.datetime(2019, 3, 8).date(),
                          reason="Có thành tích xuất sắc trong phong trào năm 2018",
                          recipients=[(RecipientKind.COLLECTIVE, "Công an phường Nam Lý", ""),
                                      (RecipientKind.INDIVIDUAL, "Trần Thị Bình", "Phát hiện 3 vụ việc")],
                          articles=[article, draft_article], public=True)
    city = AwardFactory(decision_number="88/QĐ-UBND", issuer_title="Chủ tịch UBND thành phố", form="bang-khen",
                        recipients=[(RecipientKind.INDIVIDUAL, "Trần Thị Bình", "")], articles=[article], public=True)
    later = AwardFactory(decision_number="12/QĐ-CAT", period_start=2019,
                         recipients=[(RecipientKind.INDIVIDUAL, "Trần Thị Bình", "")], public=True)
    secret = AwardFactory(decision_number=SECRET, issuer_title="Cục trưởng Cục An ninh", form="huan-chuong",
                          recipients=[(RecipientKind.INDIVIDUAL, "Trần Thị Bình", "Trích dẫn bí mật"),
                                      (RecipientKind.INDIVIDUAL, "Người chỉ có khen nội bộ", "")],
                          articles=[article])
    internal_year = AwardFactory(decision_number="1/QĐ-NB", period_start=2015)
    return {"article": article, "police": police, "city": city, "later": later, "secret": secret,
            "internal_year": internal_year}


def assert_not_found(response):
    """The site's own 404 page, in Vietnamese, and nothing of what was asked for."""
    assert response.status_code == 404
    assert "<h1>Không tìm thấy trang</h1>" in response.content.decode()
    assert_no_secret(response)


def assert_no_secret(response):
    html = response.content.decode()
    for leak in (SECRET, "Cục trưởng Cục An ninh", "Huân chương", "Trích dẫn bí mật", "Người chỉ có khen nội bộ"):
        assert leak not in html


def test_index_lists_only_years_with_public_awards(client, awards):
    response = client.get("/khen-thuong/")
    assert response.status_code == 200
    assert [(row["year"], row["total"]) for row in response.context["years"]] == [(2019, 1), (2018, 2)]
    assert reverse("awards:year", args=[2015]) not in response.content.decode()


def test_year_page_lists_public_awards_with_recipients(client, awards):
    response = client.get(reverse("awards:year", args=[2018]))
    assert response.status_code == 200
    assert [a.decision_number for a in response.context["awards"]] == ["125/QĐ-CAT", "88/QĐ-UBND"]
    assert response.context["issuers"] == ["Chủ tịch UBND thành phố", "Giám đốc Công an tỉnh"]
    assert [f.name for f in response.context["forms"]] == ["Giấy khen", "Bằng khen"]
    html = response.content.decode()
    assert "Công an phường Nam Lý" in html
    assert awards["police"].get_absolute_url() in html
    assert_no_secret(response)


@pytest.mark.parametrize("params, expected", [
    ({"issuer": "Chủ tịch UBND thành phố"}, ["88/QĐ-UBND"]),
    ({"form": "giay-khen"}, ["125/QĐ-CAT"]),
    ({"issuer": "Giám đốc Công an tỉnh", "form": "bang-khen"}, []),
    ({"issuer": "Cục trưởng Cục An ninh"}, []),
    ({"form": "huan-chuong"}, []),
    ({"form": "khong-co"}, []),
])
def test_year_page_filters_by_issuer_and_form(client, awards, params, expected):
    response = client.get(reverse("awards:year", args=[2018]), params)
    assert response.status_code == 200
    assert [a.decision_number for a in response.context["awards"]] == expected
    assert_no_secret(response)


def test_year_with_only_internal_awards_does_not_exist(client, awards):
    assert_not_found(client.get(reverse("awards:year", args=[2015])))
    assert_not_found(client.get(reverse("awards:year", args=[2030])))
    assert "1/QĐ-NB" not in client.get(reverse("awards:year", args=[2018])).content.decode()


def test_award_page_shows_decision_reason_recipients_and_live_articles(client, awards):
    response = client.get(awards["police"].get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("125/QĐ-CAT", "08/03/2019", "Giấy khen", "Giám đốc Công an tỉnh",
                 "Có thành tích xuất sắc trong phong trào năm 2018", "Công an phường Nam Lý", "Trần Thị Bình",
                 "Phát hiện 3 vụ việc", "Đồng Hới triển khai phong trào toàn dân bảo vệ ANTQ"):
        assert text in html
    assert "Bài nháp chưa đăng" not in html
    assert Recipient.objects.get(name="Trần Thị Bình").get_absolute_url() in html


def test_internal_award_page_does_not_exist(client, awards):
    assert_not_found(client.get(awards["secret"].get_absolute_url()))
    assert_not_found(client.get(reverse("awards:detail", args=[999999])))
    # The same address pattern serves a public award.
    assert "88/QĐ-UBND" in client.get(awards["city"].get_absolute_url()).content.decode()


def test_recipient_page_lists_every_public_award_across_years(client, awards):
    person = Recipient.objects.get(name="Trần Thị Bình")
    response = client.get(person.get_absolute_url())
    assert response.status_code == 200
    assert [link.award.decision_number for link in response.context["recipient"].public_links] == [
        "12/QĐ-CAT", "125/QĐ-CAT", "88/QĐ-UBND"]
    assert "Phát hiện 3 vụ việc" in response.content.decode()
    assert_no_secret(response)


def test_recipient_with_only_internal_awards_does_not_exist(client, awards):
    hidden = Recipient.objects.get(name="Người chỉ có khen nội bộ")
    assert_not_found(client.get(hidden.get_absolute_url()))
    assert_not_found(client.get(reverse("awards:recipient", args=["khong-co"])))
    shown = client.get(Recipient.objects.get(name="Trần Thị Bình").get_absolute_url())
    assert shown.status_code == 200
    assert "<h1>Trần Thị Bình</h1>" in shown.content.decode()


def test_article_page_shows_its_public_awards_only(client, awards):
    response = client.get(awards["article"].get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Khen thưởng được đưa tin" in html
    assert awards["police"].get_absolute_url() in html
    assert awards["city"].get_absolute_url() in html
    assert awards["secret"].get_absolute_url() not in html
    assert_no_secret(response)


def test_article_without_public_awards_shows_no_awards_block(client, awards):
    article = ArticleFactory(live=True)
    AwardFactory(decision_number="2/QĐ-NB", articles=[article])
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Khen thưởng được đưa tin" not in response.content.decode()


def test_article_awards_cost_one_query_however_many_there_are(client, awards):
    def count_queries(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    url = awards["article"].get_absolute_url()
    before = count_queries(url)
    for number in range(3):
        AwardFactory(decision_number=f"{number}/QĐ-THÊM", issuer_title=f"Chủ tịch UBND xã {number}",
                     articles=[awards["article"]], public=True)
    assert count_queries(url) == before


def test_year_and_recipient_pages_have_a_fixed_query_count(client, awards):
    def count_queries(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    year_url = reverse("awards:year", args=[2018])
    person_url = Recipient.objects.get(name="Trần Thị Bình").get_absolute_url()
    before = (count_queries(year_url), count_queries(person_url))
    for number in range(3):
        AwardFactory(decision_number=f"{number}/QĐ-THÊM", issuer_title=f"Chủ tịch UBND xã {number}",
                     recipients=[(RecipientKind.INDIVIDUAL, "Trần Thị Bình", ""),
                                 (RecipientKind.COLLECTIVE, f"Tổ {number}", "")], public=True)
    assert (count_queries(year_url), count_queries(person_url)) == before


def test_award_pages_extend_the_site_layout(client, awards):
    response = client.get(reverse("awards:year", args=[2018]))
    assert "base.html" in [t.name for t in response.templates]


def test_article_include_uses_the_views_prefetch_without_a_query_of_its_own(awards):
    from django.db.models import Prefetch
    from django.template.loader import render_to_string

    from articles.models import Article

    article = Article.objects.prefetch_related(
        Prefetch("awards", queryset=Award.objects.public().select_related("form"), to_attr="public_awards")
    ).get(pk=awards["article"].pk)
    with CaptureQueriesContext(connection) as queries:
        html = render_to_string("awards/includes/article_awards.html", {"article": article})
    assert len(queries) == 0
    assert awards["police"].get_absolute_url() in html
    assert awards["secret"].get_absolute_url() not in html


def test_award_page_has_a_fixed_query_count(client, awards):
    def count_queries(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    url = awards["police"].get_absolute_url()
    before = count_queries(url)
    for number in range(3):
        recipient = Recipient.objects.create(kind=RecipientKind.COLLECTIVE, name=f"Tổ {number}")
        AwardRecipient.objects.create(award=awards["police"], recipient=recipient, order=10 + number)
        awards["police"].articles.add(ArticleFactory(live=True))
    assert count_queries(url) == before


def test_recipient_page_address_keeps_d(client, awards):
    recipient = Recipient.objects.create(kind=RecipientKind.COLLECTIVE, name="Đội Cảnh sát giao thông")
    AwardRecipient.objects.create(award=awards["city"], recipient=recipient)
    assert recipient.get_absolute_url() == "/khen-thuong/nguoi-nhan/doi-canh-sat-giao-thong/"
    response = client.get(recipient.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Đội Cảnh sát giao thông</h1>" in html
    assert "88/QĐ-UBND" in html


@pytest.mark.django_db
def test_every_public_page_links_to_the_awards_pages(client):
    page = client.get("/").content.decode()
    assert '<a href="/khen-thuong/">Khen thưởng</a>' in page
    assert '<a href="/khen-thuong/" aria-current="page">Khen thưởng</a>' in client.get("/khen-thuong/").content.decode()
