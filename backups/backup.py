"""Whole-site backup and restore: `export_site DIR` and `import_site DIR`.

An export folder holds:
  manifest.json  what it is: format, version, when, how many rows and files
  accounts.json  users and groups, identified by natural key (username, group
                 name), so that groups a migration already made are reused
  content.json   the database content of every project app, tags and the
                 admin history, with their own ids; they name users, groups,
                 content types and permissions by natural key, so the rows
                 load into any freshly migrated database
                 (both in Django's JSON serializer format)
  media/         every file of the public media storage (renditions, portraits), by name
  originals/     every file of the private photo-originals storage, by name

Left out on purpose: sessions (everyone logs in again), login-lockout records
(django-axes), content types and permissions themselves (`migrate` makes them).
"""

import json
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, transaction
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.body import validate_body

FORMAT = "newsroom-site-export"
VERSION = 1

ACCOUNT_LABELS = ["auth.user", "auth.group"]
# Besides the project's own apps (those at the top of the repository).
EXTRA_CONTENT_LABELS = ["taggit", "admin.logentry"]
DATA_FILES = ["accounts.json", "content.json"]
# Django's JSON, datetimes to the microsecond (newsroom/exact_json.py).
EXACT_JSON = "newsroom-exact-json"


class BackupError(Exception):
    """An export or import that cannot be done; the message says why, in Vietnamese."""


@dataclass
class Summary:
    rows: dict[str, int]
    media_files: int


def project_app_labels() -> list[str]:
    """Apps with models whose package is at the top of this repository (articles, photos, authors, ...)."""
    base = Path(settings.BASE_DIR).resolve()
    return [config.label for config in apps.get_app_configs()
            if Path(config.path).resolve().parent == base and list(config.get_models())]


def exported_labels() -> list[str]:
    return ACCOUNT_LABELS + project_app_labels() + EXTRA_CONTENT_LABELS


def _models(labels: list[str]):
    for label in labels:
        if "." in label:
            yield apps.get_model(label)
        else:
            yield from apps.get_app_config(label).get_models()


def _count_rows(labels: list[str]) -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in _models(labels)}


def _media_names(storage: Storage, folder: str = ""):
    """Every file name in the storage, walking folders (works for the file system and S3)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield str(PurePosixPath(folder, name)) if folder else name
    for sub in sorted(folders):
        yield from _media_names(storage, str(PurePosixPath(folder, sub)) if folder else sub)


# Folder in the export -> the STORAGES alias whose files it holds.
FILE_STORAGES = {"media": "default", "originals": "photo_originals"}


def _copy_out(storage: Storage, folder: Path) -> int:
    folder.mkdir()
    count = 0
    for name in _media_names(storage):
        destination = folder / PurePosixPath(name)
        destination.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, open(destination, "wb") as out:
            shutil.copyfileobj(source, out)
        count += 1
    return count


def export_site(target: Path) -> Summary:
    """Write the database content and the media files into the new or empty folder `target`.

    Raises BackupError when `target` exists and is not an empty folder.
    """
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"Thư mục {target} đã có dữ liệu: hãy chọn một thư mục mới hoặc trống.")
    target.mkdir(parents=True, exist_ok=True)
    labels = exported_labels()
    serializers.register_serializer(EXACT_JSON, "newsroom.exact_json")
    # One consistent snapshot of every table, while the site keeps running
    # (PostgreSQL; only a transaction's first statement can ask for it).
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        call_command("dumpdata", *ACCOUNT_LABELS, format=EXACT_JSON, natural_foreign=True, natural_primary=True,
                     indent=1, output=str(target / "accounts.json"), verbosity=0)
        call_command("dumpdata", *labels[len(ACCOUNT_LABELS):], format=EXACT_JSON, natural_foreign=True,
                     indent=1, output=str(target / "content.json"), verbosity=0)
        rows = _count_rows(labels)
    count = sum(_copy_out(storages[alias], target / folder) for folder, alias in FILE_STORAGES.items())
    manifest = {"format": FORMAT, "version": VERSION, "created_at": timezone.now().isoformat(),
                "rows": rows, "media_files": count}
    (target / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return Summary(rows=rows, media_files=count)


def _read_manifest(source: Path) -> dict:
    manifest_path = source / "manifest.json"
    if not source.is_dir():
        raise BackupError(f"Không có thư mục {source}.")
    if not manifest_path.is_file() or not all((source / name).is_file() for name in DATA_FILES):
        raise BackupError(f"{source} không phải bản sao lưu của export_site "
                          f"(thiếu manifest.json, {' hoặc '.join(DATA_FILES)}).")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"manifest.json hỏng: {exc}.") from None
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError(f"{source} không phải bản sao lưu định dạng {FORMAT} phiên bản {VERSION}.")
    return manifest


def _refuse_non_empty_database() -> None:
    from articles.models import Article
    from authors.models import Author
    from photos.models import Photo

    for model in (Article, Author, Photo):
        if model._default_manager.exists():
            raise BackupError(
                f"Cơ sở dữ liệu đã có {model._meta.verbose_name_plural}: import_site chỉ nạp vào một cơ sở dữ liệu "
                "trống vừa chạy migrate. Không có gì được ghi.")


def import_site(source: Path) -> Summary:
    """Load an export_site folder into an empty, migrated database and copy its media back.

    All or nothing for the database: on any error nothing is written (media
    files copied before the error may stay, unreferenced). Raises BackupError.
    """
    source = Path(source)
    manifest = _read_manifest(source)
    _refuse_non_empty_database()
    files = [(folder, path) for folder in FILE_STORAGES if (source / folder).is_dir()
             for path in sorted((source / folder).rglob("*")) if path.is_file()]
    try:
        with transaction.atomic():
            _load(source, files)
    except (DeserializationError, DatabaseError) as exc:
        raise BackupError(f"Không nạp được dữ liệu, không có gì được ghi: {exc}") from None
    rows = _count_rows(list(manifest["rows"]) if manifest.get("rows") else exported_labels())
    return Summary(rows=rows, media_files=len(files))


def _check_bodies() -> None:
    """loaddata writes rows as they are (no save()): check every article body as a save would.

    A body that validation refuses (a hand-edited export) stops the import: nothing is written.
    """
    article_model = apps.get_model("articles", "Article")
    for article in article_model.objects.only("pk", "body").iterator(chunk_size=200):
        try:
            validate_body(article.body, article=article)
        except ValidationError as error:
            raise BackupError(f"Bài số {article.pk}: nội dung không hợp lệ ({' '.join(error.messages)}). "
                              "Không có gì được ghi.") from None


def _load(source: Path, files: list[tuple[str, Path]]) -> None:
    # Accounts first: the content names them.
    call_command("loaddata", *(str(source / name) for name in DATA_FILES), verbosity=0)
    _check_bodies()
    for folder, path in files:
        storage = storages[FILE_STORAGES[folder]]
        name = path.relative_to(source / folder).as_posix()
        if storage.exists(name):
            storage.delete(name)
        with open(path, "rb") as handle:
            saved = storage.save(name, File(handle, name=name))
        if saved != name:
            raise BackupError(f"Không chép lại được tệp {name} (kho lưu trữ đặt tên {saved}).")
