"""Where the body shows: the article page, feeds, JSON-LD, reading time, search; the query budget."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.public.views import article_detail
from photos import renditions
from tests.helpers.body import attach, block
from tests.helpers.factories import ArticleFactory, ArticlePhotoFactory
from tests.helpers.public import check_structure, make_live


def body_html(page: str) -> str:
    return page.split('<div class="article__body">')[1].split('<footer class="article__footer">')[0]


def test_every_block_type_renders_as_semantic_html_in_reading_order(client, rich, target):
    page = client.get(rich.get_absolute_url()).content.decode()
    body = body_html(page)
    check_structure(page)
    assert ('<p>Mở đầu có <strong>chữ đậm</strong> và <a href="https://moj.gov.vn/qd" rel="noopener">một liên '
            'kết</a> cùng <a href="/chuyen-muc/thoi-su/">trang của cổng</a>.</p>') in body
    assert re.search(r'<h2 id="k-[0-9a-f]{8}">Kết quả chính</h2>', body)
    assert re.search(r'<h3 id="k-[0-9a-f]{8}">Chi tiết theo phường</h3>', body)
    assert "<ul><li>Mục thứ nhất</li><li>Mục <em>thứ hai</em></li></ul>" in body
    assert "<ol><li>Bước một</li><li>Bước hai</li></ol>" in body
    assert ('<figure class="quote"><blockquote><p>Chúng tôi sẽ hoàn thành trước hạn.</p></blockquote>'
            '<figcaption>— <cite>Ông Nguyễn Văn A</cite></figcaption></figure>') in body
    assert "<caption>Số hộ theo phường</caption>" in body
    assert '<thead><tr><th scope="col">Phường</th><th scope="col">Số hộ</th></tr></thead>' in body
    assert "<tr><td>Hải Đình</td><td>300</td></tr>" in body
    assert ('<aside class="fact-box"' in body and "<strong>Tóm tắt</strong>" in body
            and "<p>Ba phường hoàn thành chỉ tiêu.</p>" in body)
    file = rich.attachments.get()
    assert (f'<a href="/tep/{file.pk}/" type="application/pdf">Toàn văn quyết định</a> '
            f'<span class="attachment__meta">(PDF, ') in body
    assert f'<a href="{target.get_absolute_url()}">{target.title}</a>' in body
    # The gallery: one region the keyboard can scroll, its photos as figures; the single photo alone.
    gallery = body.split('class="photo-group photo-group--multi"')[1].split("</div>")[0]
    assert 'role="region" tabindex="0" aria-label="Bộ ảnh: 2 ảnh, cuộn ngang để xem"' in gallery
    assert gallery.count("<figure>") == 2 and 'alt="Mô tả ảnh 0"' in gallery
    order = [body.index(text) for text in ("Mở đầu", "Kết quả chính", "Mục thứ nhất", "Ảnh số 0", "Ảnh số 1",
                                           "Chi tiết theo phường", "Số hộ theo phường", "Chúng tôi", "Tóm tắt",
                                           "Phóng sự lễ ra quân", "Toàn văn quyết định", target.title,
                                           "Bước một", "Ảnh số 2", "Đoạn kết của bài.")]
    assert order == sorted(order)


def test_a_video_loads_nothing_from_its_provider_until_play(client, rich):
    page = client.get(rich.get_absolute_url()).content.decode()
    body = body_html(page)
    # No iframe, no script, no image from elsewhere: only a local poster and a link.
    assert "<iframe" not in page
    assert all(src.startswith("/") for src in re.findall(r'\ssrc="([^"]*)"', page)), re.findall(r'src="([^"]*)"', page)
    assert "img.youtube.com" not in page and "ytimg" not in page
    assert 'data-video-embed="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&amp;rel=0"' in body
    assert ('<a class="video__play" href="https://www.youtube.com/watch?v=dQw4w9WgXcQ" rel="noopener">'
            '<img src="/static/img/video-poster.svg"') in body
    assert '<script src="/static/js/video.js" defer></script>' in page
    csp = client.get(rich.get_absolute_url())["Content-Security-Policy"]
    assert "frame-src https://www.youtube-nocookie.com https://player.vimeo.com" in csp


def test_a_related_card_shows_only_while_its_article_is_live(client, rich, target, editor):
    assert target.title in body_html(client.get(rich.get_absolute_url()).content.decode())
    workflow.unpublish(target, editor, note="Gỡ để sửa")
    assert target.title not in body_html(client.get(rich.get_absolute_url()).content.decode())


def test_reading_time_json_ld_article_body_and_word_count(client, rich):
    page = client.get(rich.get_absolute_url()).content.decode()
    assert '<span class="reading-time">1 phút đọc</span>' in page
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["articleBody"] == rich.body_plain and data["articleBody"].startswith("Mở đầu có chữ đậm")
    assert data["wordCount"] == len(rich.body_plain.split()) == 75
    long = make_live(ArticleFactory(paragraphs=["chữ " * 400, "chữ " * 400]))  # 800 words at 300 a minute
    assert '<span class="reading-time">3 phút đọc</span>' in client.get(long.get_absolute_url()).content.decode()


def test_the_article_page_keeps_five_queries_whatever_its_blocks(rf, rich, django_assert_max_num_queries):
    from articles.templatetags.public_site import section_links

    for number in range(3):  # more of everything: it must not cost more queries
        attach(rich, name=f"Phụ lục {number}.pdf")
    rich.body = rich.body + [block("attachment", {"file": item.pk}) for item in rich.attachments.all()[1:]] + [
        block("related", {"article": ArticleFactory(live=True).pk}) for _ in range(3)]
    rich.save()
    for number in range(5):
        ArticleFactory(section=rich.section, title=f"Bài cùng thẻ {number}", live=True).tags.add("Đồng Hới")
    section_links({})
    request = rf.get(rich.get_absolute_url())
    with django_assert_max_num_queries(5):
        response = article_detail(request, section=rich.section.slug, slug=rich.slug)
    page = response.content.decode()
    assert page.count('class="attachment"') == 4 and page.count('class="related-card"') == 4
    assert page.count("<picture") == 3 and page.count("Bài cùng thẻ") == 5


def test_feeds_carry_the_lead_as_text_and_the_full_body_with_absolute_addresses(client, rich, settings):
    settings.SITE_URL = "https://dongphu.gov.vn"
    rich.lead = "Sapo <img src=x onerror=alert(1)> hết."
    rich.save()
    rss = ET.fromstring(client.get(reverse("articles:feed")).content)
    item = rss.find("channel/item")
    # Escaped once more than XML needs: a reader that reads the description as HTML shows the words.
    assert item.find("description").text == "Sapo &lt;img src=x onerror=alert(1)&gt; hết."
    content = item.find("{http://purl.org/rss/1.0/modules/content/}encoded").text
    file = rich.attachments.get()
    assert '<a href="https://dongphu.gov.vn/chuyen-muc/thoi-su/">trang của cổng</a>' in content
    assert f'<a href="https://dongphu.gov.vn/tep/{file.pk}/" type="application/pdf">' in content
    assert re.search(r'<img src="https://dongphu\.gov\.vn/media/[^"]+\.jpg" width="\d+" height="\d+" '
                     r'alt="Mô tả ảnh 0">', content)
    assert '<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">Xem video: Phóng sự lễ ra quân</a>' in content
    assert "<iframe" not in content and "<h2" in content and "<table>" in content
    atom = ET.fromstring(client.get(reverse("articles:feed_atom")).content)
    entry = atom.find("{http://www.w3.org/2005/Atom}entry")
    assert entry.find("{http://www.w3.org/2005/Atom}summary").text == "Sapo &lt;img src=x onerror=alert(1)&gt; hết."
    atom_content = entry.find("{http://www.w3.org/2005/Atom}content")
    assert atom_content.get("type") == "html" and atom_content.text == content


def test_feed_queries_stay_fixed_with_rich_bodies(client, rich, django_assert_max_num_queries):
    for _ in range(4):
        other = ArticleFactory(live=True)
        renditions.ensure_renditions(ArticlePhotoFactory(article=other).photo)
        attach(other)
    with django_assert_max_num_queries(5):  # 4, + the related cards of all items at once
        assert client.get(reverse("articles:feed")).status_code == 200


@pytest.mark.parametrize("query", ["chi tiet phuong", "muc thu hai", "hai dinh", "toan van quyet dinh",
                                   "hoan thanh truoc han", "ba phuong hoan thanh", "phong su le ra quan"])
def test_every_text_of_the_body_is_searchable(client, rich, query):
    results = client.get(reverse("articles:search"), {"q": query}).context["page_obj"].object_list
    assert [article.pk for article in results] == [rich.pk]


def test_search_reads_the_body_text_after_an_edit(client, rich):
    rich.body = [block("paragraph", "Nội dung hoàn toàn mới về cầu Nhật Lệ.")]
    rich.save()
    assert [a.pk for a in client.get(reverse("articles:search"), {"q": "nhat le"}).context["page_obj"]] == [rich.pk]
    assert list(client.get(reverse("articles:search"), {"q": "hai dinh"}).context["page_obj"]) == []
