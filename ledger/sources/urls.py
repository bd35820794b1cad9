"""Which URLs the ledger keeps: absolute http(s) URLs with a host, nothing else.

One rule for every reader of inputs (front matter, statement JSONL, HTML pages, imported
ClaimReview), so that a `javascript:` or `file:` URL never reaches a link a user may click.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

from ledger.errors import InputError

#: what a URL never holds raw: controls (C0, DEL, C1), format characters (zero-width
#: spaces, the BOM, bidirectional overrides that make a link read as another), spaces and
#: line or paragraph separators (U+2028 ends a line in JavaScript), surrogates, private
#: use and unassigned code points. Letters of any script stay (IRIs such as /café).
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Cs", "Co", "Cn"})


def _unsafe(value: str) -> bool:
    return any(unicodedata.category(ch) in _UNSAFE_CATEGORIES for ch in value)


def http_url(value: str) -> bool:
    """Whether `value` is an absolute http(s) URL with a host, and nothing else: no other
    scheme (`javascript:`, `data:`, `file:`), no relative reference, no space, control or
    invisible character in it."""
    if _unsafe(value):
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (raises ValueError on a port that is not a number)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def check_url(value: str | None, where: str) -> str | None:
    """`value` if it is an http(s) URL (`http_url`), else InputError naming `where`."""
    if value is None or http_url(value):
        return value
    raise InputError(f"{where}: {value[:80]!r} is not an http(s) URL with a host")
