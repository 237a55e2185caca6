"""The layering contracts (pyproject.toml, [tool.importlinter]) hold, and every import inside a function says
which cycle it avoids."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def _inline_imports_without_reason(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if path.name == "apps.py" and node.name == "ready":
            continue  # Django's place for imports that need the app registry
        for inner in ast.walk(node):
            if isinstance(inner, ast.Import | ast.ImportFrom) and inner.lineno:
                line = lines[inner.lineno - 1]
                above = lines[inner.lineno - 2].strip() if inner.lineno > 1 else ""
                if "#" not in line and not above.startswith("#"):
                    found.append(f"{path.relative_to(ROOT)}:{inner.lineno}: {line.strip()}")
    return found


def test_every_inline_import_says_which_cycle_it_avoids():
    missing = []
    for path in sorted((ROOT / "kizuna").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        missing += _inline_imports_without_reason(path)
    assert missing == []
