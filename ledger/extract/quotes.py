"""Quotation marks: where each direct quote opens and closes.

It owns the pairing of marks (“ ” „ « » " and top-level ‘ ’), quotes that run over several
paragraphs (a paragraph that opens a quote without closing it, continued by the next
paragraph's opening mark), nested quotes (kept inside their outer quote), and unbalanced
marks: a quote that never closes stops at the end of its paragraph, so a stray mark can
never swallow the rest of an article. One left-to-right pass, no backtracking.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# '' (two apostrophes) is a straight double mark in some newspapers' archives
_MARK_RE = re.compile(r"''|[\"“”„«»‘’\n]")
# writers mix marks ("…” opened with a straight mark), so any double closer ends a quote
_OPENERS = {"“": '”"»', "„": '“”"', "«": '»”"', '"': '"”»'}


@dataclass
class Quote:
    """One quote: `start`/`end` include the marks; `inner_*` is the quoted text itself."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    closed: bool = True
    #: index of the quote (in the returned list) this one continues, for multi-paragraph quotes
    continues: int | None = None


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _next_paragraph_opens(text: str, pos: int) -> bool:
    """Does the next non-empty paragraph after `pos` start with an opening double mark?"""
    n = len(text)
    i = pos
    while i < n and text[i] in " \t\r\n\u00a0":
        i += 1
    return i < n and text[i] in '“„«"'


def find_quotes(text: str) -> list[Quote]:
    """All top-level quotes of `text`, in order, never overlapping."""
    out: list[Quote] = []
    n = len(text)
    open_pos = -1
    open_w = 1
    closers = ""
    single = False  # the open quote uses single curly marks
    pending_continuation: int | None = None  # index of a quote left open at a paragraph end
    for m in _MARK_RE.finditer(text):
        i = m.start()
        ch = text[i]
        if ch in "’'" and not single and m.end() - i == 1:
            continue  # an apostrophe, or a closing single mark with no single quote open
        w = m.end() - i  # width of the mark: 2 for ''
        if w == 2:
            ch = '"'
        if ch == "\n":
            if open_pos >= 0 and single:
                open_pos = -1  # an unclosed single mark was an apostrophe ("’90s")
            elif open_pos >= 0:
                end = i
                while end > open_pos + open_w and text[end - 1] in " \t\r\u00a0":
                    end -= 1
                q = Quote(
                    open_pos,
                    end,
                    open_pos + open_w,
                    end,
                    closed=False,
                    continues=pending_continuation,
                )
                out.append(q)
                # a double-mark quote left open may go on in the next paragraph
                pending_continuation = (
                    len(out) - 1 if (not single and _next_paragraph_opens(text, i)) else None
                )
                open_pos = -1
            elif i + 1 < n and text[i + 1] == "\n":
                pass
            continue
        prev = text[i - 1] if i > 0 else ""
        nxt = text[i + w] if i + w < n else ""
        if open_pos < 0:
            if ch in "“„«":
                open_w = w
                open_pos, closers, single = i, _OPENERS[ch], False
            elif ch == '"':
                if not _is_word(prev) or _is_word(nxt):
                    open_w = w
                open_pos, closers, single = i, _OPENERS['"'], False
            elif ch == "‘":
                if nxt.isdigit():
                    continue  # "in ‘08", "the ‘90s": an apostrophe
                if not _is_word(prev) and (_is_word(nxt) or nxt in '“"'):
                    open_w = w
                open_pos, closers, single = i, "’", True
            else:
                continue  # a stray closing mark or an apostrophe
            continue
        # a quote is open
        if single:
            if ch == "’" and not _is_word(nxt):
                out.append(Quote(open_pos, i + w, open_pos + open_w, i, True, pending_continuation))
                open_pos, pending_continuation = -1, None
            continue
        if ch in closers:
            if ch == '"' and not _is_word(prev) and _is_word(nxt) and prev not in ".,!?;:)…-—–":
                # looks like an opening mark: the previous quote never closed
                end = i
                while end > open_pos + open_w and text[end - 1] in " \t\u00a0":
                    end -= 1
                out.append(
                    Quote(open_pos, end, open_pos + open_w, end, False, pending_continuation)
                )
                open_pos, pending_continuation, open_w = i, None, w
                continue
            out.append(Quote(open_pos, i + w, open_pos + open_w, i, True, pending_continuation))
            open_pos, pending_continuation = -1, None
        elif ch in "“„«" and "“" not in closers:
            # a second opening mark of the same kind before any closing one: the first never
            # closed (or a nested quote written with double marks); restart from here only when
            # it clearly opens a new quote after a finished sentence
            if prev in " \t" and text[max(0, i - 2) : i - 1] in (".", "!", "?"):
                end = i
                while end > open_pos + open_w and text[end - 1] in " \t\u00a0":
                    end -= 1
                out.append(
                    Quote(open_pos, end, open_pos + open_w, end, False, pending_continuation)
                )
                open_pos, pending_continuation, open_w = i, None, w
    if open_pos >= 0 and not single:
        end = n
        while end > open_pos + open_w and text[end - 1] in " \t\r\n\u00a0":
            end -= 1
        out.append(Quote(open_pos, end, open_pos + open_w, end, False, pending_continuation))
    return [q for q in out if q.end > q.start]
