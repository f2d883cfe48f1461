"""The awards spreadsheet (CSV): reading, checking, writing, and exporting it back.

The column layout is a contract (docs/developers.md, "Spreadsheet import and export"): one row per recipient, rows
with the same decision number and issuer make one award.

`parse_csv` checks a whole file and writes nothing; `apply` writes a checked
file in one transaction; `import_csv` does both. A file with any bad row writes
nothing: every bad row comes back with its line number and a Vietnamese reason.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from newsroom.spreadsheets import ImportReport as BaseImportReport
from newsroom.spreadsheets import (BadSpreadsheet, RowError, csv_reader, data_rows, decode_csv, neutralise_cell,
                                  parse_date, restore_cell)
from newsroom.text import fold, slugify_vi
from pagecache.signals import content_changed

from .models import (SLUG_FALLBACK, SLUG_LENGTH, Award, AwardForm, AwardRecipient, Recipient, RecipientKind,
                     Visibility, clean_text, parse_period)

COLUMNS = ["decision_number", "decision_date", "form", "issuer_title", "issuer_organization", "movement", "period",
           "reason", "recipient_kind", "recipient_name", "recipient_unit", "citation"]
AWARD_COLUMNS = ["decision_date", "form", "movement", "period", "reason"]
RECIPIENT_COLUMNS = ["recipient_kind", "recipient_name", "recipient_unit", "citation"]

# The Vietnamese headers a clerk would type, per column; the first is what the sample file uses.
# They match folded (newsroom.text.fold: any case, with or without diacritics, spaces squeezed),
# the English names exactly (any case). One table: the import page and the docs show it.
VIETNAMESE_HEADERS = {
    "decision_number": ["Số quyết định", "Số QĐ", "Số hiệu quyết định"],
    "decision_date": ["Ngày quyết định", "Ngày", "Ngày QĐ", "Ngày ký"],
    "form": ["Hình thức", "Hình thức khen thưởng"],
    "issuer_title": ["Cấp khen thưởng", "Người khen thưởng", "Người ký", "Cấp khen"],
    "issuer_organization": ["Cơ quan khen thưởng", "Cơ quan", "Cơ quan ban hành"],
    "movement": ["Phong trào", "Phong trào thi đua", "Đợt thi đua"],
    "period": ["Năm", "Kỳ khen thưởng", "Giai đoạn", "Năm khen thưởng"],
    "reason": ["Lý do", "Lí do", "Thành tích", "Lý do khen thưởng"],
    "recipient_kind": ["Loại người nhận", "Tập thể/cá nhân", "Tập thể hay cá nhân", "Đối tượng"],
    "recipient_name": ["Người nhận", "Tên người nhận", "Họ tên", "Tập thể, cá nhân được khen", "Người được khen"],
    "recipient_unit": ["Đơn vị", "Đơn vị công tác"],
    "citation": ["Trích dẫn", "Ghi chú", "Nội dung khen"],
}


def _header_key(text: str) -> str:
    return " ".join(fold(text).replace("_", " ").split()).strip(" :*")


HEADER_NAMES = {**{_header_key(name): column for column, names in VIETNAMESE_HEADERS.items() for name in names},
                **{column: column for column in VIETNAMESE_HEADERS}}


def column_of(header_cell: str) -> str | None:
    """The column a header cell names (English or Vietnamese, see VIETNAMESE_HEADERS), or None."""
    text = clean_text(header_cell)
    return HEADER_NAMES.get(text.lower()) or HEADER_NAMES.get(_header_key(text))


KIND_SPELLINGS = {
    "tap the": RecipientKind.COLLECTIVE,
    "collective": RecipientKind.COLLECTIVE,
    "ca nhan": RecipientKind.INDIVIDUAL,
    "individual": RecipientKind.INDIVIDUAL,
}
KIND_EXPORT = {RecipientKind.COLLECTIVE: "tập thể", RecipientKind.INDIVIDUAL: "cá nhân"}


# Rows a file may hold: the admin's 5 MB upload limit holds about 45,000 short rows.
MAX_ROWS = 50_000

# Field lengths, checked before writing so that a long cell is a row error, not a crash.
MAX_LENGTHS = {
    "decision_number": Award._meta.get_field("decision_number").max_length,
    "issuer_title": Award._meta.get_field("issuer_title").max_length,
    "issuer_organization": Award._meta.get_field("issuer_organization").max_length,
    "movement": Award._meta.get_field("movement").max_length,
    "recipient_name": Recipient._meta.get_field("name").max_length,
    "recipient_unit": Recipient._meta.get_field("unit").max_length,
}


# Cells a spreadsheet would run as formulas: newsroom/spreadsheets.py (exports
# neutralise them, the import takes exactly that quote off again).


@dataclass
class RecipientRow:
    line: int
    kind: str
    name: str
    unit: str
    citation: str


@dataclass
class AwardGroup:
    """One award as the file describes it."""

    line: int
    decision_number: str
    issuer_title: str
    issuer_organization: str
    decision_date: datetime.date | None
    form: AwardForm
    movement: str
    period_start: int
    period_end: int | None
    reason: str
    raw: dict  # the award columns as written on the first row, to compare later rows with
    recipients: list[RecipientRow] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str, str]:
        return self.decision_number, self.issuer_title, self.issuer_organization


@dataclass
class ImportReport(BaseImportReport):
    awards_created: int = 0
    awards_updated: int = 0
    awards_unchanged: int = 0
    recipients_created: int = 0
    links_added: int = 0
    links_updated: int = 0
    links_removed: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.awards_created or self.awards_updated or self.recipients_created or self.links_added
                    or self.links_updated or self.links_removed)

    def summary(self) -> str:
        if not self.ok:
            return f"Không nhập gì: {len(self.errors)} dòng lỗi."
        if not self.changed:
            return (f"Không có thay đổi nào: {self.rows} dòng, {self.awards_unchanged} quyết định đã khớp với dữ liệu "
                    f"hiện có.")
        return (f"Đã nhập {self.rows} dòng: {self.awards_created} quyết định mới, {self.awards_updated} quyết định "
                f"cập nhật, {self.awards_unchanged} không đổi; {self.recipients_created} người/tập thể mới; "
                f"{self.links_added} lượt khen thêm, {self.links_updated} sửa, {self.links_removed} gỡ.")


def parse_kind(text: str) -> str:
    kind = KIND_SPELLINGS.get(" ".join(fold(text).split()))
    if kind is None:
        raise ValueError(f"loại người nhận «{text}» phải là «tập thể» hoặc «cá nhân»")
    return kind


def parse_csv(raw: bytes) -> tuple[list[AwardGroup], ImportReport]:
    """Check a whole file; write nothing. The report lists every bad row."""
    report = ImportReport()
    try:
        text = decode_csv(raw)
    except BadSpreadsheet as exc:
        report.errors.append(RowError(1, str(exc)))
        return [], report
    if not text.strip():
        report.errors.append(RowError(1, "tệp rỗng"))
        return [], report
    reader = csv_reader(text)
    try:
        header = next(reader)
    except csv.Error as exc:
        report.errors.append(RowError(1, f"không đọc được dòng tiêu đề ({exc})"))
        return [], report
    names = [column_of(name) for name in header]
    missing = [column for column in COLUMNS if column not in names]
    if missing:
        report.errors.append(RowError(1, "dòng tiêu đề thiếu cột " + ", ".join(
            f"{column} ({VIETNAMESE_HEADERS[column][0]})" for column in missing)
            + " (tải tệp mẫu ở trang nhập để xem tên cột)"))
        return [], report
    duplicated = sorted({name for name in names if name in COLUMNS and names.count(name) > 1})
    if duplicated:
        report.errors.append(RowError(1, "dòng tiêu đề có cột lặp lại: " + ", ".join(
            " / ".join(header[i] for i, name in enumerate(names) if name == column) for column in duplicated)))
        return [], report
    extra = [header[i] for i, name in enumerate(names) if name is None and clean_text(header[i])]
    if extra:
        report.notes.append("Bỏ qua các cột ngoài mẫu: " + ", ".join(extra) + ".")
    position = {name: names.index(name) for name in COLUMNS}

    forms = {fold(form.name): form for form in AwardForm.objects.all()}
    groups: dict[tuple, AwardGroup] = {}
    seen_recipients: dict[tuple, int] = {}
    for line, cells in data_rows(reader, report):
        report.rows += 1
        if report.rows > MAX_ROWS:
            report.errors.append(RowError(line, f"tệp có hơn {MAX_ROWS:,} dòng dữ liệu".replace(",", ".")
                                          + ": hãy chia thành nhiều tệp nhỏ hơn"))
            break
        row = {name: (restore_cell(cells[i]) if i < len(cells) else "") for name, i in position.items()}
        reasons = _check_row(row, line, forms, groups, seen_recipients)
        report.errors.extend(RowError(line, reason) for reason in reasons)
    if report.rows == 0 and not report.errors:
        report.errors.append(RowError(1, "tệp không có dòng dữ liệu nào"))
    return list(groups.values()), report


def _check_row(row: dict, line: int, forms: dict, groups: dict, seen_recipients: dict) -> list[str]:
    """Check one row and add it to its group; return the reasons it is bad (empty when good)."""
    reasons = []
    # The whole file is already normalised (decode_csv): a cell only needs its spaces squeezed, as clean_text does.
    values = {name: " ".join(value.split()) for name, value in row.items()}
    for name in ("reason", "citation"):
        values[name] = row[name].strip()
    for name, limit in MAX_LENGTHS.items():
        if len(values[name]) > limit:
            reasons.append(f"cột {name} dài {len(values[name])} ký tự (tối đa {limit})")
    for name, label in (("decision_number", "số quyết định"), ("form", "hình thức khen thưởng"),
                        ("issuer_title", "người/cấp khen thưởng"), ("period", "kỳ khen thưởng (năm)")):
        if not values[name]:
            reasons.append(f"thiếu {label} (cột {name})")

    decision_date = None
    if values["decision_date"]:
        try:
            decision_date = parse_date(values["decision_date"], "ngày quyết định")
        except ValueError as exc:
            reasons.append(str(exc))
    form = None
    if values["form"]:
        form = forms.get(fold(values["form"]))
        if form is None:
            reasons.append(f"hình thức khen thưởng «{values['form']}» chưa có trong danh mục (thêm nó trong trang "
                           f"quản trị, mục «Hình thức khen thưởng», nếu đúng là một hình thức mới)")
    period = None
    if values["period"]:
        try:
            period = parse_period(values["period"])
        except ValueError as exc:
            reasons.append(str(exc))

    has_recipient = any(values[name] for name in RECIPIENT_COLUMNS)
    kind = None
    if has_recipient:
        if not values["recipient_kind"]:
            reasons.append("thiếu loại người nhận (cột recipient_kind: «tập thể» hoặc «cá nhân»)")
        else:
            try:
                kind = parse_kind(values["recipient_kind"])
            except ValueError as exc:
                reasons.append(str(exc))
        if not values["recipient_name"]:
            reasons.append("thiếu tên người/tập thể được khen (cột recipient_name)")
    if reasons:
        return reasons

    key = (values["decision_number"], values["issuer_title"], values["issuer_organization"])
    raw = {name: values[name] for name in AWARD_COLUMNS}
    raw["form"] = form.pk
    raw["decision_date"] = decision_date
    raw["period"] = period
    group = groups.get(key)
    if group is None:
        group = groups[key] = AwardGroup(
            line=line, decision_number=key[0], issuer_title=key[1], issuer_organization=key[2],
            decision_date=decision_date, form=form, movement=values["movement"], period_start=period[0],
            period_end=period[1], reason=values["reason"], raw=raw)
    else:
        differing = [name for name in AWARD_COLUMNS if raw[name] != group.raw[name]]
        if differing:
            return [f"cùng quyết định {key[0]} với dòng {group.line} nhưng khác ở cột " + ", ".join(differing)]
    if has_recipient:
        identity = (kind, values["recipient_name"], values["recipient_unit"])  # as Recipient.identity, cleaned
        first = seen_recipients.get((key, identity))
        if first is not None:
            return [f"«{identity[1]}» đã có trong quyết định {key[0]} ở dòng {first}"]
        seen_recipients[(key, identity)] = line
        group.recipients.append(RecipientRow(line=line, kind=kind, name=identity[1], unit=identity[2],
                                             citation=values["citation"]))
    return []


@transaction.atomic
def apply(groups: list[AwardGroup], report: ImportReport, *, visibility: str = Visibility.INTERNAL) -> ImportReport:
    """Write checked groups. New awards get visibility; existing ones keep theirs.

    The file is the authority for the awards it names: their fields and their
    recipient lists become what the file says (a recipient left out of the file
    is taken off that award; the Recipient itself stays).

    Reads and writes go in bulk (a few queries per thousand rows, not several per
    row), so that the largest file the admin accepts is imported within a request.
    Bulk writes send no post_save: the public caches are told once, at the end.
    """
    now = timezone.now()
    awards = _existing_awards(groups)
    created, updated = [], []
    for group in groups:
        wanted = {"decision_date": group.decision_date, "form_id": group.form.pk, "movement": group.movement,
                  "period_start": group.period_start, "period_end": group.period_end, "reason": group.reason}
        award = awards.get(group.key)
        if award is None:
            award = Award(decision_number=group.decision_number, issuer_title=group.issuer_title,
                          issuer_organization=group.issuer_organization, visibility=visibility,
                          created_at=now, updated_at=now, **wanted)
            award.derive_fields()
            awards[group.key] = award
            created.append(award)
        elif any(getattr(award, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(award, name, value)
            award.derive_fields()
            award.updated_at = now
            updated.append(award)
    _bulk_create(Award, created)
    _update_rows(Award, updated, [*AWARD_FIELDS, "year", "updated_at"])
    report.awards_created += len(created)
    report.awards_updated += len(updated)
    changed_awards = {award.pk for award in (*created, *updated)}

    recipients = _recipients_for(groups, report)
    links_of = {}
    created_ids = {award.pk for award in created}
    existing_ids = [awards[group.key].pk for group in groups if awards[group.key].pk not in created_ids]
    for chunk in _chunks(existing_ids):
        for link in AwardRecipient.objects.filter(award_id__in=chunk):
            links_of.setdefault(link.award_id, {})[link.recipient_id] = link
    new_links, changed_links, removed_links = [], [], []
    for group in groups:
        award = awards[group.key]
        links = links_of.get(award.pk, {})
        kept = set()
        links_changed = False
        for order, row in enumerate(group.recipients):
            recipient = recipients[(row.kind, row.name, row.unit)]
            kept.add(recipient.pk)
            link = links.get(recipient.pk)
            if link is None:
                new_links.append(AwardRecipient(award=award, recipient=recipient, citation=row.citation, order=order))
                links_changed = True
            elif link.citation != row.citation or link.order != order:
                link.citation, link.order = row.citation, order
                changed_links.append(link)
                links_changed = True
        removed = [link.pk for recipient_id, link in links.items() if recipient_id not in kept]
        removed_links.extend(removed)
        if (links_changed or removed) and award.pk not in changed_awards:
            report.awards_updated += 1
            changed_awards.add(award.pk)
        elif award.pk not in changed_awards:
            report.awards_unchanged += 1
    _bulk_create(AwardRecipient, new_links)
    _update_rows(AwardRecipient, changed_links, ["citation", "order"])
    for chunk in _chunks(removed_links):
        AwardRecipient.objects.filter(pk__in=chunk).delete()
    report.links_added += len(new_links)
    report.links_updated += len(changed_links)
    report.links_removed += len(removed_links)
    if report.changed:
        content_changed.send(sender=Award)
    return report


# Rows per INSERT/UPDATE and values per IN (...): well under SQLite's and PostgreSQL's limits.
BATCH = 500
AWARD_FIELDS = ["decision_date", "form_id", "movement", "period_start", "period_end", "reason"]


def _chunks(items: list, size: int = BATCH):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _bulk_create(model, objects: list) -> None:
    """bulk_create that sets primary keys on every database we run on (PostgreSQL, SQLite >= 3.35)."""
    model.objects.bulk_create(objects, batch_size=BATCH)
    if objects and objects[0].pk is None:  # pragma: no cover - a database that returns no ids
        raise RuntimeError(f"{connection.vendor}: bulk_create returned no primary keys")


def _update_rows(model, objects: list, fields: list[str]) -> None:
    """UPDATE each object's fields by primary key, as one prepared statement run for every row.

    QuerySet.bulk_update builds one CASE WHEN per field and row and costs seconds
    for 45,000 rows; executemany costs a fraction of that on SQLite and PostgreSQL.
    """
    if not objects:
        return
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    sql = (f"UPDATE {quote(meta.db_table)} SET " + ", ".join(f"{quote(f.column)} = %s" for f in columns)
           + f" WHERE {quote(meta.pk.column)} = %s")
    rows = [[f.get_db_prep_save(getattr(obj, f.attname), connection) for f in columns] + [obj.pk] for obj in objects]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement per thousand rows: UPDATE ... FROM (VALUES ...), each value cast to its column's type.
            pk = meta.pk
            casts = "(" + ", ".join(f"%s::{f.db_type(connection)}" for f in [*columns, pk]) + ")"
            names = ", ".join(quote(f"v_{f.column}") for f in [*columns, pk])
            assignments = ", ".join(f"{quote(f.column)} = v.{quote('v_' + f.column)}" for f in columns)
            for chunk in _chunks(rows, 1000):
                cursor.execute(
                    f"UPDATE {quote(meta.db_table)} SET {assignments} FROM (VALUES {', '.join([casts] * len(chunk))}) "
                    f"AS v({names}) WHERE {quote(meta.db_table)}.{quote(pk.column)} = v.{quote('v_' + pk.column)}",
                    [value for row in chunk for value in row])
        else:
            for chunk in _chunks(rows, 5000):
                cursor.executemany(sql, chunk)


def _existing_awards(groups: list[AwardGroup]) -> dict[tuple, Award]:
    """The awards the file names that already exist, locked until the import commits, by key."""
    wanted = {group.key for group in groups}
    numbers = sorted({group.decision_number for group in groups})
    found = {}
    for chunk in _chunks(numbers):
        for award in Award.objects.select_for_update().filter(decision_number__in=chunk).order_by("pk"):
            key = (award.decision_number, award.issuer_title, award.issuer_organization)
            if key in wanted:
                found[key] = award
    return found


def _recipients_for(groups: list[AwardGroup], report: ImportReport) -> dict[tuple, Recipient]:
    """Every recipient the file names, by identity: found, or created in bulk with free slugs."""
    identities = {(row.kind, row.name, row.unit) for group in groups for row in group.recipients}
    found = {}
    names = sorted({identity[1] for identity in identities})
    for chunk in _chunks(names):
        for recipient in Recipient.objects.filter(name__in=chunk):
            found[(recipient.kind, recipient.name, recipient.unit)] = recipient
    missing = [identity for identity in sorted(identities) if identity not in found]
    if not missing:
        return found
    new = [Recipient(kind=kind, name=name, unit=unit) for kind, name, unit in missing]
    # Every slug in use, in one query: cheaper than asking about each base and its numbered variants.
    taken = set(Recipient.objects.values_list("slug", flat=True).iterator(chunk_size=5000))
    for recipient in new:
        # As unique_slug() makes it, without a query per slug.
        base = slugify_vi(recipient.slug_source(), max_length=SLUG_LENGTH - 6) or SLUG_FALLBACK
        candidate, suffix = base, 2
        while candidate in taken:
            candidate, suffix = f"{base}-{suffix}", suffix + 1
        recipient.slug = candidate
        taken.add(candidate)
    try:
        with transaction.atomic():
            _bulk_create(Recipient, new)
    except IntegrityError:
        # Another import took one of these slugs meanwhile: one by one, each save() finds a free one.
        for recipient in new:
            recipient.pk, recipient.slug = None, ""
            recipient.save()
    found.update({(r.kind, r.name, r.unit): r for r in new})
    report.recipients_created += len(new)
    return found


def import_csv(raw: bytes, *, visibility: str = Visibility.INTERNAL, dry_run: bool = False) -> ImportReport:
    """Check the file, then (unless it has bad rows or dry_run) write it all in one transaction."""
    groups, report = parse_csv(raw)
    if report.ok and not dry_run:
        apply(groups, report, visibility=visibility)
    return report


def export_rows(awards=None) -> list[list[str]]:
    """The rows (header first) that give back `awards` (default: every award with a decision number).

    Awards without a decision number (drafts from suggestions) are left out: the
    number is what a re-import finds them by.
    """
    if awards is None:
        awards = Award.objects.all()
    awards = (awards.exclude(decision_number="").select_related("form")
              .prefetch_related("recipient_links__recipient")
              .order_by("year", "period_start", F("decision_date").asc(nulls_first=True), "decision_number", "issuer_title",
                        "issuer_organization"))
    rows = [list(COLUMNS)]
    for award in awards:
        base = [award.decision_number, award.decision_date.strftime("%d/%m/%Y") if award.decision_date else "",
                award.form.name, award.issuer_title, award.issuer_organization, award.movement, award.period,
                award.reason]
        links = list(award.recipient_links.all())
        if not links:
            rows.append(base + ["", "", "", ""])
        for link in links:
            recipient = link.recipient
            rows.append(base + [KIND_EXPORT[recipient.kind], recipient.name, recipient.unit, link.citation])
    return [rows[0], *([neutralise_cell(cell) for cell in row] for row in rows[1:])]


# The sample file offered on the import page: Vietnamese headers, two decisions that import cleanly
# (one with two recipients). tests/awards/test_awards_sample.py imports it.
SAMPLE_ROWS = [
    ["125/QĐ-CAT", "08/03/2019", "Giấy khen", "Giám đốc Công an tỉnh", "Công an tỉnh Quảng Bình",
     "Toàn dân bảo vệ an ninh Tổ quốc", "2018", "Có thành tích xuất sắc trong phong trào năm 2018",
     "tập thể", "Công an phường Nam Lý", "Thành phố Đồng Hới", ""],
    ["125/QĐ-CAT", "08/03/2019", "Giấy khen", "Giám đốc Công an tỉnh", "Công an tỉnh Quảng Bình",
     "Toàn dân bảo vệ an ninh Tổ quốc", "2018", "Có thành tích xuất sắc trong phong trào năm 2018",
     "cá nhân", "Nguyễn Văn An", "Công an phường Nam Lý", "Tổ trưởng tổ dân phố 3"],
    ["47/QĐ-UBND", "15/01/2020", "Bằng khen", "Chủ tịch UBND tỉnh", "UBND tỉnh Quảng Bình", "",
     "2016-2020", "Đã có thành tích trong công tác xây dựng nông thôn mới", "tập thể", "Xã Bảo Ninh",
     "Thành phố Đồng Hới", ""],
]


def sample_csv() -> bytes:
    """The sample file: the Vietnamese header of every column, then SAMPLE_ROWS; UTF-8 with BOM, CRLF."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([VIETNAMESE_HEADERS[column][0] for column in COLUMNS])
    writer.writerows(SAMPLE_ROWS)
    return buffer.getvalue().encode("utf-8-sig")


def export_csv(awards=None) -> bytes:
    """UTF-8 with BOM (so that Excel shows Vietnamese correctly), comma separated, CRLF line ends."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(export_rows(awards))
    return buffer.getvalue().encode("utf-8-sig")
