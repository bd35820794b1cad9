"""Finding inputs: files, folders (recursively, by glob) and `-` for standard input."""

from __future__ import annotations

import fnmatch
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from ledger.errors import InputError

DEFAULT_GLOBS = ("*.txt", "*.text", "*.md", "*.html", "*.htm", "*.jsonl", "*.vtt", "*.srt")
DEFAULT_MAX_MB = 25.0
#: the most `--max-size` may say: far above any article, and an int a read can take
MOST_MAX_MB = 1_048_576.0


@dataclass(frozen=True)
class Input:
    """One input to read: `name` is how the user gave it (a path, or `-`)."""

    name: str
    path: Path | None  # None: standard input


def shown_name(name: str) -> str:
    """`name` as it can be stored and printed: bytes of a file name that are not UTF-8
    (Python holds them as lone surrogates) written as `\\udcff` escapes."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return name


def discover(args: list[str], glob: str | None = None) -> tuple[list[Input], list[InputError]]:
    """Expand the command line into inputs; problems are returned, not raised, so one bad
    argument does not stop the others."""
    patterns = (glob,) if glob else DEFAULT_GLOBS
    found: list[Input] = []
    problems: list[InputError] = []
    seen: set[str] = set()
    for arg in args:
        if arg == "-":
            found.append(Input("-", None))
            continue
        path = Path(arg)
        if path.is_dir():
            matches = []
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if not f.startswith(".") and any(fnmatch.fnmatch(f, p) for p in patterns):
                        matches.append(Path(root) / f)
            if not matches:
                problems.append(
                    InputError(
                        f"{shown_name(arg)}: folder holds no files matching {', '.join(patterns)}"
                    )
                )
            for m in matches:
                key = str(m.resolve())
                if key not in seen:
                    seen.add(key)
                    found.append(Input(shown_name(str(m)), m))
        elif path.is_file():
            key = str(path.resolve())
            if key not in seen:
                seen.add(key)
                found.append(Input(shown_name(arg), path))
        elif path.exists():
            problems.append(InputError(f"{shown_name(arg)}: not a regular file or folder"))
        else:
            problems.append(InputError(f"{shown_name(arg)}: no such file or folder"))
    return found, problems


def byte_limit(max_mb: float) -> int:
    """`max_mb` megabytes in bytes; InputError unless it is a number above 0 and at most
    `MOST_MAX_MB` (NaN and infinity included, which no byte count can be compared with)."""
    if not 0 < max_mb <= MOST_MAX_MB:  # False for NaN too
        raise InputError(
            f"--max-size {max_mb:g}: want a number of megabytes above 0 and at most {MOST_MAX_MB:,.0f}"
        )
    return int(max_mb * 1024 * 1024)


def read_bytes(inp: Input, max_mb: float = DEFAULT_MAX_MB) -> bytes:
    """The input's bytes, refusing anything over `max_mb` megabytes with a clear message."""
    limit = byte_limit(max_mb)
    if inp.path is None:
        data = sys.stdin.buffer.read(limit + 1)
    else:
        try:
            size = inp.path.stat().st_size
            if size > limit:
                raise InputError(
                    f"{inp.name}: file is {size / 1048576:.1f} MB, over the {max_mb:g} MB limit (raise it with --max-size)"
                )
            data = inp.path.read_bytes()
        except PermissionError:
            raise InputError(f"{inp.name}: permission denied") from None
        except FileNotFoundError:
            raise InputError(f"{inp.name}: no such file") from None
        except IsADirectoryError:
            raise InputError(f"{inp.name}: is a folder") from None
        except OSError as err:
            raise InputError(f"{inp.name}: cannot read ({err.strerror})") from None
    if len(data) > limit:
        raise InputError(
            f"{inp.name}: input is over the {max_mb:g} MB limit (raise it with --max-size)"
        )
    return data
