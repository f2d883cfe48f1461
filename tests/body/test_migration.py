"""Migration articles/0011: every article reads the same, text and photos in the same order, before and after."""

import html
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from articles.importer import parse_export
from articles.models import Article

OLD = [("articles", "0010_search_weights_lead_body"), ("photos", "0005_forget_guessable_rendition_names")]
SEED = Path(settings.BASE_DIR) / "articles" / "fixtures" / "seed"


def reading_order_before(paragraphs, slots):
    """What the page showed before 0010 (Article.body_blocks as it was): text and captions in order."""
    groups, last = {}, len(paragraphs)
    for caption, after in slots:
        groups.setdefault(min(after, last), []).append(("photo", caption))
    order = list(groups.get(0, []))
    for number, text in enumerate(paragraphs, start=1):
        order.append(("text", text))
        order += groups.get(number, [])
    return order


def reading_order_on_the_page(page: str):
    body = page.split('<div class="article__body">')[1].split('<footer class="article__footer">')[0]
    order = []
    for match in re.finditer(r"<p>(.*?)</p>|<figcaption>(.*?)</figcaption>", body, re.S):
        if match.group(1) is not None:
            order.append(("text", html.unescape(re.sub(r"<[^>]+>", "", match.group(1)))))
        else:
            order.append(("photo", html.unescape(re.sub(r"<[^>]+>", "", match.group(2))).strip()))
    return order


@pytest.mark.django_db(transaction=True)
def test_every_imported_and_demo_article_reads_the_same_after_the_migration(client):
    call_command("migrate", "articles", "0010", verbosity=0)
    call_command("migrate", "photos", "0005", verbosity=0)
    state = MigrationExecutor(connection).loader.project_state(OLD)
    OldArticle = state.apps.get_model("articles", "Article")
    OldSlot = state.apps.get_model("photos", "ArticlePhoto")
    published = timezone.now() - timezone.timedelta(hours=1)

    cases = {}
    # Every legacy export (the demo's sample article is the first one), as the old importer stored it.
    exports = [parse_export(path.read_bytes(), path.stem) for path in sorted(SEED.glob("*.txt"))]
    hand_made = [
        # Slots after the same paragraph (one gallery), a slot past the end, text with markup-like words.
        ("Bài có ảnh cuối", ["Đoạn <b>một</b> & hai.", "Xem https://dongphu.gov.vn/van-ban."],
         [("Ảnh đầu", 0), ("Ảnh sau đoạn hai", 2), ("Cùng nhóm", 2), ("Quá cuối", 9)]),
        ("Bài không có ảnh", ["Chỉ một đoạn."], []),
        ("Bài chỉ có ảnh", [], [("Ảnh một", 0), ("Ảnh hai", 3)]),
    ]
    for number, item in enumerate([(parsed.title, parsed.paragraphs,
                                    [(photo.caption, photo.after_paragraph) for photo in parsed.photos])
                                   for parsed in exports] + hand_made):
        title, paragraphs, slots = item
        article = OldArticle.objects.create(title=title, slug=f"bai-{number}", lead="Sapo.", paragraphs=paragraphs,
                                            status="published", publish_at=published, search_text="")
        for order, (caption, after) in enumerate(slots):
            OldSlot.objects.create(article=article, caption=caption, after_paragraph=after, order=order)
        cases[article.pk] = reading_order_before(paragraphs, slots)
    assert len(cases) == len(exports) + 3 and any(len(order) > 10 for order in cases.values())

    call_command("migrate", verbosity=0)  # every app forward again

    for pk, before in cases.items():
        article = Article.objects.get(pk=pk)
        page = client.get(article.get_absolute_url()).content.decode()
        assert reading_order_on_the_page(page) == before, article.title
    shown = Article.objects.get(slug="bai-1" if exports else "bai-0")
    galleries = [block["value"]["slots"] for block in Article.objects.get(title="Bài có ảnh cuối").body
                 if block["type"] == "photos"]
    assert [len(slots) for slots in galleries] == [1, 3]  # after paragraph 2 and past the end: one gallery
    assert 'href="https://dongphu.gov.vn/van-ban"' in client.get(
        Article.objects.get(title="Bài có ảnh cuối").get_absolute_url()).content.decode()
    assert shown.body_plain and shown.search_text
