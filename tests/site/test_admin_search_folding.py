"""Staff search in the admin ignores accents, case, đ/d and tone placement, in every list
(newsroom/admin_search.py), through the admin's own search box, on SQLite and PostgreSQL.

Each list gets a record that should be found ("Đồng Phú") and one that should not
("Đông Hà"), and the search is typed four ways. The editor searches where the
role may look; the documents register (its own roles) is searched as a superuser.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from newsroom.admin_search import FoldedSearchMixin
from tests.helpers.factories import (ArticleFactory, AuthorFactory, AwardFactory, AwardFormFactory,
                                     CorrectionNoteFactory, PhotoFactory, RecipientFactory, SectionFactory,
                                     TagFactory)

TYPED = ["dong phu", "Đồng Phú", "ĐỒNG PHÚ", "đồng phú", "Dong Phu"]


def _royalty_record(editor, title):
    """A proposed record for a live article, graded with the table in force (the seeded one, or ours)."""
    from royalties import rules
    from royalties.models import GradingRow, GradingTable, UnitValue

    today = timezone.localdate()
    table = GradingTable.objects.filter(starts_on__lte=today).order_by("-starts_on").first()
    if table is None:
        table = GradingTable.objects.create(name="Bảng 2020", starts_on=datetime.date(2020, 1, 1),
                                            photo_share_percent=Decimal(30))
    row = table.rows.first() or GradingRow.objects.create(
        table=table, genre="tin", name="Tin", min_coefficient=Decimal(1), max_coefficient=Decimal(2),
        decree_cap=Decimal(10), default_without_photo=Decimal(1), default_with_photo=Decimal("1.5"))
    if not UnitValue.objects.filter(starts_on__lte=today).exists():
        UnitValue.objects.create(starts_on=datetime.date(2020, 1, 1), amount=Decimal(2340000))
    return rules.propose(article=ArticleFactory(title=title, live=True), user=editor, grading_row=row)


def _document(summary):
    from documents.models import Document, DocumentKind, IssuingBody

    kind, _ = DocumentKind.objects.get_or_create(name="Quyết định")
    body, _ = IssuingBody.objects.get_or_create(name="UBND thành phố")
    number = f"{Document.objects.count() + 1}/QĐ-UBND"
    return Document.objects.create(kind=kind, issuing_body=body, summary=summary, number=number)


def _named(model_label, name):
    from django.apps import apps

    return apps.get_model(model_label).objects.create(name=name)


# admin list (app_model), who searches, how to make a record whose searched field holds the text
LISTS = {
    "articles_article": ("editor", lambda text, **kw: ArticleFactory(title=f"Tin {text}")),
    "articles_section": ("editor", lambda text, **kw: SectionFactory(name=f"Xã {text}")),
    "articles_tag": ("editor", lambda text, **kw: TagFactory(name=f"Thẻ {text}")),
    "articles_correctionnote": ("editor", lambda text, **kw: CorrectionNoteFactory(text=f"Sửa tên xã {text}.")),
    "photos_photo": ("editor", lambda text, **kw: PhotoFactory(caption=f"Toàn cảnh xã {text}")),
    "authors_author": ("editor", lambda text, **kw: AuthorFactory(name=f"Phóng viên {text}")),
    "awards_awardform": ("editor", lambda text, **kw: AwardFormFactory(name=f"Giấy khen {text}")),
    "awards_recipient": ("editor", lambda text, **kw: RecipientFactory(name=f"Công an xã {text}")),
    "awards_award": ("editor", lambda text, **kw: AwardFactory(issuer_title=f"Chủ tịch UBND xã {text}")),
    "royalties_royaltyrecord": ("editor", lambda text, editor, **kw: _royalty_record(editor, f"Tin {text}")),
    "documents_document": ("superuser", lambda text, **kw: _document(f"Về quy hoạch xã {text}")),
    "documents_documentkind": ("superuser", lambda text, **kw: _named("documents.DocumentKind", f"Loại {text}")),
    "documents_issuingbody": ("superuser", lambda text, **kw: _named("documents.IssuingBody", f"UBND xã {text}")),
    "documents_sector": ("superuser", lambda text, **kw: _named("documents.Sector", f"Lĩnh vực {text}")),
}


def listed(client, url, q) -> set[int]:
    """The primary keys on the admin list for the search `q`."""
    response = client.get(url, {"q": q})
    assert response.status_code == 200, (url, response.status_code)
    table = re.search(r'<table id="result_list">.*?</table>', response.content.decode(), re.S)
    return {int(pk) for pk in re.findall(r'href="[^"]*/(\d+)/change/[^"]*"', table.group(0))} if table else set()


@pytest.mark.parametrize("name", LISTS)
def test_each_admin_list_finds_dong_phu_however_it_is_typed(client, editor, superuser, name):
    who, make = LISTS[name]
    user = {"editor": editor, "superuser": superuser}[who]
    wanted = make("Đồng Phú", editor=editor)
    other = make("Đông Hà", editor=editor)  # "dong" alone would find it: "phu" must match too
    client.force_login(user)
    url = reverse(f"admin:{name}_changelist")
    for q in TYPED:
        assert listed(client, url, q) == {wanted.pk}, q
    assert listed(client, url, "dong") == {wanted.pk, other.pk}
    assert listed(client, url, "dong phu quang") == set()  # every word must match


def test_the_photo_library_finds_a_caption_typed_without_marks(client, editor):
    """The issue's report: "dong phu" found nothing for a photo captioned "Đồng Phú"."""
    photo = PhotoFactory(caption="Đồng Phú", alt_text="Ảnh", credit="Ngọc Minh")
    client.force_login(editor)
    page = client.get(reverse("admin:photos_photo_changelist"), {"q": "dong phu"}).content.decode()
    assert f'/admin/photos/photo/{photo.pk}/change/' in page


def test_old_and_new_tone_placement_find_each_other(client, editor):
    new, old = AuthorFactory(name="Lê Thị Hoà"), AuthorFactory(name="Trần Thị Thúy")
    client.force_login(editor)
    url = reverse("admin:authors_author_changelist")
    assert listed(client, url, "hòa") == {new.pk}
    assert listed(client, url, "thuý") == {old.pk}


def test_award_recipients_are_found_through_the_award_list(client, editor):
    award = AwardFactory(recipients=[("collective", "Công an phường Hải Thành")])
    AwardFactory(recipients=[("collective", "Công an phường Đức Ninh")])
    client.force_login(editor)
    assert listed(client, reverse("admin:awards_award_changelist"), "hai thanh") == {award.pk}


def test_quoted_words_match_together_and_like_wildcards_are_plain_text(client, editor):
    together = SectionFactory(name="Xã Đồng Phú")
    apart = SectionFactory(name="Phú Đồng")
    percent = SectionFactory(name="Tăng 100% sản lượng")
    client.force_login(editor)
    url = reverse("admin:articles_section_changelist")
    assert listed(client, url, '"dong phu"') == {together.pk}
    assert listed(client, url, "dong phu") == {together.pk, apart.pk}
    assert listed(client, url, "100%") == {percent.pk}
    assert listed(client, url, "1_0") == set()


def test_a_reporter_still_cannot_probe_other_reporters_slot_captions(client, reporter, other_reporter):
    """The photo list drops slot captions from a reporter's search (photos/admin.py): folding keeps that."""
    from photos.models import ArticlePhoto

    draft = ArticleFactory(title="Bản nháp", created_by=other_reporter)
    photo = PhotoFactory(caption="Ảnh chung", uploaded_by=other_reporter)
    ArticlePhoto.objects.create(article=draft, photo=photo, order=0, caption="Bí mật Đồng Phú")
    client.force_login(reporter)
    assert listed(client, reverse("admin:photos_photo_changelist"), "dong phu") == set()


def test_the_autocomplete_folds_too(client, editor):
    """The byline widget searches authors through the same method."""
    author = AuthorFactory(name="Nguyễn Đồng Phú")
    client.force_login(editor)
    response = client.get(reverse("admin:autocomplete"), {"term": "dong phu", "app_label": "articles",
                                                          "model_name": "articleauthor", "field_name": "author"})
    assert response.status_code == 200
    assert [result["id"] for result in response.json()["results"]] == [str(author.pk)]


def test_every_project_admin_that_searches_folds():
    """Whatever lists come later: an admin of ours with search_fields uses the one helper."""
    missing = [type(model_admin).__qualname__ for model, model_admin in admin.site._registry.items()
               if model_admin.search_fields and not type(model_admin).__module__.startswith(("django.", "axes."))
               and not isinstance(model_admin, FoldedSearchMixin)]
    assert missing == []


@pytest.mark.parametrize("text", [
    "Đồng Phú", "ĐỒNG HỚI, hoà Hòa thuý Thúy", "Sửa đường Lý Thường Kiệt", "plain ascii 123", "",
    "Søren Ø", "北京 Đồng", "한국", "e\u0301\u0301x", "\u0301abc", "ǖ Ǿ", "ﬁ ligature", "İstanbul", "ß",
    "Đồng Phú Khánh Hòa (decomposed)".replace("ồ", "o\u0302\u0300"),
])
def test_the_fast_fold_sqlite_runs_is_exactly_fold(text):
    from newsroom.admin_search import fold_fast
    from newsroom.text import fold

    assert fold_fast(text) == fold(text)


def test_the_fast_fold_is_exactly_fold_for_every_vietnamese_letter():
    from articles.search.query import VIETNAMESE_LETTERS
    from newsroom.admin_search import fold_fast
    from newsroom.text import fold

    assert [fold_fast(letter) for letter in VIETNAMESE_LETTERS] == [fold(letter) for letter in VIETNAMESE_LETTERS]
    assert fold_fast(VIETNAMESE_LETTERS) == fold(VIETNAMESE_LETTERS)
