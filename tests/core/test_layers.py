"""The layers of docs/architecture.md hold: `lint-imports` checks the contracts in
pyproject.toml (layers, the UI's one door, no Textual in the core, no import circles)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _lint_imports() -> list[str]:
    exe = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    if not Path(exe).exists():
        pytest.fail("lint-imports is not installed: pip install -e '.[dev]'")
    return [exe]


def test_import_contracts_are_kept():
    out = subprocess.run([*_lint_imports(), "--no-cache"], capture_output=True, text=True, cwd=REPO)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]


def test_no_module_over_500_lines_without_a_reason():
    """A module over 500 lines must say in its docstring why it is one piece."""
    long = []
    for folder in ("ledger", "tui"):
        for path in sorted((REPO / folder).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            if text.count("\n") <= 500:
                continue
            head = text.split('"""', 2)[1] if text.lstrip().startswith('"""') else ""
            if "500 lines" not in head:
                long.append(f"{path.relative_to(REPO)} ({text.count(chr(10))} lines)")
    assert not long, "over 500 lines with no reason in the docstring: " + ", ".join(long)
