"""Build a benchmark corpus of live articles with bulk inserts.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench \\
        .venv/bin/python bench/corpus.py --articles 10000

Creates 12 sections, 300 authors, a pool of 2,000 tags, and N published
articles made from the sample's sentences, each with 3-8 captioned photo slots
(pointing at a small pool of real JPEG files), 5 tags and 1-2 authors. Bodies
hold every block type in the proportions of a city portal (body_blocks below):
paragraphs, one or two subheadings, the photos in one or two places, and now and
then a list, a quote, a table of figures, a fact box, a video, a related article
or an attached document.
The target database is emptied of articles first. Prints what it made and how
long it took.
"""

import argparse
import io
import os
import random
import re
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from PIL import Image  # noqa: E402

from articles.importer import read_export  # noqa: E402
from django.utils.html import escape  # noqa: E402

from articles.body import body_text  # noqa: E402
from articles.models import Article, ArticleAuthor, Attachment, Section, Status, Tag, TaggedArticle  # noqa: E402
from authors.models import Author  # noqa: E402
from newsroom.text import fold, slugify_vi  # noqa: E402
from photos.models import ArticlePhoto, Photo  # noqa: E402
from photos.renditions import ensure_og, ensure_renditions  # noqa: E402

SEED = ROOT / "articles" / "fixtures" / "seed" / "000_e54cdf6b1a378940.txt"
SECTION_NAMES = ["Thời sự", "Chính trị", "Kinh tế", "Xã hội", "An ninh – Trật tự", "Giáo dục", "Y tế",
                 "Văn hóa", "Thể thao", "Du lịch", "Nông nghiệp", "Đô thị"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Quang", "Minh", "Ngọc", "Đức", "Thanh", "Hữu", "Xuân", "Thu"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hoa", "Hùng", "Lan", "Linh", "Long", "Mai", "Nam",
         "Nga", "Phong", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Văn", "Việt", "Yến"]
PLACES = ["Đồng Hới", "Bố Trạch", "Quảng Trạch", "Lệ Thủy", "Quảng Ninh", "Tuyên Hóa", "Minh Hóa", "Ba Đồn",
          "Nhật Lệ", "Bảo Ninh", "Phong Nha", "Đức Ninh", "Hải Thành", "Nam Lý", "Bắc Lý", "Đồng Phú"]
TOPICS = ["phong trào toàn dân bảo vệ ANTQ", "cải cách hành chính", "chuyển đổi số", "xây dựng nông thôn mới",
          "phòng chống thiên tai", "an toàn giao thông", "giáo dục pháp luật", "du lịch cộng đồng",
          "phát triển kinh tế biển", "bảo vệ môi trường", "khám chữa bệnh", "văn hóa đọc", "đường giao thông"]
VERBS = ["Triển khai", "Tổng kết", "Đẩy mạnh", "Sơ kết", "Hội nghị về", "Nâng cao hiệu quả", "Kiểm tra",
         "Khen thưởng điển hình", "Phát động", "Ra quân"]
PHOTO_POOL = 40


def sentences() -> list[str]:
    parsed = read_export(SEED)
    text = " ".join([parsed.lead, *parsed.paragraphs])
    return [s.strip() for s in re.split(r"(?<=[.…])\s*", text) if len(s.strip()) > 20]


def jpeg(number: int) -> bytes:
    image = Image.new("RGB", (1600, 1067), ((number * 53) % 255, (number * 97) % 255, (number * 31) % 255))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def clear():
    with transaction.atomic():
        TaggedArticle.objects.all().delete()
        ArticlePhoto.objects.all().delete()
        ArticleAuthor.objects.all().delete()
        Article.objects.all().delete()
        Photo.objects.all().delete()
        Tag.objects.all().delete()
        Author.objects.all().delete()
        Section.objects.all().delete()


def build(count: int, seed: int = 2019, batch: int = 2000) -> dict:
    rng = random.Random(seed)
    pool = sentences()
    started = time.perf_counter()
    clear()

    sections = Section.objects.bulk_create(
        Section(name=name, slug=slugify_vi(name), order=i) for i, name in enumerate(SECTION_NAMES))
    names = set()
    while len(names) < 300:
        names.add(f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}")
    authors = Author.objects.bulk_create(
        Author(name=name, slug=f"{slugify_vi(name)}-{i}", bio="Phóng viên.") for i, name in enumerate(sorted(names)))
    tag_names = [f"{place} {topic}" for place in PLACES for topic in TOPICS]
    tag_names += [f"{topic} năm {year}" for topic in TOPICS for year in range(2000, 2026)]
    tag_names = sorted(set(tag_names))[:2000]
    tags = Tag.objects.bulk_create(Tag(name=name, slug=f"{slugify_vi(name)}-{i}") for i, name in enumerate(tag_names))
    photos = [Photo.objects.create(image=ContentFile(jpeg(i), name=f"bench-{i}.jpg"), alt_text=f"Ảnh minh họa {i}",
                                   credit="Tòa soạn") for i in range(PHOTO_POOL)]
    # One stored document that the corpus's attachment rows share (bulk rows, one file).
    document = default_storage.save("attachments/bench/plan.pdf", ContentFile(PDF))
    for photo in photos:  # as an upload in the admin does
        ensure_renditions(photo)
        ensure_og(photo)

    now = timezone.now()
    made = {"articles": 0, "slots": 0, "tags": 0, "bylines": 0}
    for start in range(0, count, batch):
        rows = []
        for number in range(start, min(start + batch, count)):
            title = f"{rng.choice(PLACES)}: {rng.choice(VERBS)} {rng.choice(TOPICS)} năm {rng.randint(2015, 2026)}"
            lead = rng.choice(pool)
            paragraphs = [" ".join(rng.sample(pool, 3)) for _ in range(5)]
            rows.append(Article(
                title=title, slug=f"{slugify_vi(title, max_length=150)}-{number}", lead=lead,
                body=[_block("paragraph", escape(text)) for text in paragraphs],
                # The first section holds 45% of articles, so that it has a page 200 to measure.
                section=sections[0] if rng.random() < 0.45 else sections[number % len(sections)],
                status=Status.PUBLISHED,
                publish_at=now - timedelta(minutes=number * 7 + rng.randint(0, 6)),
                view_count=rng.randint(0, 5000)))
        with transaction.atomic():
            articles = Article.objects.bulk_create(rows)
            slots, tagged, bylines = [], [], []
            for article in articles:
                for order in range(rng.randint(3, 8)):
                    slots.append(ArticlePhoto(article=article, photo=rng.choice(photos), order=order,
                                              caption=rng.choice(pool)[:180]))
                for tag in rng.sample(tags, 5):
                    tagged.append(TaggedArticle(content_object=article, tag=tag))
                for order, author in enumerate(rng.sample(authors, rng.randint(1, 2))):
                    bylines.append(ArticleAuthor(article=article, author=author, order=order))
            ArticlePhoto.objects.bulk_create(slots, batch_size=5000)
            by_article = {}
            for slot in slots:
                by_article.setdefault(slot.article_id, []).append(slot.pk)
            files = [Attachment(article=article, file=document, file_name="Kế hoạch thực hiện.pdf",
                                content_type="application/pdf", size=len(PDF), title="Kế hoạch thực hiện")
                     for article in articles if rng.random() < ATTACHMENT_SHARE]
            files = Attachment.objects.bulk_create(files, batch_size=5000)
            file_of = {item.article_id: item.pk for item in files}
            earlier = [article.pk for article in articles]
            for article in articles:
                article.body = body_blocks(rng, article, pool, by_article[article.pk], file_of.get(article.pk),
                                           earlier)
                article.body_plain = body_text(article.body)
                article.search_text = fold(" ".join([article.title, article.lead, article.body_plain]))
            # bulk_update bypasses save(): these bodies are built valid by body_blocks.
            Article.objects.bulk_update(articles, ["body", "body_plain", "search_text"], batch_size=1000)
            TaggedArticle.objects.bulk_create(tagged, batch_size=5000)
            ArticleAuthor.objects.bulk_create(bylines, batch_size=5000)
        made["articles"] += len(articles)
        made["slots"] += len(slots)
        made["tags"] += len(tagged)
        made["bylines"] += len(bylines)

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    made["seconds"] = round(time.perf_counter() - started, 1)
    return made


# How often a body has each occasional block (a city portal's articles, read over a month of one).
LIST_SHARE, QUOTE_SHARE, TABLE_SHARE, BOX_SHARE = 0.3, 0.25, 0.1, 0.15
VIDEO_SHARE, RELATED_SHARE, ATTACHMENT_SHARE = 0.08, 0.2, 0.05
PDF = b"%PDF-1.4\n%bench\n%%EOF\n"


def _block(kind, value):
    return {"id": str(uuid.UUID(int=random.getrandbits(128), version=4)), "type": kind, "value": value}


def body_blocks(rng, article, pool, slot_ids, file_id, earlier) -> list[dict]:
    """The article's paragraphs with the occasional blocks in realistic places."""
    blocks = list(article.body)
    photos = [_block("photos", {"slots": slot_ids[:max(1, len(slot_ids) // 2)]})]
    if len(slot_ids) > 1:
        photos.append(_block("photos", {"slots": slot_ids[max(1, len(slot_ids) // 2):]}))
    extra = [_block("heading", {"level": 2, "text": rng.choice(TOPICS).capitalize()})]
    if rng.random() < 0.5:
        extra.append(_block("heading", {"level": 3, "text": rng.choice(PLACES)}))
    if rng.random() < LIST_SHARE:
        extra.append(_block("list", {"style": rng.choice(["bullet", "number"]),
                                     "items": [escape(rng.choice(pool)[:120]) for _ in range(rng.randint(2, 5))]}))
    if rng.random() < QUOTE_SHARE:
        extra.append(_block("quote", {"text": escape(rng.choice(pool)), "cite": "Ông " + rng.choice(GIVEN)}))
    if rng.random() < TABLE_SHARE:
        extra.append(_block("table", {"caption": "Kết quả theo địa bàn", "header": True, "rows": [
            ["Địa bàn", "Số hộ", "Tỷ lệ"]] + [[place, str(rng.randint(100, 999)), f"{rng.randint(50, 99)}%"]
                                             for place in rng.sample(PLACES, 4)]}))
    if rng.random() < BOX_SHARE:
        extra.append(_block("box", {"title": "Thông tin thêm", "text": escape(rng.choice(pool))}))
    if rng.random() < VIDEO_SHARE:
        extra.append(_block("video", {"url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "caption": title_of(rng)}))
    for block in extra:
        blocks.insert(rng.randint(1, len(blocks)), block)
    blocks.insert(0, photos[0])
    if len(photos) > 1:
        blocks.insert(rng.randint(2, len(blocks)), photos[1])
    if file_id:
        blocks.append(_block("attachment", {"file": file_id, "title": "Kế hoạch thực hiện"}))
    if rng.random() < RELATED_SHARE and len(earlier) > 1:
        blocks.append(_block("related", {"article": rng.choice([pk for pk in earlier[:50] if pk != article.pk])}))
    return blocks


def title_of(rng) -> str:
    return f"{rng.choice(VERBS)} {rng.choice(TOPICS)} tại {rng.choice(PLACES)}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2019)
    args = parser.parse_args()
    made = build(args.articles, seed=args.seed)
    print(f"corpus: {made['articles']} articles, {made['slots']} photo slots, {made['tags']} tag links, "
          f"{made['bylines']} bylines in {made['seconds']} s ({connection.vendor})")


if __name__ == "__main__":
    main()
