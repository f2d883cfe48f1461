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
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F

from newsroom.text import fold, normalize

from .models import (Award, AwardForm, AwardRecipient, Recipient, RecipientKind, Visibility, clean_text,
                     parse_period)

COLUMNS = ["decision_number", "decision_date", "form", "issuer_title", "issuer_organization", "movement", "period",
           "reason", "recipient_kind", "recipient_name", "recipient_unit", "citation"]
AWARD_COLUMNS = ["decision_date", "form", "movement", "period", "reason"]
RECIPIENT_COLUMNS = ["recipient_kind", "recipient_name", "recipient_unit", "citation"]

KIND_SPELLINGS = {
    "tap the": RecipientKind.COLLECTIVE,
    "collective": RecipientKind.COLLECTIVE,
    "ca nhan": RecipientKind.INDIVIDUAL,
    "individual": RecipientKind.INDIVIDUAL,
}
KIND_EXPORT = {RecipientKind.COLLECTIVE: "tập thể", RecipientKind.INDIVIDUAL: "cá nhân"}

_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")

# Field lengths, checked before writing so that a long cell is a row error, not a crash.
MAX_LENGTHS = {
    "decision_number": Award._meta.get_field("decision_number").max_length,
    "issuer_title": Award._meta.get_field("issuer_title").max_length,
    "issuer_organization": Award._meta.get_field("issuer_organization").max_length,
    "movement": Award._meta.get_field("movement").max_length,
    "recipient_name": Recipient._meta.get_field("name").max_length,
    "recipient_unit": Recipient._meta.get_field("unit").max_length,
}


class BadFile(Exception):
    """A file that cannot be read at all (encoding, header)."""


@dataclass
class RowError:
    line: int
    reason: str

    def __str__(self):
        return f"Dòng {self.line}: {self.reason}"


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
class ImportReport:
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    awards_created: int = 0
    awards_updated: int = 0
    awards_unchanged: int = 0
    recipients_created: int = 0
    links_added: int = 0
    links_updated: int = 0
    links_removed: int = 0
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

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


def parse_date(text: str) -> datetime.date:
    """DD/MM/YYYY or YYYY-MM-DD. Raises ValueError with a Vietnamese reason."""
    for pattern, order in ((_DMY, "dmy"), (_YMD, "ymd")):
        match = pattern.match(text)
        if match:
            a, b, c = (int(g) for g in match.groups())
            year, month, day = (c, b, a) if order == "dmy" else (a, b, c)
            try:
                return datetime.date(year, month, day)
            except ValueError:
                raise ValueError(f"ngày quyết định «{text}» không có thật") from None
    raise ValueError(f"ngày quyết định «{text}» phải viết DD/MM/YYYY hoặc YYYY-MM-DD")


def parse_kind(text: str) -> str:
    kind = KIND_SPELLINGS.get(" ".join(fold(text).split()))
    if kind is None:
        raise ValueError(f"loại người nhận «{text}» phải là «tập thể» hoặc «cá nhân»")
    return kind


def _decode(raw: bytes) -> str:
    if b"\x00" in raw:
        raise BadFile("tệp nhị phân (có thể là .xlsx), không phải CSV: hãy lưu bảng tính dưới dạng CSV UTF-8")
    try:
        return normalize(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise BadFile(f"tệp không phải UTF-8 (byte lỗi ở vị trí {exc.start}): hãy lưu dưới dạng CSV UTF-8") from None


def _delimiter(header_line: str) -> str:
    try:
        return csv.Sniffer().sniff(header_line, delimiters=",;").delimiter
    except csv.Error:
        return ";" if header_line.count(";") > header_line.count(",") else ","


def parse_csv(raw: bytes) -> tuple[list[AwardGroup], ImportReport]:
    """Check a whole file; write nothing. The report lists every bad row."""
    report = ImportReport()
    try:
        text = _decode(raw)
    except BadFile as exc:
        report.errors.append(RowError(1, str(exc)))
        return [], report
    if not text.strip():
        report.errors.append(RowError(1, "tệp rỗng"))
        return [], report
    delimiter = _delimiter(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except csv.Error as exc:
        report.errors.append(RowError(1, f"không đọc được dòng tiêu đề ({exc})"))
        return [], report
    names = [clean_text(name).lower() for name in header]
    missing = [column for column in COLUMNS if column not in names]
    if missing:
        report.errors.append(RowError(1, "dòng tiêu đề thiếu cột " + ", ".join(missing)
                                      + " (xem mẫu cột trong tài liệu)"))
        return [], report
    duplicated = sorted({name for name in names if name in COLUMNS and names.count(name) > 1})
    if duplicated:
        report.errors.append(RowError(1, "dòng tiêu đề có cột lặp lại: " + ", ".join(duplicated)))
        return [], report
    extra = [header[i] for i, name in enumerate(names) if name and name not in COLUMNS]
    if extra:
        report.notes.append("Bỏ qua các cột ngoài mẫu: " + ", ".join(extra) + ".")
    position = {name: names.index(name) for name in COLUMNS}

    forms = {fold(form.name): form for form in AwardForm.objects.all()}
    groups: dict[tuple, AwardGroup] = {}
    seen_recipients: dict[tuple, int] = {}
    next_line = reader.line_num + 1
    while True:
        line = next_line
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            report.errors.append(RowError(line, f"không đọc được dòng ({exc})"))
            break
        next_line = reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        report.rows += 1
        row = {name: (cells[i] if i < len(cells) else "") for name, i in position.items()}
        reasons = _check_row(row, line, forms, groups, seen_recipients)
        report.errors.extend(RowError(line, reason) for reason in reasons)
    if report.rows == 0 and not report.errors:
        report.errors.append(RowError(1, "tệp không có dòng dữ liệu nào"))
    return list(groups.values()), report


def _check_row(row: dict, line: int, forms: dict, groups: dict, seen_recipients: dict) -> list[str]:
    """Check one row and add it to its group; return the reasons it is bad (empty when good)."""
    reasons = []
    values = {name: clean_text(value) for name, value in row.items()}
    for name in ("reason", "citation"):
        values[name] = normalize(row[name]).strip()
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
            decision_date = parse_date(values["decision_date"])
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
        identity = Recipient.identity(kind, values["recipient_name"], values["recipient_unit"])
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
    """
    recipients = {(r.kind, r.name, r.unit): r for r in Recipient.objects.all()}
    for group in groups:
        award = Award.objects.select_for_update().filter(
            decision_number=group.decision_number, issuer_title=group.issuer_title,
            issuer_organization=group.issuer_organization).first()
        wanted = {"decision_date": group.decision_date, "form_id": group.form.pk, "movement": group.movement,
                  "period_start": group.period_start, "period_end": group.period_end, "reason": group.reason}
        if award is None:
            award = Award(decision_number=group.decision_number, issuer_title=group.issuer_title,
                          issuer_organization=group.issuer_organization, visibility=visibility, **wanted)
            award.save()
            report.awards_created += 1
            award_changed = True
        else:
            award_changed = False
            if any(getattr(award, name) != value for name, value in wanted.items()):
                for name, value in wanted.items():
                    setattr(award, name, value)
                award.save()
                report.awards_updated += 1
                award_changed = True

        links = {link.recipient_id: link for link in award.recipient_links.all()}
        kept = set()
        links_changed = False
        for order, row in enumerate(group.recipients):
            identity = (row.kind, row.name, row.unit)
            recipient = recipients.get(identity)
            if recipient is None:
                recipient = Recipient.objects.create(kind=row.kind, name=row.name, unit=row.unit)
                recipients[identity] = recipient
                report.recipients_created += 1
            kept.add(recipient.pk)
            link = links.get(recipient.pk)
            if link is None:
                AwardRecipient.objects.create(award=award, recipient=recipient, citation=row.citation, order=order)
                report.links_added += 1
                links_changed = True
            elif link.citation != row.citation or link.order != order:
                link.citation, link.order = row.citation, order
                link.save()
                report.links_updated += 1
                links_changed = True
        for recipient_id, link in links.items():
            if recipient_id not in kept:
                link.delete()
                report.links_removed += 1
                links_changed = True
        if links_changed and not award_changed:
            report.awards_updated += 1
        elif not award_changed:
            report.awards_unchanged += 1
    return report


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
    return rows


def export_csv(awards=None) -> bytes:
    """UTF-8 with BOM (so that Excel shows Vietnamese correctly), comma separated, CRLF line ends."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(export_rows(awards))
    return buffer.getvalue().encode("utf-8-sig")
