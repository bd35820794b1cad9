"""JSON for output: what the ledger writes for people and programs to read, never hashed.

The json module (with `ensure_ascii=False`, so verbatim quotes stay readable) escapes the
C0 controls, but writes DEL, the C1 controls (U+0080 to U+009F, U+009B being a terminal's
CSI) and the line and paragraph separators U+2028/U+2029 (which end a line in JavaScript)
as they are, and a lone surrogate as one that no UTF-8 file can hold. `safe_dumps` writes
each of those as a `\\uXXXX` escape; `html=True` also escapes `<`, `>` and `&`, for JSON
that goes into an HTML `<script>` (ClaimReview JSON-LD). The result parses as the same
value. The history's hashes are over `ledger.store.canonical`, which this does not touch.

It lives in the store because the full dump (`store/dump.py`) writes with it; the
exports and the shells use it too.
"""

from __future__ import annotations

import json
import re
from typing import Any

# Raw in a JSON text, these can only be inside strings (JSON's whitespace is space, tab,
# LF and CR; every other character outside a string is ASCII punctuation, digits, letters).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_UNSAFE_HTML = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff<>&]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def escape_json_text(text: str, html: bool = False) -> str:
    """A JSON text with every unsafe character (see the module) written as `\\uXXXX`.

    Only for text that is already JSON: outside its strings it holds none of them but the
    whitespace (LF, CR, tab) an indenting encoder writes, which is kept."""
    pattern = _UNSAFE_HTML if html else _UNSAFE
    return pattern.sub(lambda m: m.group() if m.group() in "\n\r\t" else _escape(m), text)


def safe_dumps(value: Any, *, indent: int | None = None, html: bool = False) -> str:
    """`value` as JSON text safe to print, embed or open in an editor (see the module)."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    # json.dumps has escaped every C0 control inside strings already, so a raw LF, CR or
    # tab left in `text` is the indentation's
    return escape_json_text(text, html)
