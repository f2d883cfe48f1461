"""The register spreadsheet (CSV) import: `python manage.py import_documents FILE.csv [--files DIR] [--dry-run]`.

The column layout is a contract (docs/documents.md, "CSV columns"): one row per
document, its files named in the `files` column and read from --files DIR.

`parse_csv` checks the whole file (and every file it names) and writes nothing;
`apply` writes a checked file in one transaction; `import_csv` does both. A file
with any bad row writes nothing: every bad row comes back with its line number
and a Vietnamese reason. Importing the same file again changes nothing: a row is
the document with the same number and symbol (in any spelling) of the same
issuing body. New documents come in unpublished: a clerk publishes them in the
admin (the workflow records who).
"""

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction

from newsroom.spreadsheets import ImportReport as BaseImportReport
from newsroom.spreadsheets import RowError, csv_reader, data_rows, decode_csv, parse_date
from newsroom.text import fold, normalize

from .files import inspect_upload
from .models import (Document, DocumentFile, DocumentKind, DocumentRelation, IssuingBody, RelationKind, Sector,
                     clean_line, number_key)

REQUIRED = ["kind", "number", "issuing_body", "summary", "issued_on"]
OPTIONAL = ["signer", "signer_title", "effective_on", "expires_on", "sector", "full_text", "files", "replaces",
            "amends", "guides"]
COLUMNS = REQUIRED + OPTIONAL
RELATION_COLUMNS = {"replaces": RelationKind.REPLACES, "amends": RelationKind.AMENDS, "guides": RelationKind.GUIDES}
FIELDS = ["signer", "signer_title", "issued_on", "effective_on", "expires_on", "summary", "full_text"]
MAX_LENGTHS = {name: Document._meta.get_field(name).max_length for name in ("number", "signer", "signer_title")}
MAX_LENGTHS.update(issuing_body=IssuingBody._meta.get_field("name").max_length,
                   sector=Sector._meta.get_field("name").max_length)



@dataclass
class FileRow:
    name: str
    path: Path
    info: object


@dataclass
class DocumentRow:
    line: int
    kind: DocumentKind
    number: str
    key: str
    body_name: str
    sector_name: str
    values: dict
    files: list[FileRow] = field(default_factory=list)
    relations: list[tuple[str, str]] = field(default_factory=list)  # (relation kind, number key)


@dataclass
class ImportReport(BaseImportReport):
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    files_added: int = 0
    files_replaced: int = 0
    relations_added: int = 0

    def summary(self) -> str:
        if not self.ok:
            return f"Không nhập gì: {len(self.errors)} lỗi."
        return (f"{self.rows} dòng: {self.created} văn bản mới (chưa công bố), {self.updated} cập nhật, "
                f"{self.unchanged} không đổi; {self.files_added} tệp thêm, {self.files_replaced} tệp thay; "
                f"{self.relations_added} liên kết văn bản thêm.")


def _file_rows(cell: str, files_dir: Path | None, reasons: list[str]) -> list[FileRow]:
    names = [name.strip() for name in cell.split(";") if name.strip()]
    if names and files_dir is None:
        reasons.append("cột files có tên tệp nhưng lệnh thiếu --files THƯ_MỤC")
        return []
    rows = []
    for name in names:
        if "/" in name or "\\" in name or name in (".", ".."):
            reasons.append(f"tên tệp «{name}» chỉ được là tên tệp trong thư mục --files, không có đường dẫn")
            continue
        path = files_dir / name
        if not path.is_file():
            reasons.append(f"không thấy tệp «{name}» trong {files_dir}")
            continue
        with path.open("rb") as handle:
            try:
                info = inspect_upload(File(handle, name=name))
            except ValidationError as error:
                reasons.append(f"tệp «{name}»: " + " ".join(error.messages))
                continue
        rows.append(FileRow(name=info.name, path=path, info=info))
    return rows


def parse_csv(raw: bytes, *, files_dir: Path | None = None) -> tuple[list[DocumentRow], ImportReport]:
    """Check a whole file and the files it names; write nothing."""
    report = ImportReport()
    try:
        text = decode_csv(raw)
    except ValueError as exc:
        report.errors.append(RowError(1, str(exc)))
        return [], report
    if not text.strip():
        report.errors.append(RowError(1, "tệp rỗng"))
        return [], report
    reader = csv_reader(text)
    try:
        header = [" ".join(name.split()).lower() for name in next(reader)]
    except csv.Error as exc:
        report.errors.append(RowError(1, f"không đọc được dòng tiêu đề ({exc})"))
        return [], report
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        report.errors.append(RowError(1, "dòng tiêu đề thiếu cột " + ", ".join(missing) + " (xem docs/documents.md)"))
        return [], report
    extra = [name for name in header if name and name not in COLUMNS]
    if extra:
        report.notes.append("Bỏ qua các cột ngoài mẫu: " + ", ".join(extra) + ".")
    position = {name: header.index(name) for name in COLUMNS if name in header}
    kinds = {fold(kind.name): kind for kind in DocumentKind.objects.all()}
    rows: list[DocumentRow] = []
    seen: dict[tuple[str, str], int] = {}
    for line, cells in data_rows(reader, report):
        report.rows += 1
        cell = {name: (cells[i] if i < len(cells) else "") for name, i in position.items()}
        cell.update({name: "" for name in COLUMNS if name not in cell})
        reasons = []
        row = _check_row(line, cell, kinds, files_dir, reasons)
        if row is not None:
            identity = (row.key, fold(row.body_name))
            if identity in seen:
                reasons.append(f"văn bản {row.number} của {row.body_name} đã có ở dòng {seen[identity]}")
            else:
                seen[identity] = line
                rows.append(row)
        report.errors.extend(RowError(line, reason) for reason in reasons)
    if report.rows == 0 and not report.errors:
        report.errors.append(RowError(1, "tệp không có dòng dữ liệu nào"))
    if report.ok:
        _check_relations(rows, report)
    return rows, report


def _check_row(line, cell, kinds, files_dir, reasons) -> DocumentRow | None:
    values = {name: clean_line(cell[name]) for name in COLUMNS if name != "full_text" and name != "summary"}
    values["summary"] = normalize(cell["summary"]).strip()
    values["full_text"] = normalize(cell["full_text"]).strip()
    for name, limit in MAX_LENGTHS.items():
        if len(values[name]) > limit:
            reasons.append(f"cột {name} dài {len(values[name])} ký tự (tối đa {limit})")
    for name, label in (("kind", "loại văn bản"), ("number", "số ký hiệu"), ("issuing_body", "cơ quan ban hành"),
                        ("summary", "trích yếu"), ("issued_on", "ngày ban hành")):
        if not values[name]:
            reasons.append(f"thiếu {label} (cột {name})")
    kind = kinds.get(fold(values["kind"])) if values["kind"] else None
    if values["kind"] and kind is None:
        reasons.append(f"loại văn bản «{values['kind']}» chưa có trong danh mục (thêm trong trang quản trị, mục "
                       f"«Loại văn bản», nếu đúng là loại mới)")
    dates = {}
    for name, label in (("issued_on", "ngày ban hành"), ("effective_on", "ngày có hiệu lực"),
                        ("expires_on", "ngày hết hiệu lực")):
        dates[name] = None
        if values[name]:
            try:
                dates[name] = parse_date(values[name], label)
            except ValueError as exc:
                reasons.append(str(exc))
    if dates["expires_on"] and dates["effective_on"] and dates["expires_on"] <= dates["effective_on"]:
        reasons.append("ngày hết hiệu lực phải sau ngày có hiệu lực")
    files = _file_rows(cell["files"], files_dir, reasons)
    relations = []
    for column, relation_kind in RELATION_COLUMNS.items():
        for number in (part.strip() for part in values[column].split(";")):
            if number:
                relations.append((relation_kind, number_key(number), number))
    if reasons:
        return None
    return DocumentRow(line=line, kind=kind, number=values["number"], key=number_key(values["number"]),
                       body_name=values["issuing_body"], sector_name=values["sector"],
                       values={"signer": values["signer"], "signer_title": values["signer_title"],
                               "summary": values["summary"], "full_text": values["full_text"], **dates},
                       files=files, relations=relations)


def _check_relations(rows: list[DocumentRow], report: ImportReport) -> None:
    """Every related number names exactly one document, in the file or already in the register."""
    in_file = {}
    for row in rows:
        in_file.setdefault(row.key, []).append(row)
    for row in rows:
        resolved = []
        for relation_kind, key, number in row.relations:
            if key == row.key:
                report.errors.append(RowError(row.line, f"văn bản không thể liên quan đến chính nó ({number})"))
                continue
            file_matches = in_file.get(key, [])
            stored = list(Document.objects.filter(number_key=key).select_related("issuing_body"))
            candidates = {(fold(match.body_name)) for match in file_matches}
            candidates |= {fold(document.issuing_body.name) for document in stored}
            if not candidates:
                report.errors.append(RowError(row.line, f"không tìm thấy văn bản số {number} (trong tệp hoặc sổ)"))
            elif len(candidates) > 1 and fold(row.body_name) not in candidates:
                report.errors.append(RowError(row.line, f"số {number} có ở nhiều cơ quan: không rõ văn bản nào"))
            else:
                body = fold(row.body_name) if fold(row.body_name) in candidates else candidates.pop()
                resolved.append((relation_kind, key, body))
        row.relations = resolved


def _catalog(model, name: str, cache: dict, report: ImportReport, label: str):
    if not name:
        return None
    key = fold(name)
    if key not in cache:
        cache[key] = model.objects.create(name=name)
        report.notes.append(f"Thêm {label} mới: {name}.")
    return cache[key]


@transaction.atomic
def apply(rows: list[DocumentRow], report: ImportReport) -> ImportReport:
    """Write checked rows: create or update each document, add or replace its files, add its links."""
    bodies = {fold(body.name): body for body in IssuingBody.objects.all()}
    sectors = {fold(sector.name): sector for sector in Sector.objects.all()}
    documents = {}
    for row in rows:
        body = _catalog(IssuingBody, row.body_name, bodies, report, "cơ quan ban hành")
        sector = _catalog(Sector, row.sector_name, sectors, report, "lĩnh vực")
        document = Document.objects.select_for_update().filter(number_key=row.key, issuing_body=body).first()
        wanted = {**row.values, "kind": row.kind, "sector": sector}
        if document is None:
            document = Document(number=row.number, issuing_body=body, **wanted)
            document.full_clean()
            document.save()
            report.created += 1
            changed = True
        else:
            probe = Document(number=row.number, issuing_body=body, **wanted)
            probe._derive()  # compare stored forms (sanitised full text, NFC)
            changed = any(getattr(document, name) != getattr(probe, name) for name in wanted)
            if changed:
                for name in wanted:
                    setattr(document, name, getattr(probe, name))
                document.full_clean()
                document.save()
                report.updated += 1
        files_changed = _apply_files(document, row, report)
        if not changed:
            if files_changed:
                report.updated += 1
            else:
                report.unchanged += 1
        documents[(row.key, fold(row.body_name))] = document
    for row in rows:
        source = documents[(row.key, fold(row.body_name))]
        for relation_kind, key, body in row.relations:
            target = documents.get((key, body)) or Document.objects.get(number_key=key, issuing_body=bodies[body])
            _, created = DocumentRelation.objects.get_or_create(source=source, kind=relation_kind, target=target)
            report.relations_added += int(created)
    return report


def _apply_files(document: Document, row: DocumentRow, report: ImportReport) -> bool:
    existing = {item.name: item for item in document.files.all()}
    changed = False
    for order, file_row in enumerate(row.files):
        data = file_row.path.read_bytes()
        item = existing.get(file_row.name)
        if item is not None:
            with item.file.open("rb") as handle:
                if handle.read() == data:
                    continue
            old_name = item.file.name
            item.file.save(file_row.name, File(io.BytesIO(data), name=file_row.name), save=False)
            # The replaced file goes once the new one is committed (a rollback keeps it).
            transaction.on_commit(lambda name=old_name, storage=item.file.storage: storage.delete(name))
            item.size, item.file_type, item.content_type = (file_row.info.size, file_row.info.file_type,
                                                            file_row.info.content_type)
            item.save()
            report.files_replaced += 1
        else:
            item = DocumentFile(document=document, name=file_row.name, order=order)
            item.file.save(file_row.name, File(io.BytesIO(data), name=file_row.name), save=False)
            item.file_type, item.content_type, item.size = (file_row.info.file_type, file_row.info.content_type,
                                                            file_row.info.size)
            item.save()
            report.files_added += 1
        changed = True
    return changed


def import_csv(raw: bytes, *, files_dir: Path | None = None, dry_run: bool = False) -> ImportReport:
    """Check the file, then (unless it has bad rows or dry_run) write it all in one transaction."""
    rows, report = parse_csv(raw, files_dir=files_dir)
    if report.ok and not dry_run:
        apply(rows, report)
    return report
