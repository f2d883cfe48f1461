"""Search ranking as tables: a query (and filters) -> the titles on the results page, in order.

The same tables run on SQLite and on PostgreSQL (DATABASE_URL=postgres://...):
the two databases must give the same order for the same data. The corpus has
the near-homographs a Vietnamese reader tells apart (thưởng/thường, bảo/báo,
Hà/hạ, cấp/cập, an/ăn/ân, hoà/hóa), phrases and scattered words, matches in
the title, lead and body, and articles either side of a local midnight.
"""

import datetime
import re
import zoneinfo

import pytest

from tests.helpers.factories import ArticleFactory, SectionFactory

LOCAL = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
BASE = datetime.datetime(2024, 6, 15, 12, 0, tzinfo=LOCAL)

# title, lead, body, published (hours before BASE, or a local datetime), section slug
CORPUS = [
    ("Khen thưởng học sinh giỏi", "Huyện trao giấy khen.", "", 10, "xa-hoi"),
    ("Đường Lý Thường Kiệt thông xe", "Người dân thường xuyên đi lại.", "Khen ngợi đội thi công.", 1, ""),
    ("Trao thưởng cuối năm", "Công ty khen nhân viên.", "", 5, ""),
    ("Tin cũ: khen thuong tap the", "", "", 8, ""),  # a legacy text typed without marks
    ("Giấy khen cho tập thể", "", "", 15, "xa-hoi"),
    ("Bảo vệ rừng đầu nguồn", "", "", 3, ""),
    ("Báo chí cách mạng", "", "", 2, ""),
    ("Hà Tĩnh đón đoàn công tác", "", "", 4, ""),
    ("Hạ tầng giao thông nông thôn", "", "", 6, ""),
    ("Cấp nước sạch cho xã vùng cao", "", "", 7, ""),
    ("Cập nhật thông tin dịch bệnh", "", "", 8.5, ""),
    ("An toàn thực phẩm", "", "", 9, ""),
    ("Ăn uống mùa hè", "", "", 11, ""),
    ("Ân nhân của bệnh nhân", "", "", 12, ""),
    ("Phát triển du lịch cộng đồng", "", "", 30, ""),
    ("Cộng đồng làm du lịch", "", "", 2.5, ""),
    ("Tin địa phương", "", "Xã phát triển du lịch cộng đồng.", 1.5, ""),
    ("Quảng Ninh mùa lũ", "", "", 40, ""),
    ("Tin thời tiết", "Quảng Ninh có mưa lớn.", "", 20, ""),
    ("Tin tổng hợp", "", "Huyện Quảng Ninh gieo cấy.", 3.5, ""),
    ("Quảng Ninh đón Tết", "", "", 50, ""),
    ("Hoà giải ở cơ sở", "", "", 13, ""),  # new tone placement
    ("Khánh Hòa vào mùa mưa", "", "", 14, ""),  # old tone placement
    ("Tuyên Hóa vào vụ", "", "", 0.5, ""),  # hóa: another word that folds to "hoa"
    ("Lễ hội đua thuyền", "", "", datetime.datetime(2024, 6, 19, 23, 30, tzinfo=LOCAL), ""),
    ("Lễ hội đèn lồng", "", "", datetime.datetime(2024, 6, 20, 0, 30, tzinfo=LOCAL), ""),
]


@pytest.fixture
def corpus(db):
    sections = {slug: SectionFactory(name=name, slug=slug) for slug, name in [("xa-hoi", "Xã hội")]}
    articles = {}
    for title, lead, body, published, section in CORPUS:
        when = published if isinstance(published, datetime.datetime) else BASE - datetime.timedelta(hours=published)
        extra = {"section": sections[section]} if section else {}
        articles[title] = ArticleFactory(title=title, lead=lead, paragraphs=[body or "Nội dung."], live=True,
                                         publish_at=when, **extra)
    return articles


def found(client, **params) -> list[str]:
    """Titles on the results page, in order (marks taken off)."""
    response = client.get("/search/", params)
    assert response.status_code == 200
    titles = re.findall(r'<h2 class="card__title"><a href="[^"]+">(.*?)</a></h2>', response.content.decode())
    return [re.sub(r"</?mark>", "", title) for title in titles]


KHEN_THUONG = "Khen thưởng học sinh giỏi"
LY_THUONG_KIET = "Đường Lý Thường Kiệt thông xe"
TRAO_THUONG = "Trao thưởng cuối năm"
LEGACY = "Tin cũ: khen thuong tap the"
GIAY_KHEN = "Giấy khen cho tập thể"

RANKING = [
    # Typed with marks: the exact words first (the phrase in the title, then every word
    # somewhere), then what matches only once accents are ignored (the phrase, then scattered).
    ("khen thưởng", [KHEN_THUONG, TRAO_THUONG, LEGACY, LY_THUONG_KIET]),
    ("Khen Thưởng", [KHEN_THUONG, TRAO_THUONG, LEGACY, LY_THUONG_KIET]),
    # Without marks: every spelling; the phrase (newest first) above the scattered words.
    ("khen thuong", [LEGACY, KHEN_THUONG, LY_THUONG_KIET, TRAO_THUONG]),
    ("thưởng", [TRAO_THUONG, KHEN_THUONG, LY_THUONG_KIET, LEGACY]),
    ("thường", [LY_THUONG_KIET, TRAO_THUONG, LEGACY, KHEN_THUONG]),
    ("thuong", [LY_THUONG_KIET, TRAO_THUONG, LEGACY, KHEN_THUONG]),
    # Quotes: only the phrase, accents ignored, exact first.
    ('"khen thưởng"', [KHEN_THUONG, LEGACY]),
    ("“khen thưởng”", [KHEN_THUONG, LEGACY]),
    ('"khen thuong"', [LEGACY, KHEN_THUONG]),
    ('"thưởng khen"', []),
    # Minus: typed with marks leaves out exactly that word; without, every spelling.
    ("khen thưởng -thường", [KHEN_THUONG, TRAO_THUONG, LEGACY]),
    ("khen -thường", [LEGACY, KHEN_THUONG, GIAY_KHEN, TRAO_THUONG]),
    ("khen -thuong", [GIAY_KHEN]),
    ('khen -"khen thưởng"', [LEGACY, GIAY_KHEN, TRAO_THUONG, LY_THUONG_KIET]),
    ("-thường", []),
    ("đường-phố", []),  # a hyphen inside a word is not a minus: both words are needed
    # bảo/báo, Hà/hạ, cấp/cập, an/ăn/ân: the word as typed first, newest first without marks.
    ("bảo", ["Bảo vệ rừng đầu nguồn", "Báo chí cách mạng"]),
    ("báo", ["Báo chí cách mạng", "Bảo vệ rừng đầu nguồn"]),
    ("bao", ["Báo chí cách mạng", "Bảo vệ rừng đầu nguồn"]),
    ("hạ", ["Hạ tầng giao thông nông thôn", "Hà Tĩnh đón đoàn công tác"]),
    ("Hà", ["Hà Tĩnh đón đoàn công tác", "Hạ tầng giao thông nông thôn"]),
    ("ha", ["Hà Tĩnh đón đoàn công tác", "Hạ tầng giao thông nông thôn"]),
    ("cập", ["Cập nhật thông tin dịch bệnh", "Cấp nước sạch cho xã vùng cao"]),
    ("cap", ["Cấp nước sạch cho xã vùng cao", "Cập nhật thông tin dịch bệnh"]),
    ("cập nhật", ["Cập nhật thông tin dịch bệnh"]),
    ("ăn", ["Ăn uống mùa hè", "An toàn thực phẩm", "Ân nhân của bệnh nhân"]),
    ("ân", ["Ân nhân của bệnh nhân", "An toàn thực phẩm", "Ăn uống mùa hè"]),
    ("an", ["An toàn thực phẩm", "Ăn uống mùa hè", "Ân nhân của bệnh nhân"]),
    # Old and new tone placement are one word, typed either way; hóa is another word.
    ("hoà", ["Hoà giải ở cơ sở", "Khánh Hòa vào mùa mưa", "Tuyên Hóa vào vụ"]),
    ("hòa", ["Hoà giải ở cơ sở", "Khánh Hòa vào mùa mưa", "Tuyên Hóa vào vụ"]),
    ("HOÀ", ["Hoà giải ở cơ sở", "Khánh Hòa vào mùa mưa", "Tuyên Hóa vào vụ"]),
    ("hóa", ["Tuyên Hóa vào vụ", "Hoà giải ở cơ sở", "Khánh Hòa vào mùa mưa"]),
    ("hoá", ["Tuyên Hóa vào vụ", "Hoà giải ở cơ sở", "Khánh Hòa vào mùa mưa"]),
    ("hoa", ["Tuyên Hóa vào vụ", "Hoà giải ở cơ sở", "Khánh Hòa vào mùa mưa"]),
    # The phrase in the body ranks above the words scattered in the title.
    ("du lich cong dong", ["Phát triển du lịch cộng đồng", "Tin địa phương", "Cộng đồng làm du lịch"]),
    ("du lịch cộng đồng", ["Phát triển du lịch cộng đồng", "Tin địa phương", "Cộng đồng làm du lịch"]),
    ('"cong dong" du lich', ["Cộng đồng làm du lịch", "Phát triển du lịch cộng đồng", "Tin địa phương"]),
    # Title, then lead, then body; the newer first among equals.
    ("quang ninh", ["Quảng Ninh mùa lũ", "Quảng Ninh đón Tết", "Tin thời tiết", "Tin tổng hợp"]),
]


@pytest.mark.parametrize("q,expected", RANKING, ids=[q for q, _ in RANKING])
def test_ranking(client, corpus, q, expected):
    assert found(client, q=q) == expected


FILTERS = [
    ({"q": "khen", "section": "xa-hoi"}, [KHEN_THUONG, GIAY_KHEN]),
    ({"q": "khen", "sort": "date"}, [LY_THUONG_KIET, TRAO_THUONG, LEGACY, KHEN_THUONG, GIAY_KHEN]),
    ({"q": "khen", "sort": "date", "section": "xa-hoi"}, [KHEN_THUONG, GIAY_KHEN]),
    # Days are Ho Chi Minh City days: 21:00 on the 14th there is 14:00 UTC, 00:30 on the 20th is 17:30 UTC on the 19th.
    ({"q": "khen", "from": "2024-06-15", "to": "2024-06-15"}, [LEGACY, KHEN_THUONG, TRAO_THUONG, LY_THUONG_KIET]),
    ({"q": "khen", "to": "2024-06-14"}, [GIAY_KHEN]),
    ({"q": "le hoi", "from": "2024-06-20"}, ["Lễ hội đèn lồng"]),
    ({"q": "le hoi", "to": "2024-06-19"}, ["Lễ hội đua thuyền"]),
    ({"q": "le hoi", "from": "2024-06-19", "to": "2024-06-20"}, ["Lễ hội đèn lồng", "Lễ hội đua thuyền"]),
    ({"q": "le hoi", "from": "2024-06-21"}, []),
]


@pytest.mark.parametrize("params,expected", FILTERS, ids=[str(sorted(p.items())) for p, _ in FILTERS])
def test_filters_and_sort(client, corpus, params, expected):
    assert found(client, **params) == expected


KHEN = [LEGACY, KHEN_THUONG, GIAY_KHEN, TRAO_THUONG, LY_THUONG_KIET]  # "khen": title, lead, body


@pytest.mark.parametrize("params,message,expected", [
    ({"section": "khong-co"}, "Không có chuyên mục này.", KHEN),
    ({"from": "2024-13-45"}, "Ngày phải có dạng năm-tháng-ngày, ví dụ 2019-03-08.", KHEN),
    ({"to": "hôm qua"}, "Ngày phải có dạng năm-tháng-ngày, ví dụ 2019-03-08.", KHEN),
    ({"from": "2024-06-15", "to": "2024-06-14"}, "Ngày kết thúc phải từ ngày bắt đầu trở về sau.",
     [LEGACY, KHEN_THUONG, TRAO_THUONG, LY_THUONG_KIET]),  # "to" is left out, "from" stands
    ({"sort": "views"}, "Cách sắp xếp không hợp lệ.", KHEN),
])
def test_a_filter_that_does_not_parse_says_so_in_vietnamese_and_is_left_out(client, corpus, params, message,
                                                                            expected):
    response = client.get("/search/", {"q": "khen", **params})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert found(client, q="khen", **params) == expected
    for name in ("from", "to"):  # a date input cannot hold a value that is not a date (invalid HTML)
        if name in params and message.startswith("Ngày phải"):
            assert f'name="{name}" value="{params[name]}"' not in page
            assert f'name="{name}" value=""' in page


def test_the_form_has_labelled_controls_and_keeps_the_filters(client, corpus):
    page = client.get("/search/", {"q": "khen", "section": "xa-hoi", "from": "2024-06-01", "to": "2024-06-30",
                                   "sort": "date"}).content.decode()
    for control, label in [("q", "Từ khóa (có dấu hoặc không dấu)"), ("section", "Chuyên mục"),
                           ("from", "Từ ngày"), ("to", "Đến ngày"), ("sort", "Sắp xếp")]:
        assert f'<label for="search-page-{control}">{label}</label>' in page
        assert f'id="search-page-{control}"' in page
    assert '<option value="xa-hoi" selected>Xã hội</option>' in page
    assert '<option value="">Tất cả chuyên mục</option>' in page
    assert '<option value="date" selected>Mới nhất</option>' in page
    assert 'name="from" value="2024-06-01"' in page
    assert 'name="to" value="2024-06-30"' in page


def test_page_links_keep_the_filters(client, db):
    for number in range(21):
        ArticleFactory(title=f"Khen thưởng đợt {number:02d}", live=True,
                       publish_at=BASE - datetime.timedelta(hours=number))
    page = client.get("/search/", {"q": "khen", "sort": "date", "from": "2024-06-01"}).content.decode()
    assert 'href="?q=khen&amp;from=2024-06-01&amp;sort=date&amp;page=2"' in page
    assert found(client, q="khen", sort="date", **{"from": "2024-06-01"}, page=2) == ["Khen thưởng đợt 20"]


def test_every_parameter_the_page_reads_keys_the_page_cache(client, corpus):
    """pagecache/urls.py keys a page on its declared parameters only: a filter left out
    of the declaration would serve the unfiltered page from the cache."""
    from articles.search.views import SearchView

    assert SearchView.page_cache_params == {"q", "page", "section", "from", "to", "sort"}
    plain = found(client, q="khen")
    assert found(client, q="khen") == plain  # now from the cache
    assert found(client, q="khen", section="xa-hoi") == [KHEN_THUONG, GIAY_KHEN]
    assert found(client, q="khen", sort="date")[0] == LY_THUONG_KIET
    assert found(client, q="khen", **{"to": "2024-06-14"}) == [GIAY_KHEN]
    assert found(client, q="khen", **{"from": "2024-06-15"}) == [LEGACY, KHEN_THUONG, TRAO_THUONG, LY_THUONG_KIET]


def _marked(page: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", page)


def test_a_query_with_marks_highlights_only_its_own_words(client, corpus):
    page = client.get("/search/", {"q": "khen thưởng"}).content.decode()
    assert "Đường Lý Thường Kiệt thông xe" in page  # found once accents are ignored...
    assert "<mark>Thường</mark>" not in page and "<mark>thường</mark>" not in page  # ...never highlighted
    assert "<mark>Khen</mark> <mark>thưởng</mark> học sinh giỏi" in page
    assert "Tin cũ: <mark>khen</mark> thuong tap the" in page
    assert sorted(set(_marked(page))) == ["Khen", "khen", "thưởng"]


def test_a_query_without_marks_highlights_every_spelling(client, corpus):
    page = client.get("/search/", {"q": "khen thuong"}).content.decode()
    assert "Đường Lý <mark>Thường</mark> Kiệt thông xe" in page
    assert "Người dân <mark>thường</mark> xuyên đi lại." in page
    assert "Tin cũ: <mark>khen</mark> <mark>thuong</mark> tap the" in page


def test_either_tone_placement_is_highlighted(client, corpus):
    page = client.get("/search/", {"q": "hòa"}).content.decode()
    assert "<mark>Hoà</mark> giải ở cơ sở" in page
    assert "Khánh <mark>Hòa</mark> vào mùa mưa" in page
    assert "Tuyên Hóa vào vụ" in page and "<mark>Hóa</mark>" not in page


def test_excluded_words_are_not_highlighted(client, corpus):
    page = client.get("/search/", {"q": "khen thưởng -thường"}).content.decode()
    assert "<mark>thường</mark>" not in page.lower()
    assert "“khen thưởng -thường”" in page  # the summary repeats the query as typed


@pytest.mark.postgres
def test_postgresql_vectors_weight_title_lead_and_body_apart(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    article = ArticleFactory(title="Đồng Hới", lead="Bảo Ninh", paragraphs=["Nhật Lệ"], live=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_folded::text, search_exact::text FROM articles_article WHERE id = %s",
                       [article.pk])
        folded, exact = cursor.fetchone()
    assert folded == "'bao':3B 'dong':1A 'hoi':2A 'le':6C 'nhat':5C 'ninh':4B"
    assert exact == "'bảo':3B 'hới':2A 'lệ':6C 'nhật':5C 'ninh':4B 'đồng':1A"
