"""python manage.py demo: demo users, sections and the sample article, published.

Idempotent, and refused unless DEBUG is on: it creates accounts with known roles.
"""

import io
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from PIL import Image, ImageDraw

from articles import workflow
from articles.importer import read_export, save_parsed
from articles.models import Section, Status
from photos.models import Photo
from documents import demo as documents_demo
from royalties import demo as royalties_demo

SEED_FILE = Path(settings.BASE_DIR) / "articles" / "fixtures" / "seed" / "000_e54cdf6b1a378940.txt"

DEMO_USERS = [
    # username, group, is_superuser
    ("phongvien", "Reporter", False),
    ("bientap", "Editor", False),
    ("truongban", "Chief editor", False),
    ("ketoan", "Accountant", False),
    ("vanthu", "Document clerk", False),
    ("quantri", None, True),
]

DEMO_SECTIONS = [
    ("Thời sự", "thoi-su"),
    ("An ninh – Trật tự", "an-ninh-trat-tu"),
    ("Kinh tế", "kinh-te"),
    ("Văn hóa – Xã hội", "van-hoa-xa-hoi"),
]

SAMPLE_TAGS = ["Đồng Hới", "An ninh trật tự", "Khen thưởng"]


class Command(BaseCommand):
    help = ("Tạo dữ liệu mẫu (chỉ khi DEBUG bật): tài khoản, chuyên mục, bài mẫu đã đăng, một tháng "
            "nhuận bút đã chấm, vài văn bản và một dự thảo đang lấy ý kiến.")

    def add_arguments(self, parser):
        parser.add_argument("--reset-passwords", action="store_true",
                            help="Đặt mật khẩu mới cho các tài khoản mẫu và in ra.")

    def handle(self, *args, reset_passwords=False, **options):
        if not settings.DEBUG:
            raise CommandError("Lệnh demo chỉ chạy khi DEBUG bật: nó tạo tài khoản với mật khẩu in ra màn hình.")
        with transaction.atomic():
            logins = self._users(reset_passwords)
            sections = self._sections()
            article = self._sample_article(sections["an-ninh-trat-tu"])
            royalties = royalties_demo.seed_demo()
            documents = documents_demo.seed_demo(publisher=get_user_model().objects.get(username="vanthu"))
        self.stdout.write(f"Bài mẫu: {settings.SITE_URL}{article.get_absolute_url()}")
        self.stdout.write(f"Văn bản mẫu: {settings.SITE_URL}/van-ban/ ({len(documents)} mục, có một dự thảo "
                          "đang lấy ý kiến)")
        if royalties["month"]:
            self.stdout.write(f"Nhuận bút tháng {royalties['month']}: {royalties['approved']} bài đã duyệt.")
        self.stdout.write("Tài khoản mẫu:")
        for username, password in logins:
            shown = password or "(đã có; mật khẩu in ở lần chạy đầu, đặt lại: manage.py demo --reset-passwords)"
            self.stdout.write(f"  {username:<10} {shown}")

    def _users(self, reset_passwords):
        User = get_user_model()
        logins = []
        for username, group_name, is_superuser in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username, defaults={"is_staff": True, "is_superuser": is_superuser,
                                             "email": f"{username}@example.com"})
            password = None
            if created or reset_passwords:
                password = secrets.token_urlsafe(9)
                user.set_password(password)
                user.save()
            if group_name:
                group, _ = Group.objects.get_or_create(name=group_name)
                user.groups.add(group)
            logins.append((username, password))
        return logins

    def _sections(self):
        sections = {}
        for order, (name, slug) in enumerate(DEMO_SECTIONS):
            sections[slug], _ = Section.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})
        return sections

    def _sample_article(self, section):
        article, _ = save_parsed(read_export(SEED_FILE), section=section)
        article.tags.add(*SAMPLE_TAGS)
        for number, slot in enumerate(article.photo_slots.select_related("photo"), start=1):
            if slot.photo is None:
                slot.photo = Photo.objects.create(
                    image=ContentFile(placeholder_jpeg(number), name=f"demo-{number}.jpg"),
                    alt_text=slot.caption, credit="Minh họa")
                slot.save(update_fields=["photo"])
        author = article.byline()[0]
        if not author.bio:
            author.bio = "Phóng viên tin an ninh – trật tự thành phố Đồng Hới."
            author.save(update_fields=["bio"])
        if article.status not in (Status.PUBLISHED, Status.SCHEDULED):
            editor = get_user_model().objects.get(username="bientap")
            article = workflow.publish(article, editor)
        return article


def placeholder_jpeg(number: int, size=(1200, 800)) -> bytes:
    """A gradient placeholder, different for each slot, made with Pillow."""
    hue = (number * 47) % 255
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(size[1]):
        shade = int(80 + 120 * y / size[1])
        draw.line([(0, y), (size[0], y)], fill=((hue + shade) % 255, shade, (255 - hue + shade // 2) % 255))
    draw.rectangle([40, 40, 360, 140], fill=(255, 255, 255))
    draw.text((60, 70), f"Demo photo {number}", fill=(0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()
