"""The HTML and accessibility checkers the suite runs pages through, from `make tools` (var/tools).

- html_errors(tmp_path, pages): the Nu Html Checker's errors for [(label, html bytes)], as "label:line: message".
- serious_violations(browser, urls): axe-core's serious and critical violations, page by page, in Chromium.
Without the tools the tests marked requires_vnu / requires_axe skip and say how to get them.
"""

import json
import shutil
import subprocess

import pytest
from django.conf import settings

TOOLS = settings.BASE_DIR / "var" / "tools" / "node_modules"
VNU_JAR = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = TOOLS / "axe-core" / "axe.min.js"
JAVA = shutil.which("java")

requires_vnu = pytest.mark.skipif(not (VNU_JAR.exists() and JAVA),
                                  reason="needs the Nu Html Checker and Java: run `make tools` (npm) and install Java")
requires_axe = pytest.mark.skipif(not AXE_JS.exists(), reason="needs axe-core: run `make tools` (npm)")

_AXE_RUN = ("const done = arguments[arguments.length - 1];"
            "axe.run(document, {resultTypes: ['violations']}).then(r => done("
            "r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target)}))));")


def html_errors(tmp_path, pages) -> list[str]:
    """Every error the Nu Html Checker finds in the pages, one run for all of them."""
    files = {}
    for number, (label, content) in enumerate(pages):
        path = tmp_path / f"page-{number}.html"
        path.write_bytes(content)
        files[str(path)] = label
    result = subprocess.run([JAVA, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout", *files],
                            capture_output=True, text=True, timeout=300)
    return [f"{files[m['url'].removeprefix('file:')]}:{m.get('lastLine')}: {m['message']}"
            for m in json.loads(result.stdout)["messages"] if m["type"] == "error"]


def serious_violations(browser) -> list[dict]:
    """axe-core's serious and critical violations on the page the browser shows."""
    browser.execute_script(AXE_JS.read_text())
    return [v for v in browser.execute_async_script(_AXE_RUN) if v["impact"] in ("serious", "critical")]
