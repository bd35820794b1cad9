"""Canonical JSON: the one encoding every hash of the history is computed over.

Sorted keys, no spaces, no ASCII escaping, UTF-8: exactly what the json module's encoder
with those settings writes (the reference). orjson writes the same bytes about seven times
faster, which matters on import, where every row written is journaled and hashed; the
guard `_orjson_agrees` sends whatever orjson would write differently to the reference.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

# The reference encoding; every hash in every ledger is over text exactly like its output.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
_ORJSON_SORTED = orjson.OPT_SORT_KEYS

_PLAIN = frozenset({str, int, bool, type(None)})


def _orjson_agrees(value: Any) -> bool:
    """Whether orjson writes `value` exactly as the reference encoder does: strings, ints,
    booleans, None, dicts and lists of them, and floats that `repr` writes without an
    exponent below 1e16 (orjson writes 1e-05 as 0.00001, 1e-7 as 1e-7, NaN as null).
    Dict keys are not looked at: orjson refuses keys that are not strings."""
    kind = type(value)
    if kind in _PLAIN:
        return True
    if kind is float:
        return value == 0.0 or 1e-4 <= abs(value) < 1e16
    if kind is dict:
        value = value.values()
    elif kind is not list and kind is not tuple:
        return False
    for item in value:
        if type(item) not in _PLAIN and not _orjson_agrees(item):
            return False
    return True


def canonical_bytes(value: Any) -> bytes:
    """`value` as canonical JSON (sorted keys, no spaces, no ASCII escaping), UTF-8.

    Whatever orjson would write differently, or cannot write (ints beyond 64 bits, lone
    surrogates), goes to the reference encoder."""
    if _orjson_agrees(value):
        try:
            return orjson.dumps(value, option=_ORJSON_SORTED)
        except orjson.JSONEncodeError:
            pass
    return _CANONICAL.encode(value).encode("utf-8")


def canonical_json(value: Any) -> str:
    """`value` as canonical JSON text (see `canonical_bytes`)."""
    return canonical_bytes(value).decode("utf-8")
