"""Documents attached to articles: what is accepted (by content, not by name) and how big.

A file is accepted when its first bytes and structure are those of the kind
its extension names: PDF (%PDF-), DOC/XLS (an OLE2 compound file), DOCX/XLSX
(a ZIP holding word/ or xl/ parts), ODT/ODS (a ZIP whose `mimetype` member
names the OpenDocument type). The ZIP is only listed, never extracted.
"""

import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from newsroom.text import normalize

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_FILE_NAME_LENGTH = 200

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ACCEPTED = _("Chỉ nhận tệp PDF, DOC, DOCX, XLS, XLSX, ODT hoặc ODS.")


@dataclass
class CheckedDocument:
    file_name: str
    extension: str
    content_type: str
    size: int


def clean_file_name(name: str) -> str:
    """The name as readers will see it: no folders, no control characters, NFC, not too long."""
    name = PurePath(normalize(str(name)).replace("\\", "/")).name
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().strip(".") or "tep"
    if len(name) > MAX_FILE_NAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        name = stem[:MAX_FILE_NAME_LENGTH - len(extension) - 1] + dot + extension if dot else name[:200]
    return name


def _zip_kind(upload) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    mimetype = member.read(100).decode("ascii", "replace").strip()
                return {CONTENT_TYPES["odt"]: "odt", CONTENT_TYPES["ods"]: "ods"}.get(mimetype)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, RuntimeError, NotImplementedError):
        return None
    return None


def check_document(upload) -> CheckedDocument:
    """Check an uploaded document. Raises ValidationError (Vietnamese) when it is refused."""
    size = upload.size or 0
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("Tệp nặng %(size)s MB; tối đa %(limit)s MB."), code="too_big",
                              params={"size": round(size / 1024 / 1024, 1), "limit": MAX_ATTACHMENT_BYTES // 1024 // 1024})
    if size == 0:
        raise ValidationError(_("Tệp rỗng."), code="empty")
    file_name = clean_file_name(upload.name or "")
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if extension not in CONTENT_TYPES:
        raise ValidationError(ACCEPTED, code="bad_extension")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        kind = "pdf"
    elif head.startswith(_OLE2):
        kind = extension if extension in ("doc", "xls") else None
    elif head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(upload)
        upload.seek(0)
    else:
        kind = None
    if kind != extension:
        raise ValidationError(
            _("Nội dung tệp “%(name)s” không phải là tệp %(extension)s như tên tệp ghi. %(accepted)s"),
            code="bad_content", params={"name": file_name, "extension": extension.upper(), "accepted": ACCEPTED})
    return CheckedDocument(file_name=file_name, extension=extension, content_type=CONTENT_TYPES[kind], size=size)
