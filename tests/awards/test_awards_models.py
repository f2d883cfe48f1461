"""Award model rules: forms seeded, period and year, identities, slugs, what readers may see."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from awards.models import (Award, AwardForm, AwardRecipient, Recipient, RecipientKind, Visibility, parse_period)
from tests.helpers.factories import AwardFactory

pytestmark = pytest.mark.django_db


def giay_khen():
    return AwardForm.objects.get(slug="giay-khen")

def test_award_forms_are_seeded_by_the_migration():
    assert list(AwardForm.objects.values_list("name", flat=True)) == [
        "Giấy khen", "Bằng khen", "Cờ thi đua", "Chiến sĩ thi đua", "Huân chương", "Huy chương", "Kỷ niệm chương",
        "Danh hiệu", "Giấy chứng nhận"]


def test_award_form_is_found_ignoring_case_and_accents():
    assert AwardForm.find("giấy khen") == giay_khen()
    assert AwardForm.find("GIAY KHEN") == giay_khen()
    assert AwardForm.find("Giấy  khen ") == giay_khen()
    assert AwardForm.find("Giấy khen thưởng") is None
    assert AwardForm.find("") is None


def test_new_award_form_gets_a_vietnamese_slug():
    form = AwardForm.objects.create(name="Danh hiệu Đơn vị quyết thắng")
    assert form.slug == "danh-hieu-don-vi-quyet-thang"


def test_award_is_listed_under_the_last_year_of_its_period():
    single = AwardFactory(decision_number="1/QĐ")
    ranged = AwardFactory(decision_number="2/QĐ", period_start=2016, period_end=2020)
    same = AwardFactory(decision_number="3/QĐ", period_start=2019, period_end=2019)
    assert (single.year, single.period) == (2018, "2018")
    assert (ranged.year, ranged.period) == (2020, "2016-2020")
    assert (same.year, same.period_end, same.period) == (2019, None, "2019")


def test_award_period_ending_before_it_starts_is_refused():
    award = Award(form=giay_khen(), issuer_title="Chủ tịch UBND thành phố", period_start=2020, period_end=2018)
    with pytest.raises(ValidationError) as caught:
        award.full_clean()
    assert caught.value.message_dict == {"period_end": ["Năm kết thúc không được trước năm bắt đầu."]}


def test_award_year_out_of_range_is_refused():
    award = Award(form=giay_khen(), issuer_title="Chủ tịch UBND thành phố", period_start=1800)
    with pytest.raises(ValidationError) as caught:
        award.full_clean()
    assert caught.value.message_dict == {"period_start": ["Năm phải nằm trong khoảng 1945–2100."]}


@pytest.mark.parametrize("text, expected", [("2018", (2018, None)), ("2016-2020", (2016, 2020)),
                                            ("2016 – 2020", (2016, 2020)), (" 2019 ", (2019, None)),
                                            ("2019-2019", (2019, None))])
def test_period_parses_a_year_or_a_range(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("text, message", [
    ("năm 2018", "kỳ khen thưởng «năm 2018» phải là một năm (2018) hoặc một khoảng năm (2016-2020)"),
    ("2020-2016", "kỳ khen thưởng «2020-2016»: năm kết thúc trước năm bắt đầu"),
    ("1900", "năm 1900 nằm ngoài khoảng 1945–2100"),
])
def test_period_refuses_what_is_not_a_year(text, message):
    with pytest.raises(ValueError) as caught:
        parse_period(text)
    assert str(caught.value) == message


def test_award_text_is_normalised_on_save():
    award = AwardFactory(issuer_title="  Chủ tịch   UBND\u00a0thành phố ", decision_number=" 12/QĐ-UBND ",
                         reason="\ufeffCó thành tích xuất sắc\r\n")
    award.refresh_from_db()
    assert award.issuer_title == "Chủ tịch UBND thành phố"
    assert award.decision_number == "12/QĐ-UBND"
    assert award.reason == "Có thành tích xuất sắc"


def test_same_decision_number_and_issuer_is_one_award():
    AwardFactory(decision_number="125/QĐ-CAT")
    with pytest.raises(IntegrityError), transaction.atomic():
        AwardFactory(decision_number="125/QĐ-CAT")
    # Another issuer may use the same number, and drafts have no number at all.
    AwardFactory(decision_number="125/QĐ-CAT", issuer_title="Chủ tịch UBND thành phố")
    AwardFactory(decision_number="")
    AwardFactory(decision_number="")
    assert Award.objects.count() == 4


def test_duplicate_decision_is_reported_in_vietnamese_by_validation():
    AwardFactory(decision_number="125/QĐ-CAT")
    duplicate = Award(form=giay_khen(), issuer_title="Giám đốc Công an tỉnh", decision_number="125/QĐ-CAT",
                      period_start=2018)
    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()
    assert caught.value.messages == ["Đã có quyết định với số này của cùng cấp khen thưởng."]


def test_recipient_slug_keeps_d_and_is_unique():
    first = Recipient.objects.create(kind=RecipientKind.COLLECTIVE, name="Công an phường Đồng Phú")
    second = Recipient.objects.create(kind=RecipientKind.COLLECTIVE, name="Công an phường Đồng Phú",
                                      unit="Công an thành phố Đồng Hới")
    third = Recipient.objects.create(kind=RecipientKind.INDIVIDUAL, name="Công an phường Đồng Phú")
    assert first.slug == "cong-an-phuong-dong-phu"
    assert second.slug == "cong-an-phuong-dong-phu-cong-an-thanh-pho-dong-hoi"
    assert third.slug == "cong-an-phuong-dong-phu-2"


def test_recipient_identity_is_kind_name_and_unit():
    Recipient.objects.create(kind=RecipientKind.INDIVIDUAL, name="Nguyễn Văn An", unit="Công an phường Nam Lý")
    with pytest.raises(IntegrityError), transaction.atomic():
        Recipient.objects.create(kind=RecipientKind.INDIVIDUAL, name=" Nguyễn  Văn An",
                                 unit="Công an phường Nam Lý ")
    Recipient.objects.create(kind=RecipientKind.INDIVIDUAL, name="Nguyễn Văn An", unit="Công an phường Bắc Lý")
    assert Recipient.objects.count() == 2


def test_recipient_name_decomposed_input_is_stored_composed():
    import unicodedata

    recipient = Recipient.objects.create(kind=RecipientKind.INDIVIDUAL, name=unicodedata.normalize("NFD", "Lê Thị Hà"))
    assert recipient.name == "Lê Thị Hà"
    assert Recipient.identity(RecipientKind.INDIVIDUAL, unicodedata.normalize("NFD", "Lê  Thị Hà"), "") == (
        "individual", "Lê Thị Hà", "")


def test_a_recipient_appears_once_per_award_with_its_own_citation():
    award = AwardFactory(decision_number="7/QĐ")
    person = Recipient.objects.create(kind=RecipientKind.INDIVIDUAL, name="Trần Thị Bình")
    AwardRecipient.objects.create(award=award, recipient=person, citation="Phát hiện, bắt giữ 3 đối tượng")
    with pytest.raises(IntegrityError), transaction.atomic():
        AwardRecipient.objects.create(award=award, recipient=person)
    assert [(r.name, link.citation) for link in award.recipient_links.all() for r in [link.recipient]] == [
        ("Trần Thị Bình", "Phát hiện, bắt giữ 3 đối tượng")]
    assert list(person.awards.all()) == [award]


def test_recipient_with_awards_cannot_be_deleted():
    from django.db.models import ProtectedError

    award = AwardFactory(decision_number="8/QĐ")
    person = Recipient.objects.create(kind=RecipientKind.INDIVIDUAL, name="Trần Thị Bình")
    AwardRecipient.objects.create(award=award, recipient=person)
    with pytest.raises(ProtectedError):
        person.delete()


def test_new_awards_are_internal_and_public_lists_only_public_ones():
    internal = AwardFactory(decision_number="9/QĐ")
    public = AwardFactory(decision_number="10/QĐ", visibility=Visibility.PUBLIC)
    assert internal.visibility == Visibility.INTERNAL
    assert list(Award.objects.public()) == [public]


def test_award_links_articles_both_ways():
    from tests.helpers.factories import ArticleFactory, AwardFactory

    article = ArticleFactory()
    award = AwardFactory(decision_number="11/QĐ")
    award.articles.add(article)
    assert list(article.awards.all()) == [award]
