"""Benchmark: time and peak memory to make a photo's full rendition set, and WebP vs JPEG bytes.

Not a test. Run from the project root:

    .venv/bin/python bench/photos_bench.py

Cases: a 24-megapixel JPEG (6000×4000) decoded with draft mode (the real code
path) and, for comparison, with draft mode switched off; a 4000×3000 PNG. Each
case runs in its own subprocess on a temporary SQLite database and media folder,
and the peak resident memory (VmHWM, reset just before the work through
/proc/self/clear_refs) belongs to that work alone; "over baseline" subtracts the
resident memory just before (Python, Django, the saved Photo). Pillow's pixel
buffers are allocated in C, where tracemalloc does not see them: RSS is used.
The source images are made here with Pillow, before the subprocesses start.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = {
    "jpeg-24mp": ("JPEG", (6000, 4000), True),
    "jpeg-24mp-no-draft": ("JPEG", (6000, 4000), False),
    "png-4000x3000": ("PNG", (4000, 3000), True),
}


def make_source(fmt: str, size: tuple[int, int], path: Path) -> None:
    """A photo-like picture: smooth colour blobs, shapes and a little grain."""
    from PIL import Image, ImageDraw

    rng = random.Random(42)
    small = Image.new("RGB", (60, 40))
    small.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(60 * 40)])
    image = small.resize(size, Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(image)
    for _ in range(300):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        r = rng.randrange(10, size[0] // 12)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    grain = Image.effect_noise(size, 12).convert("RGB")
    image = Image.blend(image, grain, 0.08)
    options = {"quality": 92} if fmt == "JPEG" else {"compress_level": 6}
    image.save(path, fmt, **options)


def run_case(name: str, source: Path, workdir: Path) -> dict:
    """In this (child) process: set up Django, save a Photo, time its full rendition set."""
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "newsroom.settings", "MEDIA_ROOT": str(workdir / "media"),
        "PHOTO_ORIGINALS_ROOT": str(workdir / "originals"), "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "LOG_LEVEL": "WARNING"})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.files import File
    from django.core.management import call_command
    from photos import renditions
    from photos.models import Photo

    call_command("migrate", verbosity=0)
    if not CASES[name][2]:
        from PIL import JpegImagePlugin

        JpegImagePlugin.JpegImageFile.draft = lambda self, mode, size: None  # decode at full size
    with source.open("rb") as file:
        photo = Photo(image=File(file, name=source.name), alt_text="bench")
        photo.save()
    baseline = _status("VmRSS")
    Path("/proc/self/clear_refs").write_text("5")  # reset the peak (VmHWM) to the current RSS
    started = time.perf_counter()
    made = renditions.ensure_renditions(photo)
    og = renditions.ensure_og(photo)
    seconds = time.perf_counter() - started
    peak = _status("VmHWM")
    webp = sum(r.size for r in made if r.format == "webp")
    jpeg = sum(r.size for r in made if r.format == "jpeg")
    return {
        "case": name, "source_bytes": source.stat().st_size, "size": f"{photo.width}x{photo.height}",
        "seconds": round(seconds, 2), "peak_rss_mb": round(peak / 1024, 1),
        "over_baseline_mb": round((peak - baseline) / 1024, 1),
        "widths": sorted({r.width for r in made}), "webp_bytes": webp, "jpeg_bytes": jpeg, "og_bytes": og.size,
        "webp_saving_pct": round(100 * (jpeg - webp) / jpeg, 1),
    }


def _status(field: str) -> int:
    """A memory figure of this process from /proc/self/status, in KiB.

    (ru_maxrss is not used: Linux carries it across exec from the parent, which
    made the big source images.)"""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=CASES, help=argparse.SUPPRESS)
    parser.add_argument("--source", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:  # the child
        print(json.dumps(run_case(args.case, args.source, args.workdir)))
        return

    results = []
    with tempfile.TemporaryDirectory(prefix="photos-bench-") as tmp:
        tmp = Path(tmp)
        sources = {}
        for name, (fmt, size, _) in CASES.items():
            key = (fmt, size)
            if key not in sources:
                sources[key] = tmp / f"source-{size[0]}x{size[1]}.{fmt.lower()}"
                make_source(fmt, size, sources[key])
            workdir = tmp / name
            workdir.mkdir()
            child = subprocess.run([sys.executable, __file__, "--case", name, "--source", str(sources[key]),
                                    "--workdir", str(workdir)], capture_output=True, text=True, check=True, cwd=ROOT)
            results.append(json.loads(child.stdout.strip().splitlines()[-1]))

    print(f"Python {sys.version.split()[0]}, Pillow {__import__('PIL').__version__}, {os.cpu_count()} CPUs")
    print("widths: 480, 960, 1600 (WebP q80 + JPEG q82) + OpenGraph 1200x630 JPEG")
    header = f"{'case':<20} {'source':>10} {'time s':>7} {'peak RSS MB':>12} {'over base MB':>13} " \
             f"{'JPEG bytes':>11} {'WebP bytes':>11} {'WebP saves':>10}"
    print(header)
    print("-" * len(header))
    for r in results:
        print(f"{r['case']:<20} {r['source_bytes'] / 1e6:>8.1f}MB {r['seconds']:>7.2f} {r['peak_rss_mb']:>12.1f} "
              f"{r['over_baseline_mb']:>13.1f} {r['jpeg_bytes']:>11,} {r['webp_bytes']:>11,} {r['webp_saving_pct']:>9.1f}%")


if __name__ == "__main__":
    main()
