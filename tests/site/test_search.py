"""Reader search: the same queries find the same articles on SQLite and PostgreSQL
(this module runs on both), accents and tone-mark placement ignored, ranked, highlighted."""

import datetime
import re
import unicodedata

import pytest
from django.utils import timezone

from articles.search.highlight import highlight
from articles.search.query import exact_word_pattern, folded_word_pattern, query_words
from newsroom.text import old_tone_placement
from tests.helpers.factories import ArticleFactory


def live(title, lead="", paragraphs=None, hours_ago=1):
    return ArticleFactory(title=title, lead=lead, paragraphs=paragraphs or ["Nội dung."],
                          live=True, publish_at=timezone.now() - datetime.timedelta(hours=hours_ago))


def found(client, q, page=None) -> list[str]:
    """Titles on the results page, in order."""
    params = {"q": q} if page is None else {"q": q, "page": page}
    response = client.get("/search/", params)
    assert response.status_code == 200
    titles = re.findall(r'<h2 class="card__title"><a href="[^"]+">(.*?)</a></h2>', response.content.decode())
    return [re.sub(r"</?mark>", "", title) for title in titles]


@pytest.fixture
def corpus(db):
    return {
        "sample": live("Đồng Hới: Triển khai phong trào toàn dân bảo vệ ANTQ năm 2019",
                       lead="UBND thành phố tổ chức hội nghị."),
        "hoa_new": live("Khánh Hoà đón khách", hours_ago=2),
        "hoa_old": live("Hòa giải ở cơ sở", hours_ago=3),
        "thuy": live("Chị Thúy nhận bằng khen", hours_ago=4),
        "weather": live("Thời tiết hôm nay", lead="Trời nắng nhẹ.", hours_ago=5),
    }


@pytest.mark.parametrize("q", ["dong hoi", "Đồng Hới", "ĐỒNG HỚI", "đồng hới", "Dong Hoi",
                               unicodedata.normalize("NFD", "Đồng Hới"), "dong hơi", "  đồng   hới!  "])
def test_diacritics_case_and_d_stroke_do_not_matter(client, corpus, q):
    assert found(client, q) == [corpus["sample"].title]


@pytest.mark.parametrize("q,expected", [
    ("hoà", ["Khánh Hoà đón khách", "Hòa giải ở cơ sở"]),
    ("hòa", ["Khánh Hoà đón khách", "Hòa giải ở cơ sở"]),
    ("hoa", ["Khánh Hoà đón khách", "Hòa giải ở cơ sở"]),
    ("thuý", ["Chị Thúy nhận bằng khen"]),
    ("thúy", ["Chị Thúy nhận bằng khen"]),
])
def test_old_and_new_tone_placement_match_each_other(client, corpus, q, expected):
    assert found(client, q) == expected


def test_words_match_whole_words_only(client, corpus):
    # "hoi" is not a part of "Thời" (folded "thoi"), "ho" is not a part of "Hới".
    assert found(client, "hoi") == [corpus["sample"].title]
    assert found(client, "ho") == []


def test_every_word_of_the_query_must_match(client, corpus):
    assert found(client, "dong hoi antq") == [corpus["sample"].title]
    assert found(client, "dong hoi khanh") == []


def test_lead_and_body_are_searched(client, db):
    in_lead = live("Tin thứ nhất", lead="Lễ hội pháo hoa.")
    in_body = live("Tin thứ hai", paragraphs=["Đoạn đầu.", "Phố đi bộ Nguyễn Huệ."], hours_ago=2)
    assert found(client, "phao hoa") == [in_lead.title]
    assert found(client, "nguyen hue") == [in_body.title]


def test_exact_accents_rank_above_accent_stripped_matches(client, db):
    # The "Dương" article is newer, but a search for "đường" lists "đường" first.
    road = live("Sửa đường Lý Thường Kiệt", hours_ago=5)
    person = live("Ông Dương nhận giấy khen", hours_ago=1)
    assert found(client, "đường") == [road.title, person.title]
    assert found(client, "Dương") == [person.title, road.title]
    assert found(client, "ĐƯỜNG") == [road.title, person.title]


def test_title_matches_rank_above_body_matches(client, db):
    in_title = live("Lệ Thủy vào mùa lúa", hours_ago=9)
    in_body = live("Tin nông nghiệp", paragraphs=["Huyện Lệ Thủy thu hoạch lúa."], hours_ago=1)
    assert found(client, "le thuy") == [in_title.title, in_body.title]


def test_results_are_highlighted_and_escaped(client, db):
    live('Đồng Hới <script>alert("x")</script> & phố',
         lead="Thành phố Đồng Hới có <b>nhiều</b> công viên.")

    page = client.get("/search/", {"q": "dong hoi"}).content.decode()

    assert "<mark>Đồng</mark> <mark>Hới</mark> &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; phố" in page
    assert "Thành phố <mark>Đồng</mark> <mark>Hới</mark> có &lt;b&gt;nhiều&lt;/b&gt; công viên." in page
    assert "<script>alert" not in page


def test_search_for_markup_is_escaped_in_the_page(client, db):
    page = client.get("/search/", {"q": '"><img src=x onerror=alert(1)>'}).content.decode()
    assert "<img src=x" not in page
    assert "0 kết quả" in page


def test_results_are_paginated_and_out_of_range_is_404(client, db):
    for number in range(21):
        live(f"Quảng Bình tin {number:02d}", hours_ago=number + 1)

    assert len(found(client, "quang binh")) == 20
    assert found(client, "quang binh", page=2) == ["Quảng Bình tin 20"]
    response = client.get("/search/", {"q": "quang binh"})
    assert "21 kết quả" in response.content.decode()
    assert 'href="?q=quang%20binh&amp;page=2"' in response.content.decode()
    assert client.get("/search/", {"q": "quang binh", "page": 3}).status_code == 404


@pytest.mark.parametrize("q", ["", "   ", "!!!", "–"])
def test_an_empty_query_shows_the_form_and_no_results(client, corpus, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    assert found(client, q) == []
    assert 'name="q"' in response.content.decode()


def test_a_very_long_query_is_cut_not_an_error(client, corpus):
    q = "hới " * 500  # cut at MAX_QUERY_LENGTH (200) between two words
    assert found(client, q) == [corpus["sample"].title]
    assert "1 kết quả" in client.get("/search/", {"q": q}).content.decode()


def test_cutting_a_long_query_never_leaves_half_a_word(client, corpus):
    q = "đồng hới " * 500  # 200 characters end in the middle of «đồng»
    assert found(client, q) == [corpus["sample"].title]


# --- Units: the patterns both databases run -------------------------------------------------

def test_query_words_are_normalised():
    assert query_words("  Thúy HÒA, hoà!! đường-phố thúy ") == ["thuý", "hoà", "đường", "phố"]


def test_old_tone_placement():
    assert old_tone_placement("hoà") == "hòa"
    assert old_tone_placement("thuý") == "thúy"
    assert old_tone_placement("khoẻ") == "khỏe"
    assert old_tone_placement("hoàng") == "hoàng"


@pytest.mark.parametrize("text,matches", [
    ("Sửa đường", True), ("SỬA ĐƯỜNG", True), ("ông Dương", False), ("đườngphố", False), ("(đường)", True),
])
def test_exact_pattern(text, matches):
    assert bool(re.search(exact_word_pattern("đường"), text)) is matches


@pytest.mark.parametrize("text,matches", [
    ("Sửa đường", True), ("ông Dương", True), ("DUONG", True), ("duongpho", False), ("đương", True),
])
def test_folded_pattern(text, matches):
    assert bool(re.search(folded_word_pattern("duong"), text)) is matches


def test_highlight_escapes_everything_but_the_marks():
    assert highlight("<Đồng> hới & Đông", ["dong"]) == "&lt;<mark>Đồng</mark>&gt; hới &amp; <mark>Đông</mark>"
    # Either tone placement and any case; only whole words ("hoàng" is another word).
    assert highlight("HÒA BÌNH, hoà giải, Hoàng", ["hòa"]) == "<mark>HÒA</mark> BÌNH, <mark>hoà</mark> giải, Hoàng"


@pytest.mark.postgres
def test_postgresql_uses_unaccent_full_text_search_with_the_gin_index(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    article = live("Đồng Hới: Triển khai phong trào")
    article.lead = "Sapo đã sửa."
    article.save()  # the trigger recomputes the vectors on an update too
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('vi_unaccent', 'Đồng Hới hoà')::text")
        assert cursor.fetchone()[0] == "'dong':1 'hoa':3 'hoi':2"
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'articles_article_search_folded_gin'")
        assert "USING gin (search_folded)" in cursor.fetchone()[0]
        # The trigger keeps the stored vectors: title weighted A, accents folded / kept.
        cursor.execute("SELECT search_folded::text, search_exact::text FROM articles_article WHERE id = %s",
                       [article.pk])
        folded, exact = cursor.fetchone()
        assert "'dong':1A" in folded and "'hoi':2A" in folded
        assert "'đồng':1A" in exact and "'hới':2A" in exact
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("EXPLAIN SELECT id FROM articles_article "
                       "WHERE search_folded @@ to_tsquery('vi_unaccent'::regconfig, 'dong & hoi')")
        plan = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    assert "articles_article_search_folded_gin" in plan
    from articles.search.ranking import search_articles
    assert list(search_articles("Dong Hoi")) == [article]


def test_a_very_common_word_ranks_only_the_newest_matches(db, monkeypatch):
    import datetime

    from articles.search import ranking as search
    from tests.helpers.factories import ArticleFactory

    monkeypatch.setattr(search, "MAX_CANDIDATES", 2)
    oldest, middle, newest = (ArticleFactory(title=f"Đồng Hới tin số {n}",
                                             live=True, publish_at=timezone.now() - datetime.timedelta(days=n))
                              for n in (3, 2, 1))
    assert list(search.search_articles("dong hoi")) == [newest, middle]
