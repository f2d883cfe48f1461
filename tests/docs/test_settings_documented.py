"""Every environment variable the settings read is documented for operators.

The names are read from the source of newsroom/settings.py and
deploy/gunicorn.conf.py (os.environ.get, os.environ[...], env_bool/env_int/
env_list, gunicorn's _int), so a new variable cannot go undocumented: it must
be in the table of docs/operators.md, "Settings", and, unless it only matters
for development or tests, in .env.example. Every name in .env.example must be
documented too.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "newsroom" / "settings.py", ROOT / "deploy" / "gunicorn.conf.py"]
READ = re.compile(r"""(?:environ\.get|environ\[|env_bool|env_int|env_list|_int)\(?\s*["']([A-Z][A-Z0-9_]+)["']""")
# dj_database_url.config() reads DATABASE_URL without naming it.
IMPLICIT = {"DATABASE_URL"}
# Read by the settings but meaningless in a production environment file.
NOT_FOR_PRODUCTION = {"TEST_DATABASE_NAME"}


def variables_read() -> set[str]:
    names = set(IMPLICIT)
    for source in SOURCES:
        names.update(READ.findall(source.read_text(encoding="utf-8")))
    return names


def documented() -> set[str]:
    """The variable names in the first column of the Settings table."""
    text = (ROOT / "docs" / "operators.md").read_text(encoding="utf-8")
    section = text.split("## Settings (environment variables)", 1)[1].split("\n## ", 1)[0]
    names = set()
    for row in re.findall(r"^\| ([^|]+) \|", section, re.MULTILINE):
        names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", row))
    return names


def in_env_example() -> set[str]:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", text, re.MULTILINE))


def test_the_source_scan_finds_the_variables_it_should():
    found = variables_read()
    assert {"DJANGO_ENV", "SECRET_KEY", "REDIS_URL", "PHOTO_RENDITION_WIDTHS", "AWS_S3_MEDIA_PREFIX",
            "WEB_CONCURRENCY", "GUNICORN_MAX_WORKERS", "BIND"} <= found


def test_every_variable_the_settings_read_is_in_the_operators_settings_table():
    assert sorted(variables_read() - documented()) == []


def test_every_production_variable_is_in_env_example():
    assert sorted(variables_read() - NOT_FOR_PRODUCTION - in_env_example()) == []


def test_env_example_names_only_documented_variables():
    assert sorted(in_env_example() - documented()) == []
