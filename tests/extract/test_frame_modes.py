"""`Frame.mode` is a `Literal`: every mode the frame rules build or test must be one of it."""

from __future__ import annotations

import ast
import typing
from pathlib import Path

import ledger.extract as pkg
from ledger.extract.types import Mode


def _modes_in_code() -> set[str]:
    used: set[str] = set()
    for path in Path(pkg.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "mode":
                if isinstance(node.value, ast.Constant):
                    used.add(node.value.value)
            elif isinstance(node, ast.Compare) and _is_mode(node.left):
                for right in node.comparators:
                    items = (
                        right.elts if isinstance(right, ast.Tuple | ast.List | ast.Set) else [right]
                    )
                    used.update(c.value for c in items if isinstance(c, ast.Constant))
    return used


def _is_mode(node: ast.expr) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "mode"


def test_every_mode_used_is_in_the_literal():
    used = _modes_in_code()
    assert "passive" in used and "np" in used  # the scan sees both builders and tests
    assert used <= set(typing.get_args(Mode)), used - set(typing.get_args(Mode))
