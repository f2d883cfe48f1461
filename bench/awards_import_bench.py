"""Benchmark: seconds to check and import a 45,000-row awards CSV (the admin's import, awards.importer).

Not a test. Run from the project root:

    .venv/bin/python bench/awards_import_bench.py                    # a temporary SQLite database
    .venv/bin/python bench/awards_import_bench.py --database-url postgres://postgres@127.0.0.1:5432/newsroom_bench

The file is made here: ROWS rows (one recipient each) in awards of RECIPIENTS_PER_AWARD,
every recipient a different one, under the admin's 5 MB limit. Three timings,
each of `import_csv` as the admin calls it: the first import into an empty
database, the same file again (nothing changes), and the file again with every
citation edited (every link updated). The database named by --database-url
is migrated and its awards and recipients deleted first: name one you may empty.
"""

import argparse
import csv
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_csv(rows: int, per_award: int, citation: str = "TT") -> bytes:
    from awards.importer import COLUMNS

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    forms = ["Giấy khen", "Bằng khen", "Cờ thi đua"]
    for row in range(rows):
        award = row // per_award
        kind = "tập thể" if row % 3 == 0 else "cá nhân"
        name = f"Công an xã {row}" if kind == "tập thể" else f"Nguyễn Văn {row}"
        writer.writerow([f"{award}/QĐ-UBND", f"{1 + award % 28:02d}/{1 + award % 12:02d}/2020", forms[award % 3],
                         "Chủ tịch UBND tỉnh", "", "", str(2015 + award % 6), "", kind, name,
                         f"Đội {row % 50}", f"{citation} {row % 7}"])
    return buffer.getvalue().encode("utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=45_000)
    parser.add_argument("--per-award", type=int, default=15)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    workdir = Path(os.environ.get("TMPDIR", "/tmp")) / f"awards-bench-{os.getpid()}"
    workdir.mkdir(parents=True, exist_ok=True)
    os.environ.update({"DJANGO_SETTINGS_MODULE": "newsroom.settings", "LOG_LEVEL": "WARNING",
                       "DATABASE_URL": args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from awards.forms import MAX_UPLOAD_BYTES
    from awards.importer import import_csv
    from awards.models import Award, AwardRecipient, Recipient

    call_command("migrate", verbosity=0)
    AwardRecipient.objects.all().delete()
    Award.objects.all().delete()
    Recipient.objects.all().delete()

    first = make_csv(args.rows, args.per_award)
    edited = make_csv(args.rows, args.per_award, citation="TS")
    assert len(edited) <= MAX_UPLOAD_BYTES
    print(f"{connection.vendor}: {args.rows} rows, {args.rows // args.per_award} awards, "
          f"{len(first) / 1024 / 1024:.2f} MB (limit {MAX_UPLOAD_BYTES / 1024 / 1024:.0f} MB)")
    for label, data in (("first import", first), ("same file again", first), ("every citation edited", edited)):
        started = time.perf_counter()
        report = import_csv(data)
        elapsed = time.perf_counter() - started
        assert report.ok, report.errors[:3]
        print(f"{label:>22}: {elapsed:7.2f} s  ({report.summary()})")
    assert Award.objects.count() == args.rows // args.per_award
    assert AwardRecipient.objects.count() == args.rows


if __name__ == "__main__":
    main()
