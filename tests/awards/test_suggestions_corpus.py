"""Award suggestions on real-style reporting (issue #18): precision and recall on awards/suggestion_corpus.json.

The corpus holds each phrasing family of the issue and negatives (general
mentions of commendation). `python manage.py awards_suggestion_quality` prints
the same figures.
"""

import datetime

import pytest
from django.core.management import call_command

from awards.quality import evaluate, load_corpus
from awards.suggestions import suggest, suggest_for_article
from tests.helpers.factories import ArticleFactory

pytestmark = pytest.mark.django_db

FAMILIES = {"issuer_before_verb", "handing_over_cua", "recipient_first_duoc", "recipient_first_vinh_du",
            "several_forms_or_issuers", "caption_or_title", "abbreviated_issuers", "year", "negative"}


def triples(texts, **kwargs):
    return [(s.form, s.issuer, s.year) for s in suggest(texts, **kwargs)]


def test_the_corpus_covers_every_family_of_the_issue():
    items = load_corpus()
    assert {item["family"] for item in items} == FAMILIES
    assert all(sum(item["family"] == family for item in items) >= 3 for family in FAMILIES)


def test_precision_and_recall_on_the_corpus_meet_the_minimums():
    scores = evaluate(load_corpus())
    total = scores["total"]
    assert total.expected >= 35
    assert total.precision >= 0.95, total.misses
    assert total.recall >= 0.90, total.misses
    for family, score in scores.items():
        assert score.recall >= 0.75, (family, score.misses)


def test_general_mentions_of_commendation_suggest_nothing():
    negatives = [item for item in load_corpus() if item["family"] == "negative"]
    assert evaluate(negatives)["total"].suggested == 0


@pytest.mark.parametrize("text, expected", [
    ("Phó Chủ tịch UBND tỉnh trao Bằng khen của Thủ tướng Chính phủ cho 2 tập thể năm 2020.",
     [("Bằng khen", "Thủ tướng Chính phủ", 2020)]),
    ("Công an tỉnh vinh dự đón nhận Huân chương Lao động hạng Ba của Chủ tịch nước năm 2021.",
     [("Huân chương", "Chủ tịch nước", 2021)]),
    ("Chủ tịch Ủy ban nhân dân tỉnh Quảng Bình đã tặng Bằng khen và Giấy khen cho 3 tập thể năm 2019.",
     [("Bằng khen", "Chủ tịch UBND tỉnh", 2019), ("Giấy khen", "Chủ tịch UBND tỉnh", 2019)]),
    ("Tặng Giấy khen của Chủ tịch UBNDTP và Giám đốc CA tỉnh cho Công an phường Nam Lý năm 2018.",
     [("Giấy khen", "Chủ tịch UBND thành phố", 2018), ("Giấy khen", "Giám đốc Công an tỉnh", 2018)]),
    ("Công an phường Nam Lý nhận Giấy khen năm 2019.", []),
    ("Công tác thi đua, khen thưởng được chú trọng.", []),
])
def test_phrasing_families(text, expected):
    assert triples([text]) == expected


def test_the_year_comes_from_the_text_else_from_the_article():
    text = "Giám đốc Công an tỉnh đã tặng Giấy khen cho 5 tập thể."
    assert triples([text]) == [("Giấy khen", "Giám đốc Công an tỉnh", None)]
    assert triples([text], default_year=2021) == [("Giấy khen", "Giám đốc Công an tỉnh", 2021)]
    assert triples([text.replace("5 tập thể", "5 tập thể giai đoạn 2015-2020")], default_year=2021) == [
        ("Giấy khen", "Giám đốc Công an tỉnh", 2020)]


def test_an_article_gives_its_title_captions_and_own_date():
    article = ArticleFactory(title="Chủ tịch UBND tỉnh tặng Bằng khen cho 20 tập thể",
                             source_published_on=datetime.date(2017, 5, 4))
    article.photo_slots.create(caption="Giám đốc Công an tỉnh trao Giấy khen cho các cá nhân", order=0)
    assert [(s.form, s.issuer, s.year) for s in suggest_for_article(article)] == [
        ("Bằng khen", "Chủ tịch UBND tỉnh", 2017), ("Giấy khen", "Giám đốc Công an tỉnh", 2017)]


def test_the_command_prints_precision_and_recall(capsys):
    call_command("awards_suggestion_quality")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["kiểu", "câu", "đúng", "gợi", "ý", "cần", "có", "precision", "recall"]
    total = lines[-1].split()
    assert total[0] == "total" and float(total[-2]) >= 0.95 and float(total[-1]) >= 0.90
