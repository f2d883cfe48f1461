"""The test suite's own rules (issue #12): no test module imports another; every folder is a package."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def imported_modules(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def test_no_test_module_imports_another_test_module():
    offenders = sorted(
        f"{path.relative_to(TESTS)} imports {module}"
        for path in TESTS.rglob("*.py")
        for module in imported_modules(path)
        if module.startswith("tests.") and module.rsplit(".", 1)[-1].startswith(("test_", "conftest")))
    assert offenders == []


def test_every_folder_with_tests_is_a_package():
    folders = {path.parent for path in TESTS.rglob("test_*.py")}
    assert sorted(str(folder.relative_to(TESTS)) for folder in folders if not (folder / "__init__.py").exists()) == []
