"""The register's public pages: list, filters, search, detail, files, feed, sitemap, caching,
the no-leak rule and the query budgets."""

import datetime
import json
import re
from urllib.parse import quote

import pytest
from django.utils import timezone

from documents import workflow
from documents.models import DocumentRelation, RelationKind, Sector
from tests.helpers.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def text(response) -> str:
    return response.content.decode()


def test_the_list_shows_public_documents_newest_first_with_their_status(client, make_document):
    old = make_document(number="10/QĐ-UBND", summary="Quy chế cũ", issued_on=days(-400), effective_on=days(-390))
    new = make_document(number="146/QĐ-UBND", summary="Quy chế mới", issued_on=days(-3), effective_on=days(10))
    response = client.get("/van-ban/")
    assert response.status_code == 200
    page = text(response)
    assert page.index("146/QĐ-UBND") < page.index("10/QĐ-UBND")
    assert 'doc-status--chua-co-hieu-luc">Chưa có hiệu lực' in page
    assert 'doc-status--con-hieu-luc">Còn hiệu lực' in page
    assert new.get_absolute_url() in page and old.get_absolute_url() in page


@pytest.mark.parametrize("query", ["146/QĐ-UBND", "146/QD-UBND", "146 qđ ubnd", "146"])
def test_the_list_search_finds_a_number_however_it_is_typed(client, make_document, query):
    wanted = make_document()
    other = make_document(number="99/KH-UBND", summary="Kế hoạch phòng chống thiên tai")
    page = text(client.get("/van-ban/", {"q": query}))
    assert wanted.get_absolute_url() in page
    assert other.get_absolute_url() not in page


def test_the_list_filters_by_kind_body_field_year_and_status(client, make_document, sector):
    from documents.models import IssuingBody

    other_body = IssuingBody.objects.create(name="Sở Xây dựng")
    plan = make_document(number="5/KH-UBND", kind_name="Kế hoạch", summary="Kế hoạch năm", issued_on=days(-800),
                         effective_on=days(-790), sector=sector)
    expired = make_document(number="7/QĐ-SXD", summary="Quy định đã hết", issuing_body=other_body,
                            effective_on=days(-100), expires_on=days(-1))
    in_force = make_document(number="8/QĐ-UBND", summary="Quy định đang dùng")
    cases = {"loai": ("ke-hoach", plan), "co-quan": (other_body.slug, expired), "linh-vuc": (sector.slug, plan),
             "nam": (str(days(-800).year), plan), "trang-thai": ("het-hieu-luc", expired)}
    for parameter, (value, only) in cases.items():
        page = text(client.get("/van-ban/", {parameter: value}))
        shown = [doc for doc in (plan, expired, in_force) if doc.get_absolute_url() in page]
        assert shown == [only], parameter
    page = text(client.get("/van-ban/", {"trang-thai": "con-hieu-luc"}))
    assert in_force.get_absolute_url() in page and expired.get_absolute_url() not in page


def test_the_detail_page_has_the_metadata_table_files_and_dublin_core(client, make_document, files, sector):
    document = make_document(sector=sector, files=[(files["pdf"], "Quyết định 146.pdf"), (files["docx"], "Phụ lục.docx")],
                             full_text="<p>Điều 1. Phê duyệt.</p>")
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    page = text(response)
    assert '<th scope="row">Số ký hiệu</th><td>146/QĐ-UBND</td>' in page
    assert '<th scope="row">Cơ quan ban hành</th><td>UBND thành phố Đồng Hới</td>' in page
    assert '<th scope="row">Tình trạng hiệu lực</th><td>Còn hiệu lực</td>' in page
    assert "Quyết định 146.pdf</a> <span class=\"doc-files__meta\">(PDF, " in page
    assert "Phụ lục.docx</a> <span class=\"doc-files__meta\">(DOCX, " in page
    assert "<p>Điều 1. Phê duyệt.</p>" in page
    assert '<meta name="DC.identifier" content="146/QĐ-UBND">' in page
    assert f'<meta name="DC.date.issued" content="{document.issued_on.isoformat()}">' in page
    assert '<meta name="DC.creator" content="UBND thành phố Đồng Hới">' in page
    assert '<meta name="DC.type" content="Quyết định">' in page
    assert '<meta name="DC.subject" content="Đất đai">' in page
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["@type"] == "Legislation"
    assert data["legislationIdentifier"] == "146/QĐ-UBND"
    assert data["legislationLegalForce"] == "https://schema.org/InForce"


def test_a_file_downloads_under_its_real_vietnamese_name_and_type(client, make_document, files):
    document = make_document(files=[(files["pdf"], "Quyết định số 146.pdf")])
    item = document.files.get()
    response = client.get(item.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f"attachment; filename*=utf-8''{quote('Quyết định số 146.pdf')}")
    assert b"".join(response.streaming_content) == files["pdf"]


def test_related_documents_show_both_ways_with_their_status(client, make_document):
    old = make_document(number="10/QĐ-UBND", summary="Quy chế cũ", effective_on=days(-400))
    new = make_document(number="146/QĐ-UBND", summary="Quy chế mới", effective_on=days(-1))
    DocumentRelation.objects.create(source=new, kind=RelationKind.REPLACES, target=old)
    old_page = text(client.get(old.get_absolute_url()))
    assert "Bị thay thế bởi:</span> <a href=\"%s\">Quyết định 146/QĐ-UBND</a>" % new.get_absolute_url() in old_page
    assert '<th scope="row">Tình trạng hiệu lực</th><td>Hết hiệu lực</td>' in old_page
    new_page = text(client.get(new.get_absolute_url()))
    assert "Thay thế:</span> <a href=\"%s\">Quyết định 10/QĐ-UBND</a>" % old.get_absolute_url() in new_page
    assert 'doc-status--het-hieu-luc">Hết hiệu lực' in new_page


def test_the_detail_page_lists_only_live_articles_citing_it(client, make_document):
    document = make_document()
    live = ArticleFactory(live=True, title="Đồng Hới công bố kế hoạch sử dụng đất")
    draft = ArticleFactory(title="Bài nháp nhắc văn bản")
    document.articles.add(live, draft)
    page = text(client.get(document.get_absolute_url()))
    assert "Đồng Hới công bố kế hoạch sử dụng đất" in page
    assert "Bài nháp nhắc văn bản" not in page
    assert list(live.cited_documents.all()) == [document]


# --- No leak --------------------------------------------------------------------------------


def _public_surfaces(client):
    return "".join(text(client.get(url)) for url in ("/van-ban/", "/van-ban/?q=146", "/van-ban/feed/",
                                                      "/sitemap-documents.xml", "/sitemap.xml", "/lay-y-kien/"))


def test_a_draft_appears_nowhere_public(client, make_document, files):
    draft = make_document(publish=False, summary="Văn bản chưa công bố bí mật",
                          files=[(files["pdf"], "bi-mat.pdf")])
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(draft.files.get().get_absolute_url()).status_code == 404
    surfaces = _public_surfaces(client)
    assert "bí mật" not in surfaces and draft.slug not in surfaces


def test_a_withdrawn_document_answers_410_and_appears_nowhere(client, make_document, clerk, files):
    document = make_document(summary="Văn bản sẽ bị thu hồi", files=[(files["pdf"], "thu-hoi.pdf")])
    assert document.slug in _public_surfaces(client)
    workflow.withdraw(document, clerk, note="Ban hành sai thẩm quyền")
    response = client.get(document.get_absolute_url())
    assert response.status_code == 410
    assert "Văn bản đã được thu hồi" in text(response)
    assert "sẽ bị thu hồi" not in text(response)
    assert client.get(document.files.get().get_absolute_url()).status_code == 410
    surfaces = _public_surfaces(client)
    assert "sẽ bị thu hồi" not in surfaces and document.slug not in surfaces


def test_staff_who_manage_documents_may_download_a_drafts_file(client, make_document, clerk, reporter, files):
    draft = make_document(publish=False, files=[(files["pdf"], "du-thao.pdf")])
    url = draft.files.get().get_absolute_url()
    client.force_login(reporter)
    assert client.get(url).status_code == 404
    client.force_login(clerk)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_the_feed_lists_new_documents(client, make_document):
    document = make_document()
    response = client.get("/van-ban/feed/")
    assert response.status_code == 200
    assert "<title>Quyết định 146/QĐ-UBND: Về việc phê duyệt" in text(response)
    assert document.get_absolute_url() in text(response)


def test_the_sitemap_lists_documents_and_consultations(client, make_document, make_consultation):
    document = make_document()
    consultation = make_consultation()
    assert "sitemap-documents.xml" in text(client.get("/sitemap.xml"))
    assert document.get_absolute_url() in text(client.get("/sitemap-documents.xml"))
    assert consultation.get_absolute_url() in text(client.get("/sitemap-consultations.xml"))


def test_a_publication_shows_at_once_on_a_cached_list(client, make_document, clerk):
    first = make_document(number="1/QĐ-UBND", summary="Văn bản thứ nhất")
    assert first.get_absolute_url() in text(client.get("/van-ban/"))
    assert client.get("/van-ban/")["X-Page-Cache"] == "hit"
    second = make_document(number="2/QĐ-UBND", summary="Văn bản thứ hai", publish=False)
    workflow.publish(second, clerk)
    assert second.get_absolute_url() in text(client.get("/van-ban/"))
    workflow.withdraw(second, clerk, note="Nhầm")
    assert second.get_absolute_url() not in text(client.get("/van-ban/"))


def test_a_bad_page_number_is_a_404(client, make_document):
    make_document()
    assert client.get("/van-ban/", {"page": "abc"}).status_code == 404
    assert client.get("/van-ban/", {"page": "9"}).status_code == 404


# --- Query budgets ----------------------------------------------------------------------------


def _rich(make_document, files, count):
    """A document with `count` files, relations both ways and citing articles."""
    document = make_document(number="500/QĐ-UBND", files=[(files["pdf"], f"tep-{n}.pdf") for n in range(count)])
    for n in range(count):
        other = make_document(number=f"{600 + n}/QĐ-UBND", summary=f"Văn bản liên quan {n}")
        DocumentRelation.objects.create(source=document, kind=RelationKind.AMENDS, target=other)
        DocumentRelation.objects.create(source=other, kind=RelationKind.GUIDES, target=document)
        document.articles.add(ArticleFactory(live=True))
    return document


@pytest.mark.parametrize("count", [1, 6])
def test_the_detail_page_runs_a_fixed_number_of_queries(client, settings, make_document, files, count,
                                                         django_assert_max_num_queries):
    settings.PAGE_CACHE_SECONDS = 0
    document = _rich(make_document, files, count)
    with django_assert_max_num_queries(7):
        response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert text(response).count("doc-files__meta") == count


@pytest.mark.parametrize("count", [2, 12])
def test_the_list_runs_a_fixed_number_of_queries(client, settings, make_document, count, sector,
                                                  django_assert_max_num_queries):
    settings.PAGE_CACHE_SECONDS = 0
    for n in range(count):
        make_document(number=f"{n + 1}/QĐ-UBND", summary=f"Văn bản {n}", sector=sector)
    Sector.objects.create(name="Xây dựng")
    with django_assert_max_num_queries(7):
        response = client.get("/van-ban/", {"q": "qđ"})
    assert text(response).count('class="doc-row"') == count
