"""Bytes to text, verbatim or not at all; newlines to LF.

The decoded text is what every offset in the ledger points into, so decoding is the same
for `ledger extract` and `ledger import`: a BOM is dropped and CRLF/CR become LF, exactly
as Python's universal-newline reading of a UTF-8 file does.

The rules, in order (`decode_bytes`):

1. A BOM decides: UTF-8, UTF-16 or UTF-32, little or big endian.
2. Valid UTF-8 is UTF-8.
3. Mostly UTF-8 text with invalid bytes in it (a valid sequence that legacy text almost
   never holds by chance, such as a UTF-8 "é", curly quote or emoji, or as many valid
   sequences as invalid bytes: `_damaged_utf8`) is damaged or mixed UTF-8: an error
   naming the byte offsets, unless `errors="replace"`, when each invalid sequence becomes
   U+FFFD and the stored encoding says so (`utf-8 (2 bytes replaced)`).
4. Otherwise a legacy single-byte encoding, only when the whole file decodes with it (no
   undefined byte, no C1 control character U+0080–U+009F). cp1252 (then ISO-8859-15,
   Latin-1) is preferred over charset-normalizer's proposals unless the Western reading
   cannot be right (two words of three Latin letters, none ASCII, "öåíû ñêàçàë": Russian in
   cp1251; or charset-normalizer finds it too messy even at a lenient 0.5), when its best
   proposal is taken; or unless a proposal, or one of `OTHERS`, has fewer symbols inside
   words (Polish in cp1250: "pieni¹dze"; "c½ur" is ISO-8859-15 "cœur"), ties going to
   `_family`. Nothing fits: an error suggesting `--encoding`.
   `benchmarks/bench_decoding.py` measures how often each rule is right.

`encoding=NAME` skips the guessing: the bytes are decoded with NAME (invalid bytes are
an error, or replaced and marked with `errors="replace"`).
"""

from __future__ import annotations

import codecs
import functools
import re
import threading
import unicodedata
from dataclasses import dataclass

from ledger.errors import InputError

ERRORS = ("strict", "replace")
#: the Western encodings, in order of preference when several read a file the same
WESTERN = ("cp1252", "iso8859-15", "iso8859-1")
#: the other legacy encodings weighed against the Western reading, after charset-normalizer's
OTHERS = ("iso8859-15", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257")
#: invalid bytes named in an error
SHOWN_OFFSETS = 5

_BOMS = (  # UTF-32 first: its little-endian BOM starts like UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
_C1 = re.compile("[\x80-\x9f]")


def _strong_class() -> str:
    """The code points whose valid UTF-8 sequence a legacy file almost never holds by
    chance: a Western letter or sign (U+00A0-U+017F, two bytes led by 0xC2-0xC5, which
    cp1252 reads as "Ã©" and the like), three bytes whose second is not 0xA0 (U+FFFD,
    the mark of an invalid sequence, aside), or four bytes (a letter and three symbols in
    cp1252). A legacy "é", a no-break space and "»" (French: « … l'été » with its
    typographic space) are three valid bytes whose second is 0xA0, so those count only
    in number."""
    spans = [(0xA0, 0x17F)]
    start = 0x800
    for lead in range(16):  # the second byte 0xA0 is the 64 code points lead<<12 | 0x800
        hole = (lead << 12) | 0x800
        if hole > start:
            spans.append((start, hole - 1))
        start = hole + 0x40
    spans += [(start, 0xFFFC), (0xFFFE, 0xFFFF), (0x10000, 0x10FFFF)]
    spans = [(a, b) for a, b in spans if not (0xD800 <= a and b <= 0xDFFF)]
    return "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in spans)


_STRONG = re.compile(f"[{_strong_class()}]")


@dataclass(frozen=True)
class Decoded:
    text: str
    #: the codec's name, with the number of bytes replaced when there were any
    encoding: str
    note: str | None = None  # said to the user when we guessed or replaced
    replaced: int = 0


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if any(head.startswith(bom) for bom, _, _ in _BOMS):  # UTF-16/32 text has NULs
        return False
    return b"\x00" in head


def codec_name(name: str) -> str:
    """The canonical name of a text encoding; LookupError when Python has none."""
    b"a".decode(name, "ignore")  # refuses what is not a text encoding (rot13, base64 …)
    return codecs.lookup(name).name


# Invalid byte ranges seen by the decoding in progress on this thread.
_seen = threading.local()


def _record(err: UnicodeError) -> tuple[str, int]:
    assert isinstance(err, UnicodeDecodeError)
    _seen.ranges.append((err.start, err.end))
    return "\ufffd", err.end


_RECORD = "ledger.decoding.record"
codecs.register_error(_RECORD, _record)


def _decode(data: bytes, codec: str) -> tuple[str, list[tuple[int, int]]]:
    """The text (each invalid sequence as one U+FFFD) and the invalid byte ranges."""
    _seen.ranges = []
    try:
        return data.decode(codec, _RECORD), _seen.ranges
    finally:
        _seen.ranges = []


def _offsets(ranges: list[tuple[int, int]], shift: int) -> tuple[int, str]:
    """How many bytes the ranges hold, and the first few offsets as words."""
    count = sum(end - start for start, end in ranges)
    first: list[int] = []
    for start, end in ranges:
        first.extend(range(start + shift, min(end, start + SHOWN_OFFSETS) + shift))
        if len(first) >= SHOWN_OFFSETS:
            break
    shown = ", ".join(str(o) for o in first[:SHOWN_OFFSETS])
    if count == 1:
        return count, f"1 invalid byte at offset {shown}"
    if count <= SHOWN_OFFSETS:
        return count, f"{count} invalid bytes at offsets {shown}"
    return count, f"{count} invalid bytes, the first at offsets {shown}"


def _finish(name: str, text: str, encoding: str, note: str | None, replaced: int) -> Decoded:
    if not text.strip():
        raise InputError(f"{name}: file is empty")
    if "\x00" in text:
        raise InputError(f"{name}: looks like a binary file (NUL characters), not text")
    if replaced:
        encoding = f"{encoding} ({replaced} byte{'s' if replaced > 1 else ''} replaced)"
    return Decoded(normalise_newlines(text), encoding, note, replaced)


def _known(
    name: str, data: bytes, codec: str, errors: str, label: str, bom: bytes = b""
) -> Decoded:
    """Decode with a codec we know is meant (a BOM said so, or the user did); offsets
    in errors count from the start of the file, BOM included."""
    text, ranges = _decode(data[len(bom) :], codec)
    if not bom:  # a BOM the codec named by the user left in
        text = text.removeprefix("\ufeff")
    if bom and codec == "utf-8":
        codec = "utf-8-sig"
    if not ranges:
        return _finish(name, text, codec, None, 0)
    count, where = _offsets(ranges, len(bom))
    if errors != "replace":
        raise InputError(
            f"{name}: not valid {label}: {where}; fix the file, or pass --errors replace "
            "to replace them with U+FFFD" + (", or --encoding NAME" if label != codec else "")
        )
    note = f"{name}: {where} replaced with U+FFFD ({codec})"
    return _finish(name, text, codec, note, count)


def decode_bytes(
    data: bytes, name: str, errors: str = "strict", encoding: str | None = None
) -> Decoded:
    """Decode a source file's bytes, or raise InputError naming `name` and the reason."""
    if errors not in ERRORS:
        raise InputError(f"errors must be one of {', '.join(ERRORS)}, not {errors!r}")
    if not data.strip():
        raise InputError(f"{name}: file is empty")
    if encoding is not None:
        try:
            codec = codec_name(encoding)
        except LookupError:
            raise InputError(f"{name}: unknown text encoding {encoding!r}") from None
        return _known(name, data, codec, errors, codec)
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return _known(name, data, codec, errors, label, bom)
    if looks_binary(data):
        raise InputError(
            f"{name}: looks like a binary file (NUL bytes), not text; if it is UTF-16 or "
            "UTF-32 without a BOM, name it with --encoding"
        )
    text, ranges = _decode(data, "utf-8")
    if not ranges:
        return _finish(name, text, "utf-8", None, 0)
    if _damaged_utf8(text, ranges):
        return _known(name, data, "utf-8", errors, "UTF-8")
    return _legacy(name, data, ranges[0][0])


def _damaged_utf8(text: str, ranges: list[tuple[int, int]]) -> bool:
    """Whether UTF-8 text with invalid bytes (`ranges`) is damaged or mixed UTF-8 rather
    than another encoding: it holds a valid sequence a legacy file would not (`_STRONG`),
    or at least as many valid multi-byte sequences as invalid bytes (say "ß“" in cp1252
    is one, and a Russian UTF-8 article with a bad byte has hundreds). No legacy reading
    of such a file is verbatim: a UTF-8 "é" beside cp1252 bytes would be stored "Ã©"."""
    if _STRONG.search(text):
        return True
    # each invalid sequence is one U+FFFD in `text`
    valid = len(text) - len(text.encode("ascii", "ignore")) - len(ranges)
    return valid >= sum(end - start for start, end in ranges)


@functools.cache
def single_byte(codec: str) -> bool:
    """Whether each byte is one character in `codec` (cp1252 is, Shift_JIS is not)."""
    try:
        return len(bytes(range(256)).decode(codec, "replace")) == 256
    except LookupError:
        return False


def _fits(data: bytes, codec: str) -> str | None:
    """The whole file's text in `codec`, or None when it is not a single-byte encoding,
    a byte is undefined in it or one decodes to a C1 control character (a sign of the
    wrong encoding)."""
    if not single_byte(codec):
        return None
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    return None if _C1.search(text) else text


def _legacy(name: str, data: bytes, first_bad: int) -> Decoded:
    from charset_normalizer import from_bytes

    western = next(((c, t) for c in WESTERN if (t := _fits(data, c)) is not None), None)
    proposals = []  # charset-normalizer's readings that fit and differ, best first
    for match in from_bytes(data):
        codec = codec_name(match.encoding)
        if codec.startswith("utf"):
            continue
        text = _fits(data, codec)
        if text is not None and (western is None or text != western[1]):
            proposals.append((codec, text))
    chosen = western
    if western is None or (proposals and _western_impossible(data, *western)):
        # charset-normalizer's best, unless it too spells Cyrillic or Greek in Latin
        chosen = next((p for p in proposals if not _accents_only(p[1])), None)
        chosen = chosen or (proposals[0] if proposals else None)
    elif fewest := _odd_in_words(western[1]):
        # Its ranking alone is not trusted (it puts cp1252 or cp775 first for Polish
        # and French alike): a reading wins only with fewer symbols inside words. The
        # encodings it may leave out of a short text are weighed too, but only against a
        # Western reading: alone, they would read any stray bytes as, say, cp1251.
        # The fewest wins; on a tie the Western family, then Windows, then ISO 8859
        # (charset-normalizer also proposes hp-roman8 and Mac or DOS code pages).
        best = (fewest, -1, 0)
        for order, (codec, text) in enumerate(proposals + _others(data, western[1], proposals)):
            key = (_odd_in_words(text), _family(codec), order)
            if key[0] < fewest and key < best:
                chosen, best = (codec, text), key
    if chosen is None:
        raise InputError(
            f"{name}: not UTF-8 (first invalid byte at offset {first_bad}), and no single "
            "encoding fits the whole file; name it with --encoding NAME"
        )
    codec, text = chosen
    note = f"{name}: not valid UTF-8 (byte {first_bad}); decoded as {codec}, which fits every byte"
    return _finish(name, text, codec, note, 0)


def _others(data: bytes, western: str, proposals: list) -> list[tuple[str, str]]:
    """`OTHERS` that fit `data`, read it otherwise than `western` and are not proposed."""
    out = []
    for codec in OTHERS:
        if all(codec != c for c, _ in proposals) and (text := _fits(data, codec)) is not None:
            if text != western:
                out.append((codec, text))
    return out


def _western_impossible(data: bytes, codec: str, text: str) -> bool:
    """Whether the Western reading `text` (of `data` in `codec`) cannot be right: it has a
    word of three or more letters none of them ASCII ("öåíû" is Russian in cp1251 read
    as cp1252; Western languages put accents on some letters of a word, not all), or
    charset-normalizer finds it too messy even at a lenient threshold (0.5: at its default
    of 0.2 it rejects short French and Portuguese, "ça déjà élève", as cp1252)."""
    from charset_normalizer import from_bytes

    if _accents_only(text):
        return True
    return from_bytes(data, cp_isolation=[codec], threshold=0.5).best() is None


def _accents_only(text: str) -> bool:
    """Whether `text` has two different words of three or more Latin letters, none of them
    ASCII: a Latin reading of Cyrillic or Greek bytes ("öåíû ñêàçàë", "öĺíű"), not
    Western text (where one such word, Swedish "åäö", can be)."""
    latin = "".join(
        ch
        for ch in set(text)
        if ch > "\x7f" and ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN")
    )
    if not latin:
        return False
    words = re.finditer(rf"(?<![^\W\d_])[{re.escape(latin)}]{{3,}}(?![^\W\d_])", text)
    seen = set()
    for m in words:
        seen.add(m.group().lower())
        if len(seen) == 2:
            return True
    return False


def _family(codec: str) -> int:
    """How likely a file in `codec` is, for ties: Western, Windows, ISO 8859, the rest."""
    if codec in WESTERN:
        return 0
    return 1 if codec.startswith("cp125") else 2 if codec.startswith("iso8859") else 3


#: punctuation that does stand inside words: apostrophes, hyphens, the Catalan middle dot
_WORD_PUNCTUATION = frozenset("\u2019\u2018\u02bc\u2010\u2011\u00b7")


def _odd_in_words(text: str) -> int:
    """Symbols, numbers, punctuation and controls (°, ¹, ½, §, box drawing …) with a
    letter on both sides, apostrophes and hyphens aside. One pattern made of the text's
    own characters, so that a megabyte is one scan in the regex engine."""
    chars = set(text)
    odd = "".join(
        ch
        for ch in chars
        if ch > "\x7f" and unicodedata.category(ch)[0] in "SNCP" and ch not in _WORD_PUNCTUATION
    )
    letters = "".join(ch for ch in chars if ch.isalpha())
    if not odd or not letters:
        return 0
    pattern = f"(?<=[{re.escape(letters)}])[{re.escape(odd)}](?=[{re.escape(letters)}])"
    return len(re.findall(pattern, text))
