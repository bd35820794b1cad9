"""Where the ledger writes files the user names: exports, dumps and backups.

One set of rules for every such path, whichever shell (CLI or reviewer UI) asks:

- `output_target(path, force)`: only a regular file in an existing folder is ever written,
  and an existing one is replaced only with `force`.
- `replacing(target, prefix)`: the new content goes to a temporary file in the target's
  folder (same file system, so the rename is atomic) that is renamed over the target only
  when complete; a failure leaves the old file as it was and no temporary file behind.
- `output_file(path, force)`: both, as a text stream; `None` or `-` is standard output.
- `json_text(value, indent, html)`: JSON with every control character escaped
  (`ledger.store.safe_json`), for a shell that cannot reach the store (the reviewer UI).
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from ledger.errors import InputError
from ledger.store.safe_json import safe_dumps


def output_target(path: str, force: bool = False) -> Path:
    """`path` as a Path, once it is sure to be a file we may (re)write."""
    target = Path(path)
    if target.exists() and not target.is_file():
        raise InputError(f"{path}: exists and is not a regular file")
    if target.exists() and not force:
        raise InputError(f"{path}: already exists (use --force to replace it)")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{path}: folder {folder} does not exist")
    return target


@contextmanager
def replacing(target: Path, prefix: str) -> Iterator[Path]:
    """A fresh temporary path beside `target`, renamed onto it if the block succeeds."""
    fd, tmp = tempfile.mkstemp(prefix=prefix, dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def output_file(path: str | None, force: bool = False) -> Iterator[IO[str]]:
    """Standard output, or a UTF-8 text file at `path` written atomically."""
    if path is None or path == "-":
        yield sys.stdout
        return
    target = output_target(path, force)
    with (
        replacing(target, ".ledger-export-") as tmp,
        open(tmp, "w", encoding="utf-8", newline="") as fh,
    ):
        yield fh


def json_text(value: Any, indent: int | None = None, html: bool = False) -> str:
    """`value` as JSON safe to print or embed (`ledger.store.safe_json.safe_dumps`)."""
    return safe_dumps(value, indent=indent, html=html)
