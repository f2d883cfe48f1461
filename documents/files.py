"""Document files: where they are kept, and the one check that decides whether an upload is accepted.

Files live outside MEDIA_ROOT (DOCUMENT_FILES_ROOT) and have no public address:
they are served by documents.views.download, which applies the no-leak rule
(a draft's or a withdrawn document's files are never served to readers).

`inspect_upload` checks by content, never by the file's name: PDF (%PDF-), the
old Office formats (an OLE2 compound file holding a WordDocument or Workbook
stream), and the ZIP-based ones by their declared main part ([Content_Types].xml
for DOCX/XLSX, the `mimetype` entry for ODT/ODS). Anything else is refused with
a Vietnamese message, as is a file over DOCUMENT_MAX_UPLOAD_MB.
"""

import os
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.utils.translation import gettext_lazy as _

CONTENT_TYPES = {
    "PDF": "application/pdf",
    "DOC": "application/msword",
    "XLS": "application/vnd.ms-excel",
    "DOCX": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ODT": "application/vnd.oasis.opendocument.text",
    "ODS": "application/vnd.oasis.opendocument.spreadsheet",
}
_OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "XLSX",
}
_ODF_MIMETYPES = {CONTENT_TYPES["ODT"]: "ODT", CONTENT_TYPES["ODS"]: "ODS"}
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_EXCEL_STREAMS = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))
# The parts read from inside a ZIP are small XML; a larger one is not a real document.
_MAX_PART_BYTES = 1024 * 1024

MESSAGES = {
    "too_big": _("Tệp quá lớn: %(size)s. Tệp văn bản tối đa %(limit)s."),
    "empty": _("Tệp rỗng."),
    "not_allowed": _("Tệp này không phải PDF, DOC/DOCX, XLS/XLSX hoặc ODT/ODS (kiểm tra theo nội dung tệp, "
                     "không theo tên tệp)."),
    "corrupt": _("Tệp bị hỏng hoặc không đầy đủ; hãy tải lại tệp gốc."),
}


class DocumentFileStorage(FileSystemStorage):
    """A filesystem storage outside MEDIA_ROOT whose files have no public URL."""

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.DOCUMENT_FILES_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Document files have no public address: use documents.views.download.")


_storage = DocumentFileStorage()


def document_storage():
    """The storage of document files (a callable, so that migrations do not serialise it)."""
    return _storage


def stored_name(instance, filename: str) -> str:
    """A random name on disk: the reader gets the real name from the download view."""
    token = uuid.uuid4().hex
    return f"van-ban/{token[:2]}/{token}"


@dataclass(frozen=True)
class FileInfo:
    name: str
    file_type: str
    content_type: str
    size: int


def human_size(size: int) -> str:
    """1,5 MB / 320 KB with the Vietnamese decimal comma."""
    def number(value):
        return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")

    if size >= 1024 * 1024:
        return f"{number(size / (1024 * 1024))} MB"
    return f"{number(max(size, 1) / 1024)} KB"


def _max_bytes() -> int:
    return settings.DOCUMENT_MAX_UPLOAD_MB * 1024 * 1024


def clean_file_name(name: str, file_type: str) -> str:
    """The name a reader downloads: no folders, NFC, no control characters, the extension of the real type."""
    name = unicodedata.normalize("NFC", os.path.basename((name or "").replace("\\", "/")))
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().strip(".") or "van-ban"
    stem, extension = os.path.splitext(name)
    if extension.lower() != "." + file_type.lower():
        stem = name
    return f"{stem[:180]}.{file_type.lower()}"


def sniff(head: bytes, read_all, open_zip) -> str | None:
    """The file type ("PDF", "DOCX", ...) the content says, or None."""
    if head.startswith(b"%PDF-"):
        return "PDF"
    if head.startswith(_OLE2):
        data = read_all()
        if _WORD_STREAM in data:
            return "DOC"
        if any(stream in data for stream in _EXCEL_STREAMS):
            return "XLS"
        return None
    if head.startswith(b"PK\x03\x04"):
        with open_zip() as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names:
                declared = _read_part(archive, "[Content_Types].xml").decode("utf-8", "replace")
                for main, file_type in _OOXML_MAIN.items():
                    if f'ContentType="{main}"' in declared:
                        return file_type
                return None
            if "mimetype" in names:
                return _ODF_MIMETYPES.get(_read_part(archive, "mimetype").decode("ascii", "replace").strip())
    return None


def _read_part(archive: zipfile.ZipFile, name: str) -> bytes:
    if archive.getinfo(name).file_size > _MAX_PART_BYTES:
        raise zipfile.BadZipFile(f"{name} too large")
    return archive.read(name)


def inspect_upload(upload) -> FileInfo:
    """Check an uploaded file; return its reader-facing name, type and size.

    Raises ValidationError (code: too_big, empty, not_allowed, corrupt).
    """
    size = upload.size
    if size > _max_bytes():
        raise ValidationError(MESSAGES["too_big"], code="too_big",
                              params={"size": human_size(size), "limit": human_size(_max_bytes())})
    if size == 0:
        raise ValidationError(MESSAGES["empty"], code="empty")
    upload.seek(0)
    head = upload.read(16)

    def read_all():
        upload.seek(0)
        return upload.read()

    def open_zip():
        upload.seek(0)
        return zipfile.ZipFile(upload)

    try:
        file_type = sniff(head, read_all, open_zip)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, EOFError, OSError, ValueError):
        raise ValidationError(MESSAGES["corrupt"], code="corrupt") from None
    finally:
        upload.seek(0)
    if file_type is None:
        raise ValidationError(MESSAGES["not_allowed"], code="not_allowed")
    return FileInfo(name=clean_file_name(getattr(upload, "name", ""), file_type), file_type=file_type,
                    content_type=CONTENT_TYPES[file_type], size=size)
