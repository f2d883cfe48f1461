"""Suggested awards from article text: the pinned seed, phrasings as data, the command, the admin confirmation."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles.importer import read_export, save_parsed
from awards.models import Award, AwardForm, Visibility
from awards.suggestions import DEFAULT_PHRASINGS_FILE, Phrasings, suggest, texts_of_parsed

pytestmark = pytest.mark.django_db

SEED_SUGGESTIONS = [
    {"form": "Giấy khen", "issuer": "Giám đốc Công an tỉnh", "recipient_kind": "both",
     "reason": "có thành tích xuất sắc trong phong trào năm 2018", "year": 2018},
    {"form": "Giấy khen", "issuer": "Chủ tịch UBND thành phố", "recipient_kind": "both",
     "reason": "có thành tích xuất sắc trong phong trào năm 2018", "year": 2018},
]


def as_json(texts):
    return [s.as_json() for s in suggest(texts)]


def test_seed_export_gives_exactly_the_two_giay_khen(seed_path):
    suggestions = suggest(texts_of_parsed(read_export(seed_path)))
    assert [s.as_json() for s in suggestions] == SEED_SUGGESTIONS
    assert [(s.form, s.issuer, s.year) for s in suggestions] == [
        ("Giấy khen", "Giám đốc Công an tỉnh", 2018), ("Giấy khen", "Chủ tịch UBND thành phố", 2018)]


def test_announcement_and_reporting_lines_are_not_suggestions():
    assert as_json(["Công bố quyết định khen thưởng các đơn vị có thành tích xuất sắc trong phong trào năm 2018",
                    "Dịp này, nhiều tập thể và cá nhân có thành tích xuất sắc trong phong trào Toàn dân bảo vệ ANTQ "
                    "đã được Công an tỉnh và UBNDTP khen thưởng."]) == []


def test_the_same_award_mentioned_twice_is_suggested_once():
    line = "Tặng Giấy khen của Giám đốc Công an tỉnh cho các tập thể có thành tích xuất sắc năm 2018"
    assert len(as_json([line, line.replace("Giấy khen", "giấy khen"), line + "."])) == 1


@pytest.mark.parametrize("text, expected", [
    ("Công an phường Nam Lý được tặng Bằng khen của Chủ tịch UBND tỉnh vì có thành tích xuất sắc năm 2019.",
     {"form": "Bằng khen", "issuer": "Chủ tịch UBND tỉnh", "recipient_kind": "collective",
      "reason": "vì có thành tích xuất sắc năm 2019", "year": 2019}),
    ("Dịp này, Chủ tịch UBND tỉnh đã trao tặng Cờ thi đua cho 3 tập thể, 5 cá nhân có thành tích trong giai đoạn "
     "2016-2020.",
     {"form": "Cờ thi đua", "issuer": "Chủ tịch UBND tỉnh", "recipient_kind": "both",
      "reason": "có thành tích trong giai đoạn 2016-2020", "year": 2020}),
    ("Đồng chí Nguyễn Văn An vinh dự nhận Huân chương của Chủ tịch nước.",
     {"form": "Huân chương", "issuer": "Chủ tịch nước", "recipient_kind": "individual", "reason": "",
      "year": None}),
])
def test_other_usual_phrasings_are_recognised(text, expected):
    assert as_json([text]) == [expected]


def test_a_new_phrasing_is_added_as_data_not_code(settings, tmp_path):
    sentence = "Bằng khen của Bộ trưởng Bộ Công an đã được trao cho Công an phường Nam Lý năm 2019."
    assert as_json([sentence]) == []
    data = json.loads(DEFAULT_PHRASINGS_FILE.read_text(encoding="utf-8"))
    data["phrasings"].append({"name": "Bằng khen của ... đã được trao cho ...",
                              "pattern": "{form} của {issuer} đã được {verb} cho {recipients}"})
    custom = tmp_path / "phrasings.json"
    custom.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    settings.AWARDS_PHRASINGS_FILE = custom
    assert as_json([sentence]) == [{"form": "Bằng khen", "issuer": "Bộ trưởng Bộ Công an",
                                    "recipient_kind": "collective", "reason": "", "year": 2019}]


def test_a_form_added_in_the_admin_is_recognised():
    sentence = "Tặng Kỷ niệm chương Vì an ninh Tổ quốc của Bộ trưởng Bộ Công an cho 2 cá nhân."
    AwardForm.objects.create(name="Kỷ niệm chương Vì an ninh Tổ quốc")
    assert [(s["form"], s["issuer"]) for s in as_json([sentence])] == [
        ("Kỷ niệm chương Vì an ninh Tổ quốc", "Bộ trưởng Bộ Công an")]


@pytest.mark.parametrize("data, message", [
    ({"verbs": ["tặng"], "phrasings": [{"pattern": "{verb} {form} cho {recipients}"}]},
     "x.json: mẫu «{verb} {form} cho {recipients}» phải có đúng một {form} và một {issuer}"),
    ({"verbs": ["tặng"], "phrasings": [{"pattern": "{verb} {form} của {issuer} {who}"}]},
     "x.json: mẫu «{verb} {form} của {issuer} {who}» phải có đúng một {form} và một {issuer}"),
    ({"phrasings": []}, "x.json: tệp mẫu câu khen thưởng sai cấu trúc ('verbs')."),
    ({"verbs": [], "phrasings": [], "recipient_kinds": {"group": ["nhóm"]}},
     "x.json: recipient_kinds chỉ nhận collective, individual (không nhận group)."),
])
def test_a_broken_phrasings_file_is_refused_with_a_reason(data, message):
    with pytest.raises(ImproperlyConfigured) as caught:
        Phrasings(data, ["Giấy khen"], source="x.json")
    assert str(caught.value).startswith(message)


def test_unreadable_phrasings_file_is_refused(settings, tmp_path):
    settings.AWARDS_PHRASINGS_FILE = tmp_path / "missing.json"
    with pytest.raises(ImproperlyConfigured) as caught:
        suggest(["x"])
    assert str(caught.value).startswith(f"{tmp_path / 'missing.json'}: không đọc được tệp mẫu câu khen thưởng")


def test_command_prints_json_for_the_seed_and_writes_nothing(seed_path, capsys):
    call_command("suggest_awards", "--json", str(seed_path))
    assert json.loads(capsys.readouterr().out) == SEED_SUGGESTIONS
    assert Award.objects.count() == 0


def test_command_reads_a_stored_article_with_its_captions(seed_path, capsys):
    article, _created = save_parsed(read_export(seed_path))
    call_command("suggest_awards", "--json", str(article.pk))
    assert json.loads(capsys.readouterr().out) == SEED_SUGGESTIONS
    assert Award.objects.count() == 0


def test_command_without_json_prints_a_readable_list(seed_path, capsys):
    call_command("suggest_awards", str(seed_path))
    assert capsys.readouterr().out.splitlines() == [
        f"{seed_path}: 2 gợi ý",
        "  - Giấy khen của Giám đốc Công an tỉnh, năm 2018: có thành tích xuất sắc trong phong trào năm 2018",
        "  - Giấy khen của Chủ tịch UBND thành phố, năm 2018: có thành tích xuất sắc trong phong trào năm 2018",
    ]


def test_command_reports_a_missing_article_and_file_and_exits_non_zero(tmp_path, capsys):
    with pytest.raises(CommandError) as caught:
        call_command("suggest_awards", "--json", "999999", str(tmp_path / "none.txt"))
    assert caught.value.returncode == 1
    out, err = capsys.readouterr()
    assert json.loads(out) == []
    assert err.splitlines() == ["999999: lỗi: không có bài viết #999999",
                                f"{tmp_path / 'none.txt'}: lỗi: không tìm thấy tệp"]


# --- The admin: an editor confirms suggestions one by one ---------------------

@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def seed_article(seed_path):
    return save_parsed(read_export(seed_path))[0]


def suggest_url(article):
    return reverse("admin:awards_award_suggest") + f"?article={article.pk}"


def test_admin_lists_suggestions_and_creates_nothing(admin_client, seed_article):
    response = admin_client.get(suggest_url(seed_article))
    assert response.status_code == 200
    assert [(row["suggestion"].form, row["suggestion"].issuer, row["existing"]) for row in response.context["rows"]] \
        == [("Giấy khen", "Giám đốc Công an tỉnh", None), ("Giấy khen", "Chủ tịch UBND thành phố", None)]
    assert "Xác nhận thành khen thưởng nháp" in response.content.decode()
    assert Award.objects.count() == 0


def test_admin_confirms_one_suggestion_into_an_internal_draft(admin_client, seed_article):
    page = admin_client.get(suggest_url(seed_article))
    form = page.context["rows"][1]["form"]
    data = {"row": "s1", **{f"s1-{name}": value for name, value in {
        "form": form.initial["form"].pk, "issuer_title": form.initial["issuer_title"], "year": form.initial["year"],
        "reason": form.initial["reason"], "source_text": form.initial["source_text"], "issuer_organization": "",
        "movement": ""}.items()}}
    response = admin_client.post(suggest_url(seed_article), data)
    award = Award.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:awards_award_change", args=[award.pk])
    assert (award.form.name, award.issuer_title, award.year, award.reason, award.visibility, award.decision_number) \
        == ("Giấy khen", "Chủ tịch UBND thành phố", 2018, "có thành tích xuất sắc trong phong trào năm 2018",
            Visibility.INTERNAL, "")
    assert list(award.articles.all()) == [seed_article]
    assert award.note.startswith(f"Gợi ý từ bài «{seed_article.title}» (#{seed_article.pk}): «Tặng giấy khen của")

    again = admin_client.get(suggest_url(seed_article))
    assert [row["existing"] for row in again.context["rows"]] == [None, award]
    # Posting the same suggestion twice is refused; nothing new is written.
    admin_client.post(suggest_url(seed_article), data)
    assert Award.objects.count() == 1


def test_admin_lets_the_editor_correct_a_suggestion_before_confirming(admin_client, seed_article):
    data = {"row": "s0", "s0-form": AwardForm.objects.get(slug="bang-khen").pk,
            "s0-issuer_title": "Giám đốc Công an tỉnh", "s0-issuer_organization": "Công an tỉnh Quảng Bình",
            "s0-year": "2018", "s0-reason": "Thành tích xuất sắc", "s0-movement": "", "s0-source_text": ""}
    admin_client.post(suggest_url(seed_article), data)
    award = Award.objects.get()
    assert (award.form.name, award.issuer_organization) == ("Bằng khen", "Công an tỉnh Quảng Bình")


def test_admin_refuses_a_suggestion_without_a_year(admin_client, seed_article):
    data = {"row": "s0", "s0-form": AwardForm.objects.get(slug="giay-khen").pk,
            "s0-issuer_title": "Giám đốc Công an tỉnh", "s0-year": ""}
    response = admin_client.post(suggest_url(seed_article), data, follow=True)
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == ["Gợi ý chưa hợp lệ: year: Trường này là bắt buộc."]
    assert Award.objects.count() == 0


@pytest.mark.parametrize("value, message", [("abc", "Mã bài viết phải là một số."),
                                            ("999999", "Không có bài viết #999999.")])
def test_admin_explains_a_bad_article_id(admin_client, value, message):
    response = admin_client.get(reverse("admin:awards_award_suggest"), {"article": value})
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [message]


def test_admin_says_when_an_article_has_no_suggestion(admin_client):
    from tests.helpers.factories import ArticleFactory

    response = admin_client.get(suggest_url(ArticleFactory()))
    assert "Không tìm thấy cách viết khen thưởng nào trong bài này." in response.content.decode()


def test_admin_offers_recent_articles_to_choose_from(admin_client, seed_article):
    response = admin_client.get(reverse("admin:awards_award_suggest"))
    assert list(response.context["recent"]) == [seed_article]
    assert f'href="?article={seed_article.pk}"' in response.content.decode()
