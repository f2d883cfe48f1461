"""Slugs are ASCII, keep Đ/đ as d, and never collide."""

import pytest

from articles.models import Article, Section, Tag
from authors.models import Author
from newsroom.text import fold, normalize_tone_marks, slugify_vi


@pytest.mark.parametrize("text, slug", [
    ("Đồng Hới", "dong-hoi"),
    ("Giám đốc Công an tỉnh", "giam-doc-cong-an-tinh"),
    ("ĐƯỜNG PHỐ Đà Nẵng", "duong-pho-da-nang"),
    ("Khánh Hòa – Nha Trang: mùa lễ hội!", "khanh-hoa-nha-trang-mua-le-hoi"),
    ("Ưu tiên người ở Quảng Trị", "uu-tien-nguoi-o-quang-tri"),
])
def test_vietnamese_slugs(text, slug):
    assert slugify_vi(text) == slug


def test_every_vietnamese_letter_gives_an_ascii_letter():
    letters = ("aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ")
    for letter in letters + letters.upper():
        assert len(slugify_vi(letter)) == 1, letter


def test_long_titles_are_cut_at_a_hyphen():
    slug = slugify_vi("Đồng Hới " * 40, max_length=50)
    assert len(slug) <= 50
    assert not slug.endswith("-")
    assert slug.startswith("dong-hoi-dong-hoi")


def test_folding_and_tone_marks():
    assert fold("Đồng Hới") == "dong hoi"
    assert normalize_tone_marks("hòa") == normalize_tone_marks("hoà")
    assert normalize_tone_marks("thúy") == normalize_tone_marks("thuý")
    assert normalize_tone_marks("hoàng") == "hoàng"


def test_article_slug_from_vietnamese_title_and_suffix_on_collision(db):
    first = Article.objects.create(title="Đồng Hới: Triển khai chương trình")
    second = Article.objects.create(title="Đồng Hới: Triển khai chương trình")
    third = Article.objects.create(title="Đồng Hới – triển khai chương trình!")
    assert [first.slug, second.slug, third.slug] == [
        "dong-hoi-trien-khai-chuong-trinh", "dong-hoi-trien-khai-chuong-trinh-2",
        "dong-hoi-trien-khai-chuong-trinh-3"]


def test_a_title_with_no_letters_still_gets_a_slug(db):
    assert Article.objects.create(title="!!!").slug == "bai"


def test_section_and_author_slugs(db):
    assert Section.objects.create(name="Đời sống").slug == "doi-song"
    assert Section.objects.create(name="Đời sống!").slug == "doi-song-2"
    assert Author.objects.create(name="Đặng Đức Đạt").slug == "dang-duc-dat"


def test_tag_slugs_are_vietnamese_correct_and_unique(db):
    article = Article.objects.create(title="Bài có thẻ")
    article.tags.add("Đồng Hới", "Giám đốc", "Đồng Hới!")
    slugs = sorted(Tag.objects.values_list("slug", flat=True))
    assert slugs == ["dong-hoi", "dong-hoi-1", "giam-doc"]
    assert Tag.objects.get(slug="dong-hoi").name == "Đồng Hới"


def test_tags_are_case_insensitive(db):
    article = Article.objects.create(title="Bài có thẻ")
    article.tags.add("Khen thưởng")
    Article.objects.create(title="Bài khác").tags.add("Khen thưởng")
    assert Tag.objects.count() == 1


def test_a_section_never_takes_an_address_the_site_uses(db, client, superuser):
    from django.urls import reverse

    assert Section.objects.create(name="Tác giả").slug == "tac-gia-2"  # /tac-gia/ is the authors' pages
    client.force_login(superuser)
    response = client.post(reverse("admin:articles_section_add"), {"name": "Khen thưởng", "slug": "khen-thuong",
                                                                   "order": 0})
    assert response.status_code == 200
    assert "Địa chỉ “khen-thuong” đã dành cho một trang khác của cổng" in response.content.decode()
    assert not Section.objects.filter(slug="khen-thuong").exists()


def test_every_first_path_segment_of_the_site_is_refused_as_a_section_slug(db):
    """Read from the URLconf: a page added later (documents, consultation) reserves its address by existing."""
    from django.core.exceptions import ValidationError

    from articles.models import Section, reserved_section_slugs

    reserved = reserved_section_slugs()
    assert {"admin", "tac-gia", "khen-thuong", "the", "chuyen-muc", "search", "feed", "v", "xem-truoc", "dinh-chinh",
            "static", "media", "bai"} <= reserved
    for slug in reserved:
        if not slug.replace("-", "").isalnum():
            continue  # "robots.txt", "sitemap-": not a slug anyway
        with pytest.raises(ValidationError) as refused:
            Section(name="Mục thử", slug=slug).full_clean()
        assert "đã dành cho một trang khác" in str(refused.value)
    assert Section.objects.create(name="Admin").slug == "admin-2"  # made slugs skip them too
