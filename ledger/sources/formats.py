"""Source formats: the seed format, plain text with front matter, HTML, statement JSONL,
ClaimReview (fact-checks others published; read by `sources.claimreview`) and transcripts
(speaker turns in plain text, WebVTT, SRT, CSV/TSV; read by `sources.transcript`).

`parse_text` turns one decoded input into `Document`s (an article is one document; a JSONL
file is one document per distinct source object; a ClaimReview file is one document
carrying its reviews, each stored as a source of its own). Format is detected by content
unless the caller names it.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from typing import Any

from ledger.errors import InputError
from ledger.sources import limits, transcript
from ledger.sources.claimreview import looks_like_claimreview, parse_reviews
from ledger.sources.document import Document, GivenStatement
from ledger.sources.urls import check_url, http_url
from ledger.vocabulary import DATE_PRECISIONS, HEDGING_LEVELS, KINDS, STANCES

FORMATS = ("auto", "seed", "text", "html", "jsonl", "claimreview", "transcript")
SOURCE_KINDS = (
    "article",
    "interview",
    "transcript",
    "press release",
    "post",
    "statements",
    "fact-check",  # an imported ClaimReview (its verdict is in the fact_check table)
)

_SEED_HEADER = re.compile(r"\A\s*date[ \t]+(\S+)[ \t]*")
_FENCE = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)
_META_LINE = re.compile(r"^(title|outlet|url|date|kind)[ \t]*:[ \t]*(.*)$", re.I)
_ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.+\-Z]*)?$")
_HTML = re.compile(r"\A\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>])", re.I)

STATEMENT_FIELDS = {
    "quote",
    "speaker",
    "role",
    "kind",
    "cue",
    "cue_stance",
    "stated_on",
    "stated_on_precision",
    "venue",
    "hedging",
    "hedge_cues",
    "polarity",
    "ref",
    "source",
    "start",
    "end",
    "speaker_mention",
    "status",
    "id",
    "claim_id",
    "speaker_kind",
    "affiliation",
}
SOURCE_FIELDS = {"title", "outlet", "url", "published_on", "kind", "text", "sha256", "origin", "id"}


def parse_date(value: Any, where: str) -> date | None:
    """An ISO date (a datetime's date part is accepted), or InputError naming `where`."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(
            f"{where}: date must be a string like 2023-02-26, got {type(value).__name__}"
        )
    m = _ISO_DATE.match(value.strip())
    try:
        if m:
            return date.fromisoformat(m.group(1))
    except ValueError:
        pass
    raise InputError(f"{where}: {value.strip()[:40]!r} is not a valid date (want YYYY-MM-DD)")


def detect_format(text: str, origin: str | None = None) -> str:
    """The format of `text`: a `.jsonl` file is ClaimReview JSONL when its first line is a
    ClaimReview, else statement JSONL whatever its first line holds (a bad line is then the
    error); otherwise by content, a `.json` file being ClaimReview rather than text."""
    if origin is not None and origin.lower().endswith(".jsonl"):
        return "claimreview" if looks_like_claimreview(text, jsonl=True) else "jsonl"
    if transcript.detect_timed(text, origin or ""):
        return "transcript"
    if _SEED_HEADER.match(text):
        return "seed"
    if _HTML.match(text):
        return "html"
    if looks_like_claimreview(text):
        return "claimreview"
    stripped = text.lstrip()
    if stripped.startswith("{"):
        first = stripped.split("\n", 1)[0]
        try:
            if isinstance(json.loads(first), dict):
                return "jsonl"
        except (ValueError, RecursionError):  # not JSON: text that starts with a brace
            pass
    if origin is not None and origin.lower().endswith(".json"):
        # JSON by its name, never plain text: a document too deep or with a number too
        # long to read is then that error, not an article with no statements
        return "claimreview"
    return "text"


def parse_text(
    text: str, origin: str, fmt: str = "auto", encoding: str | None = None
) -> list[Document]:
    """Parse decoded `text` from `origin` in format `fmt` (or detected) into documents."""
    _check_unicode(text, origin)
    detected = fmt == "auto"
    if detected:
        fmt = detect_format(text, origin)
    if fmt in ("seed", "text", "transcript"):
        # a seed header or front matter may head a transcript, plain or timed
        timed = transcript.detect_timed(text, origin) if fmt == "transcript" else None
        if timed:
            read = transcript.parse_timed(timed, text, origin)
            return [_transcript(Document(origin, "", fmt, encoding=encoding), read)]
        seed = fmt == "seed" or (fmt == "transcript" and _SEED_HEADER.match(text))
        doc = (_parse_seed if seed else _parse_plain)(text, origin, encoding)
        if fmt == "transcript" or (detected and transcript.looks_like(doc.text, doc.body_start)):
            return [_transcript(doc, transcript.parse_turns(doc.text, doc.body_start))]
        return [doc]
    if fmt == "html":
        return [_parse_html(text, origin, encoding)]
    if fmt == "jsonl":
        return parse_jsonl(text, origin, encoding)
    if fmt == "claimreview":
        return [_parse_claimreview(text, origin, encoding)]
    raise InputError(f"{origin}: unknown format {fmt!r} (choose from {', '.join(FORMATS)})")


def _transcript(doc: Document, read: transcript.Transcript) -> Document:
    """`doc` (its header read) as a transcript: its turns, kind transcript by default."""
    if not read.turns:
        raise InputError(f"{doc.origin}: no speaker turns ('NAME: text' paragraphs) found")
    doc.text, doc.turns, doc.format = read.text, read.turns, "transcript"
    doc.kind = "transcript" if doc.kind == "article" else doc.kind
    return doc


def _parse_claimreview(text: str, origin: str, encoding: str | None) -> Document:
    """A ClaimReview file: its reviews, each stored as a source of its own by the importer.
    The claims reviewed are the document's given statements too, so that `ledger extract`
    shows what would be imported."""
    reviews = parse_reviews(text, origin, jsonl=origin.lower().endswith(".jsonl"))
    given = [
        GivenStatement(
            line=i,
            quote=r.claim,
            speaker=r.claimant.name if r.claimant else None,
            role=r.claimant.role if r.claimant else None,
            kind="direct" if r.claimant else "unattributed",
            stated_on=r.claim_date,
            stated_on_precision=r.claim_date_precision if r.claim_date else None,
            speaker_kind=r.claimant.kind if r.claimant else None,
            affiliation=r.claimant.affiliation if r.claimant else None,
        )
        for i, r in enumerate(reviews.reviews, start=1)
    ]
    doc = Document(origin, "", "claimreview", kind="fact-check", encoding=encoding, given=given)
    doc.reviews = reviews
    if given:
        _place_given(doc)
    return doc


def _check_unicode(text: str, origin: str) -> None:
    """Refuse text no database can store: a lone surrogate, which some codecs
    (`unicode_escape`) decode bytes to."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        line = text.count("\n", 0, err.start) + 1
        raise _lone_surrogate(f"{origin}: line {line}", err) from None


def _lone_surrogate(where: str, err: UnicodeEncodeError) -> InputError:
    code = ord(err.object[err.start])
    return InputError(f"{where}: \\u{code:04x} is half of a surrogate pair, not a character")


def _parse_seed(text: str, origin: str, encoding: str | None) -> Document:
    m = _SEED_HEADER.match(text)
    if not m:
        raise InputError(f"{origin}: line 1: seed format needs a first line 'date YYYY-MM-DD'")
    line = text[: m.start(1)].count("\n") + 1
    published = parse_date(m.group(1), f"{origin}: line {line}: date header")
    if not text[m.end() :].strip():
        raise InputError(f"{origin}: no text after the date header")
    return Document(
        origin, text, "seed", body_start=m.end(), published_on=published, encoding=encoding
    )


def _apply_meta(doc: Document, key: str, value: str, where: str) -> None:
    key = key.lower()
    value = value.strip()
    if not value:
        return
    if key == "date":
        doc.published_on = parse_date(value, f"{where}: date")
    elif key == "kind":
        if value.lower() not in SOURCE_KINDS:
            raise InputError(f"{where}: kind {value!r} is not one of {', '.join(SOURCE_KINDS)}")
        doc.kind = value.lower()
    elif key == "url":
        doc.url = check_url(value, f"{where}: url")
    else:
        setattr(doc, key, value)


def _parse_plain(text: str, origin: str, encoding: str | None) -> Document:
    doc = Document(origin, text, "text", encoding=encoding)
    m = _FENCE.match(text)
    if m:
        for i, raw in enumerate(m.group(1).split("\n"), start=2):
            mm = _META_LINE.match(raw)
            if mm:
                _apply_meta(doc, mm.group(1), mm.group(2), f"{origin}: line {i}")
        doc.body_start = m.end()
    else:
        # Unfenced front matter: leading "key: value" lines, ended by a blank line.
        # The lines are read as metadata only once the blank line shows they are.
        pos, lineno, found = 0, 1, []
        while pos < len(text):
            nl = text.find("\n", pos)
            raw = text[pos:] if nl < 0 else text[pos:nl]
            mm = _META_LINE.match(raw)
            if not mm:
                break
            found.append((mm.group(1), mm.group(2), f"{origin}: line {lineno}"))
            pos = len(text) if nl < 0 else nl + 1
            lineno += 1
        # else "Title: ..." is the article's first sentence, not metadata
        if found and (pos >= len(text) or text[pos] == "\n"):
            for key, value, where in found:
                _apply_meta(doc, key, value, where)
            doc.body_start = pos
    if not doc.body.strip():
        raise InputError(f"{origin}: no text after the front matter")
    return doc


def _parse_html(text: str, origin: str, encoding: str | None) -> Document:
    import trafilatura

    body = trafilatura.extract(
        text, include_comments=False, include_tables=False, favor_precision=True
    )
    meta = trafilatura.extract_metadata(text)
    if not body or not body.strip():
        raise InputError(f"{origin}: HTML page has no article text")
    doc = Document(origin, body, "html", encoding=encoding)
    if meta is not None:
        doc.title = meta.title or None
        doc.outlet = meta.sitename or None
        # the page's own (canonical) URL is kept only when it is http(s)
        doc.url = meta.url if meta.url and http_url(meta.url) else None
        if meta.date:
            try:
                doc.published_on = date.fromisoformat(meta.date[:10])
            except ValueError:
                pass
    return doc


def _opt_str(obj: dict, key: str, where: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"{where}: {key!r} must be a string")
    return value.strip() or None


def _precision(obj: dict, where: str) -> str | None:
    """`stated_on_precision` of a given statement: one of DATE_PRECISIONS, only with a date."""
    value = _opt_str(obj, "stated_on_precision", where)
    if value is None:
        return None
    if value not in DATE_PRECISIONS:
        raise InputError(
            f"{where}: stated_on_precision {value!r} is not one of {', '.join(DATE_PRECISIONS)}"
        )
    if obj.get("stated_on") is None:
        raise InputError(f"{where}: stated_on_precision without stated_on")
    return value


def _opt_int(obj: dict, key: str, where: str) -> int | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise InputError(f"{where}: {key!r} must be a non-negative integer")
    return value


def _json_line(raw: str, where: str) -> Any:
    """One JSONL line's value, or InputError naming `where`: bad JSON, nesting too deep
    for the parser, a number too long to convert, text that is not Unicode (a lone
    surrogate escape such as \\ud800, which no database can store)."""
    try:
        value = json.loads(raw)
    except RecursionError:
        raise InputError(f"{where}: nested too deeply to read") from None
    except json.JSONDecodeError as err:
        raise InputError(f"{where}: not valid JSON ({err.msg} at column {err.colno})") from None
    except ValueError:  # an integer over sys.get_int_max_str_digits() digits
        raise InputError(
            f"{where}: number too long (over {sys.get_int_max_str_digits():,} digits)"
        ) from None
    if "\\u" in raw:  # only an escape can make a lone surrogate in decoded text
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as err:
            raise _lone_surrogate(where, err) from None
    return value


def _hedge_cues(obj: dict, where: str) -> list:
    cues = obj.get("hedge_cues") or []
    if not isinstance(cues, list):
        raise InputError(f"{where}: 'hedge_cues' must be a list")
    for cue in cues:
        at = f"{where}: hedge_cues"
        if not isinstance(cue, dict):
            raise InputError(f"{at}: each cue must be an object")
        _opt_str(cue, "text", at)
        _opt_str(cue, "level", at)
        _opt_int(cue, "start", at)
        _opt_int(cue, "end", at)
    return cues


def parse_jsonl(text: str, origin: str, encoding: str | None = None) -> list[Document]:
    """Statements extracted elsewhere, one JSON object a line, grouped by their source object."""
    groups: dict[str, Document] = {}
    most = limits.bound("statements")
    order: list[str] = []
    for lineno, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        where = f"{origin}: line {lineno}"
        obj = _json_line(raw, where)
        if not isinstance(obj, dict):
            raise InputError(f"{where}: expected a JSON object, got {type(obj).__name__}")
        if obj.get("type") not in (None, "statement"):
            raise InputError(
                f"{where}: record type {obj.get('type')!r} is for 'ledger restore', not import"
            )
        quote = obj.get("quote")
        if not isinstance(quote, str) or not quote.strip():
            raise InputError(f"{where}: 'quote' is required and must be a non-empty string")
        src = obj.get("source") or {}
        if not isinstance(src, dict):
            raise InputError(f"{where}: 'source' must be an object")
        kind = _opt_str(obj, "kind", where) or "direct"
        if kind not in KINDS:
            raise InputError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
        hedging = _opt_str(obj, "hedging", where)
        if hedging is not None and hedging not in HEDGING_LEVELS:
            raise InputError(
                f"{where}: hedging {hedging!r} is not one of {', '.join(HEDGING_LEVELS)}"
            )
        stance = _opt_str(obj, "cue_stance", where)
        if stance is not None and stance not in STANCES:
            raise InputError(f"{where}: cue_stance {stance!r} is not one of {', '.join(STANCES)}")
        cues = _hedge_cues(obj, where)
        given = GivenStatement(
            line=lineno,
            quote=quote,
            speaker=_opt_str(obj, "speaker", where),
            role=_opt_str(obj, "role", where),
            kind=kind,
            cue=_opt_str(obj, "cue", where),
            cue_stance=stance,
            stated_on=parse_date(obj.get("stated_on"), f"{where}: stated_on"),
            stated_on_precision=_precision(obj, where),
            venue=_opt_str(obj, "venue", where),
            hedging=hedging,
            hedge_cues=cues,
            polarity=_opt_str(obj, "polarity", where),
            ref=_opt_str(obj, "ref", where),
            start=_opt_int(obj, "start", where),
            end=_opt_int(obj, "end", where),
            speaker_mention=_opt_str(obj, "speaker_mention", where),
            speaker_kind=_opt_str(obj, "speaker_kind", where),
            affiliation=_opt_str(obj, "affiliation", where),
        )
        key_obj = {
            k: src.get(k) for k in ("title", "outlet", "url", "published_on", "kind", "sha256")
        }
        key = json.dumps(key_obj, sort_keys=True)
        doc = groups.get(key)
        if doc is None:
            kind_s = _opt_str(src, "kind", where + ": source") or "statements"
            if kind_s not in SOURCE_KINDS:
                raise InputError(
                    f"{where}: source kind {kind_s!r} is not one of {', '.join(SOURCE_KINDS)}"
                )
            doc = Document(
                origin=origin,
                text="",
                format="jsonl",
                title=_opt_str(src, "title", where + ": source"),
                outlet=_opt_str(src, "outlet", where + ": source"),
                url=check_url(_opt_str(src, "url", where + ": source"), f"{where}: source.url"),
                published_on=parse_date(src.get("published_on"), f"{where}: source.published_on"),
                kind=kind_s,
                given=[],
                encoding=encoding,
            )
            groups[key] = doc
            order.append(key)
        if isinstance(src.get("text"), str) and src["text"]:
            if doc.text and doc.text != src["text"]:
                raise InputError(
                    f"{where}: source text differs from an earlier line with the same source"
                )
            doc.text = src["text"]
        limits.check(origin, "statements", len(doc.given) + 1, most)
        doc.given.append(given)
    if not order:
        raise InputError(f"{origin}: no statements (empty JSONL)")
    docs = [groups[k] for k in order]
    for doc in docs:
        _place_given(doc)
    return docs


def _place_given(doc: Document) -> None:
    """Give every statement offsets into its document's text.

    With the source text supplied (a ledger export), offsets are checked against it, or the
    quote is found in it; without one, the text is the quotes themselves, a blank line apart.
    """
    assert doc.given is not None
    if doc.text:
        for g in doc.given:
            if g.start is not None and g.end is not None and doc.text[g.start : g.end] == g.quote:
                continue
            at = doc.text.find(g.quote)
            if at < 0:
                raise InputError(
                    f"{doc.origin}: line {g.line}: quote is not in the given source text"
                )
            g.start, g.end = at, at + len(g.quote)
        return
    parts, pos = [], 0
    doc.synthesized = True
    for g in doc.given:
        g.start, g.end = pos, pos + len(g.quote)
        parts.append(g.quote)
        pos = g.end + 2
    doc.text = "\n\n".join(parts)
