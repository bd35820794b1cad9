"""Transcripts: speaker turns read from plain text, WebVTT, SRT and CSV/TSV exports.

It owns what a transcript looks like on the page: the speaker label at the start of a turn
(`MR. TRUMP:`, `SEN. WARREN:`, `The PRESIDENT:`, `Jonas Weber:`, optionally after a time
code), the stage directions inside turns (`(APPLAUSE)`, `[CROSSTALK]`, `[inaudible]`), the
test that tells a transcript from a news article, and the timed formats. A timed file (VTT,
SRT, CSV) is stored as a readable rendering, one `[time] SPEAKER: text` paragraph per turn,
whose cues keep their time codes; a plain-text transcript is stored as it is.

Pure reading: turns and offsets out. Sentences, speakers and quotations inside turns are the
services' work (`services/transcripts.py`), since this layer may not use the extractor.
"""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass, field

from ledger.errors import InputError

#: name particles that stay lower case inside a mixed-case label ("Ursula von der Leyen")
_PARTICLES = frozenset("de van von der den bin al la le da del di du el y dos das ter".split())
#: a line that opens a turn: an optional time code, then "LABEL: " (the label is checked
#: word by word in `is_label`, which the regex cannot express)
_TURN = re.compile(
    r"[ \t]*(?:\[?(?P<time>(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)\]?[ \t]+)?"
    r"(?:>>[ \t]*)?(?P<label>[^\n:]{1,60}?)[ \t]*:(?:[ \t]+|(?=\n)|\Z)"
)
_LABEL_WORD = re.compile(r"[\"“(]?[^\W\d_][\w.'’\-]*[\"”)]?\.?|\d{1,3}")
_PAREN_TAIL = re.compile(r"\s*\([^()]{0,40}\)\s*$")
#: words that open a line like a label but head a news paragraph ("Editor's note:")
_NOT_LABELS = frozenset(
    """note update updated correction editor source sources photo photos video watch read
    related breaking exclusive warning caption credit byline transcript advertisement
    email twitter facebook tags latest""".split()
)
#: stage directions: anything in square brackets, or a parenthesis that is upper case or
#: opens with one of these words ("(Laughter.)", "(inaudible)", "(BEGIN VIDEO CLIP)")
_DIRECTION = re.compile(r"\[[^\[\]\n]{1,80}\]|\([^()\n]{1,80}\)")
_DIRECTION_WORDS = frozenset(
    """applause laughter laughs laughing crosstalk cross-talk overtalk inaudible
    unintelligible indiscernible cheers cheering cheer booing boos boo chuckles chuckling
    sighs pause silence music begin end commercial break video audio clip tape bell
    bells timer voiceover voice-over crowd chanting chants audience ph sic gavel
    applauding coughs coughing sustained""".split()
)
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
_TIME = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{2}(?:[.,]\d+)?)")


@dataclass
class Cue:
    """A timed piece of a turn: its offsets in the stored text and its time codes (seconds)."""

    start: int
    end: int
    time_start: float | None
    time_end: float | None


@dataclass
class Turn:
    """One speaker turn: the label as written (None: a cue with no speaker named), where
    the label and the turn's words are in the stored text, and its stage directions."""

    label: str | None
    label_start: int
    label_end: int
    start: int
    end: int
    cues: list[Cue] = field(default_factory=list)
    directions: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Transcript:
    """A read transcript: the text to store and its turns (offsets into that text)."""

    text: str
    turns: list[Turn]
    rendered: bool = False  # the text is a rendering of a timed file, not the file itself


def is_label(label: str) -> bool:
    """Does `label` name a speaker the way transcripts do? One to six words, each upper
    case or capitalised (name particles and "the" aside), digits only after a word
    ("Speaker 2"); a parenthesis at the end ("(?)", "(AS DONALD TRUMP)") and a role after
    a comma ("JOSEPH RICE, BUSINESS OWNER") allowed."""
    s = _PAREN_TAIL.sub("", label.strip())
    name, _, role = s.partition(",")
    words = name.split()
    if not 1 <= len(words) <= 6 or len(role.split()) > 4:
        return False
    first = words[-1] if words[0].casefold() == "the" else words[0]
    if first.casefold().removesuffix("'s").removesuffix("’s").strip(".") in _NOT_LABELS:
        return False
    if words[0][0].isdigit():
        return False
    for w in words:
        if not _LABEL_WORD.fullmatch(w):
            return False
    letters = [ch for ch in name if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters):
        return True
    return all(
        w[0].isdigit() or w.lstrip('"“(')[:1].isupper() or w.casefold() in _PARTICLES for w in words
    )


def parse_seconds(value: str) -> float | None:
    """Seconds of a time code: "01:02:03.500", "02:03,5", "12:03" or plain seconds."""
    value = value.strip()
    if not value:
        return None
    if re.fullmatch(r"\d+(?:[.,]\d+)?", value):  # seconds; never "nan", "inf" or "-3"
        return float(value.replace(",", "."))
    m = _TIME.fullmatch(value)
    if not m:
        return None
    hours = int(m.group(1) or 0)
    return hours * 3600 + int(m.group(2)) * 60 + float(m.group(3).replace(",", "."))


def directions_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The stage directions in text[start:end], as offsets into `text`."""
    out = []
    for m in _DIRECTION.finditer(text, start, end):
        inner = m.group(0)[1:-1].strip()
        letters = [ch for ch in inner if ch.isalpha()]
        first = re.split(r"[^\w\-]+", inner.casefold().strip(" .?!"), maxsplit=1)[0]
        if (
            m.group(0)[0] == "["
            or inner in ("?", "…", "...")
            or (letters and all(ch.isupper() for ch in letters))
            or first in _DIRECTION_WORDS
        ):
            out.append((m.start(), m.end()))
    return out


def _only_directions(text: str, start: int, end: int) -> bool:
    """Is text[start:end] nothing but stage directions (and punctuation)?"""
    rest, pos = [], start
    for s, e in directions_in(text, start, end):
        rest.append(text[pos:s])
        pos = e
    rest.append(text[pos:end])
    return not any(ch.isalnum() for ch in "".join(rest))


def _paragraphs(text: str, start: int) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line from `start`, trailing blanks trimmed."""
    out, pos, n = [], start, len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        line_end = end
        while line_end > pos and text[line_end - 1] in " \t\r":
            line_end -= 1
        if text[pos:line_end].strip():
            out.append((pos, line_end))
        pos = end + 1
    return out


def _turn_at(text: str, start: int, end: int, bare: bool = False) -> re.Match | None:
    """The turn a paragraph opens. A label alone on its line ("TRUMP:", the words below)
    opens one only when `bare` says so, or when it is upper case: "Tuesday:" heads a list."""
    m = _TURN.match(text, start, end)
    if m is None or not is_label(m.group("label")):
        return None
    if not text[m.end() : end].strip() and not (bare or m.group("label").isupper()):
        return None
    return m


def looks_like(text: str, start: int = 0) -> bool:
    """Is text[start:] a transcript rather than an article? Its first paragraph opens a
    turn, and so do most of its paragraphs (stage directions aside): 60 % of them, and
    the first two when there are more than two. A news story that quotes a transcript
    opens with a headline and prose; a headline in the "Name: words" form is followed by
    a paragraph of prose, not by another turn. Paragraphs are lines, or, for transcripts
    whose turns run over several lines under a label ("TRUMP:" alone, the words below),
    blocks of lines between blank lines (two at least)."""
    paras = [(s, e) for s, e in _paragraphs(text, start) if not _only_directions(text, s, e)]
    if _mostly_turns([_turn_at(text, s, e) is not None for s, e in paras]):
        return True
    blocks, last = [], None
    for s, e in paras:
        if last is None or _BLANK_LINE.search(text, last, s):
            blocks.append(_turn_at(text, s, e) is not None)
        last = e
    return len(blocks) >= 2 and _mostly_turns(blocks)


def _mostly_turns(turns: list[bool]) -> bool:
    if not turns or not turns[0] or (len(turns) > 2 and not turns[1]):
        return False
    return sum(turns) >= 0.6 * len(turns)


def parse_turns(text: str, start: int = 0) -> Transcript:
    """The turns of a plain-text transcript from offset `start` (after its header). A
    paragraph without a label continues the turn before it; paragraphs before the first
    turn (a title) are kept in the text but belong to no one."""
    turns: list[Turn] = []
    for s, e in _paragraphs(text, start):
        m = _turn_at(text, s, e, bare=True)
        if m is None:
            if turns and not _only_directions(text, s, e):
                last = turns[-1]
                if last.start == last.end:  # "NAME:" alone: its words start here
                    last.start = s
                last.end = e
                if last.cues:
                    last.cues[-1].end = e
            if turns:
                turns[-1].directions.extend(directions_in(text, s, e))
            continue
        label = m.group("label").strip()
        ls = m.start("label")
        t = m.group("time")
        seconds = parse_seconds(t) if t else None
        turn = Turn(label, ls, ls + len(label), m.end(), e)
        if seconds is not None:
            turn.cues.append(Cue(m.end(), e, seconds, None))
        turn.directions = directions_in(text, m.end(), e)
        turns.append(turn)
    return Transcript(text, turns)


# --- timed formats: rendered as "[time] SPEAKER: text" paragraphs ---------------------------


@dataclass
class _Piece:
    speaker: str | None
    words: str
    time_start: float | None
    time_end: float | None


def _clock(seconds: float) -> str:
    ms = round(seconds * 1000)
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def _render(pieces: list[_Piece], origin: str) -> Transcript:
    """One paragraph per run of pieces of one speaker; each piece a cue with its times.
    A piece with no speaker continues the turn before it (captions name a speaker when
    the speaker changes)."""
    parts: list[str] = []
    pos = 0
    turns: list[Turn] = []
    current: str | None = None
    for p in pieces:
        words = " ".join(p.words.split())
        if not words:
            continue
        if turns and (p.speaker is None or p.speaker == current):
            parts.append(" ")
            pos += 1
        else:
            if parts:
                parts.append("\n\n")
                pos += 2
            head = f"[{_clock(p.time_start)}] " if p.time_start is not None else ""
            label = p.speaker
            parts.append(head)
            pos += len(head)
            ls = pos
            if label:
                parts.append(label + ": ")
                pos += len(label) + 2
            turns.append(Turn(label, ls, ls + len(label or ""), pos, pos))
            current = p.speaker
        parts.append(words)
        turns[-1].cues.append(Cue(pos, pos + len(words), p.time_start, p.time_end))
        pos += len(words)
        turns[-1].end = pos
    text = "".join(parts) + "\n"
    if not turns:
        raise InputError(f"{origin}: the transcript has no cue or row with text")
    for turn in turns:
        turn.directions = directions_in(text, turn.start, turn.end)
    return Transcript(text, turns, rendered=True)


_VOICE = re.compile(r"<v(?:\.[\w.\-]+)?(?:\s+([^>]*))?>", re.I)
_TAG = re.compile(r"</?[^>]*>")
_PREFIX = re.compile(r"\A\s*(?:>>|-)?\s*([^\n:]{1,60}?)\s*:\s+")


def _split_label(words: str) -> tuple[str | None, str]:
    """A caption's "NAME: text" or ">> NAME: text" prefix, if it is a speaker label."""
    m = _PREFIX.match(words)
    if m and is_label(m.group(1)):
        return m.group(1).strip(), words[m.end() :]
    return None, re.sub(r"\A\s*>>\s*", "", words)


def _voice_pieces(raw: str, t0: float | None, t1: float | None) -> list[_Piece]:
    """The pieces of one cue: each `<v Speaker>` span its own, else a `NAME:` prefix."""
    spans = list(_VOICE.finditer(raw))
    if not spans:
        speaker, words = _split_label(html.unescape(_TAG.sub("", raw)))
        return [_Piece(speaker, words, t0, t1)]
    out = []
    lead = html.unescape(_TAG.sub("", raw[: spans[0].start()]))
    if lead.strip():
        out.append(_Piece(None, lead, t0, t1))
    for i, m in enumerate(spans):
        end = spans[i + 1].start() if i + 1 < len(spans) else len(raw)
        speaker = (m.group(1) or "").strip() or None
        words = html.unescape(_TAG.sub("", raw[m.end() : end]))
        out.append(_Piece(speaker, words, t0, t1))
    return out


def parse_vtt(text: str, origin: str) -> Transcript:
    """A WebVTT file (webvtt-py reads the cues): `<v Speaker>` voice spans and `NAME:`
    prefixes name the speakers."""
    import webvtt
    from webvtt.errors import MalformedCaptionError, MalformedFileError

    try:
        captions = webvtt.from_buffer(io.StringIO(text)).captions
    except (MalformedFileError, MalformedCaptionError) as err:
        raise InputError(f"{origin}: not a valid WebVTT file ({err})") from None
    pieces: list[_Piece] = []
    for c in captions:
        pieces.extend(_voice_pieces(c.raw_text, parse_seconds(c.start), parse_seconds(c.end)))
    return _render(pieces, origin)


def parse_srt(text: str, origin: str) -> Transcript:
    """An SRT file (the `srt` package reads it); `NAME:` or `>> NAME:` prefixes name speakers."""
    import srt

    try:
        subs = list(srt.parse(text))
    except srt.SRTParseError as err:
        raise InputError(f"{origin}: not a valid SRT file ({err})") from None
    pieces = []
    for sub in subs:
        speaker, words = _split_label(html.unescape(_TAG.sub("", sub.content)))
        pieces.append(_Piece(speaker, words, sub.start.total_seconds(), sub.end.total_seconds()))
    return _render(pieces, origin)


_SPEAKER_COLUMNS = ("speaker", "name", "speaker name", "speaker_name", "speaker label", "who")
_TEXT_COLUMNS = ("text", "transcript", "utterance", "sentence", "content", "words", "caption")
_START_COLUMNS = ("start", "start time", "start_time", "begin", "from", "in", "start (s)")
_END_COLUMNS = ("end", "end time", "end_time", "stop", "to", "out", "end (s)")


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    folded = [" ".join(h.strip().casefold().lstrip("\ufeff").split()) for h in header]
    for name in names:
        if name in folded:
            return folded.index(name)
    return None


def _delimiter(first_line: str) -> str | None:
    for d in ("\t", ",", ";"):
        if d in first_line:
            return d
    return None


def looks_like_table(text: str) -> bool:
    """Is the first line a header with a speaker column and a text column?"""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    d = _delimiter(first)
    if d is None or len(first) > 300:
        return False
    header = next(csv.reader([first], delimiter=d), [])
    return (
        _column(header, _SPEAKER_COLUMNS) is not None and _column(header, _TEXT_COLUMNS) is not None
    )


def parse_table(text: str, origin: str) -> Transcript:
    """A CSV or TSV export of a transcription service: a speaker column and a text column
    (header names matched case-insensitively), optional start and end times."""
    body = text.lstrip("\ufeff")
    d = _delimiter(body.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(body), delimiter=d or ",")
    try:
        rows = list(reader)
    except csv.Error as err:  # a cell over csv's field limit, a stray quote in strict mode
        raise InputError(
            f"{origin}: line {reader.line_num}: not a readable table ({err})"
        ) from None
    if not rows:
        raise InputError(f"{origin}: empty table")
    header = rows[0]
    who, said = _column(header, _SPEAKER_COLUMNS), _column(header, _TEXT_COLUMNS)
    if who is None or said is None:
        raise InputError(
            f"{origin}: line 1: a transcript table needs a speaker column and a text column "
            f"(got {', '.join(h.strip() for h in header)[:120]})"
        )
    t0, t1 = _column(header, _START_COLUMNS), _column(header, _END_COLUMNS)
    pieces = []
    for lineno, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) <= max(who, said):
            raise InputError(
                f"{origin}: line {lineno}: {len(row)} columns, the header has {len(header)}"
            )

        pieces.append(
            _Piece(
                row[who].strip() or None,
                row[said],
                _cell_seconds(row, t0, f"{origin}: line {lineno}: start"),
                _cell_seconds(row, t1, f"{origin}: line {lineno}: end"),
            )
        )
    return _render(pieces, origin)


def _cell_seconds(row: list[str], i: int | None, where: str) -> float | None:
    if i is None or i >= len(row) or not row[i].strip():
        return None
    value = parse_seconds(row[i])
    if value is None:
        raise InputError(f"{where} time {row[i].strip()[:20]!r} is not a time")
    return value


def detect_timed(text: str, origin: str) -> str | None:
    """ "vtt", "srt" or "table" for a timed transcript file, by content (and name), else None."""
    lower = origin.lower()
    head = text.lstrip("\ufeff")
    if head.startswith("WEBVTT") or lower.endswith(".vtt"):
        return "vtt"
    if lower.endswith(".srt") or re.match(r"\s*\d+[ \t]*\n\d\d:\d\d:\d\d[,.]\d{3}[ \t]*-->", head):
        return "srt"
    if looks_like_table(head):
        return "table"
    return None


def parse_timed(kind: str, text: str, origin: str) -> Transcript:
    if kind == "vtt":
        return parse_vtt(text, origin)
    if kind == "srt":
        return parse_srt(text, origin)
    return parse_table(text, origin)
