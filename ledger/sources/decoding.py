"""Bytes to text: UTF-8 (with or without BOM) first, else a detected encoding; newlines to LF.

The decoded text is what every offset in the ledger points into, so decoding is the same
for `ledger extract` and `ledger import`: a BOM is dropped and CRLF/CR become LF, exactly
as Python's universal-newline reading of a UTF-8 file does.
"""

from __future__ import annotations

from dataclasses import dataclass

from ledger.errors import InputError


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    note: str | None = None  # said to the user when we had to guess


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text has NULs but is text
        return False
    return b"\x00" in head


def decode_bytes(data: bytes, name: str) -> Decoded:
    """Decode a source file's bytes, or raise InputError naming `name` and the reason."""
    if not data.strip():
        raise InputError(f"{name}: file is empty")
    if looks_binary(data):
        raise InputError(f"{name}: looks like a binary file (NUL bytes), not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data, bom = data[3:], True
    else:
        bom = False
    try:
        return Decoded(normalise_newlines(data.decode("utf-8")), "utf-8-sig" if bom else "utf-8")
    except UnicodeDecodeError as err:
        bad_at = err.start
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(f"{name}: not valid UTF-8 (byte {bad_at}) and no other text encoding fits")
    text = str(best)
    if "\x00" in text:
        raise InputError(f"{name}: looks like a binary file, not text")
    return Decoded(
        normalise_newlines(text),
        best.encoding,
        f"{name}: not valid UTF-8 (byte {bad_at}); decoded as {best.encoding}",
    )
