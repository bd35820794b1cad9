"""Word-level diffs between two quotes, as JSON-able data a reviewer (and the store) can keep.

The alignment is rapidfuzz's Levenshtein over *normalised* tokens, so typography never shows
up as a difference; the words shown are as written in each text where that is unambiguous.
Each op is ``{"op": "equal"|"insert"|"delete"|"replace", "a": str, "b": str}``: `a` holds
the words of the first text, `b` those of the second ("" where a side has none). Inserts
or deletes at either end of a `repeat` are truncation, not alteration.
"""

from __future__ import annotations

from rapidfuzz.distance import Indel

from .normalise import display_tokens

__all__ = ["diff_ops", "flip_diff", "token_diff", "word_diff"]


def diff_ops(a_tokens: list[str], b_tokens: list[str]) -> list[tuple[str, int, int, int, int]]:
    """Opcodes (tag, a_start, a_end, b_start, b_end) aligning two token lists.

    The alignment keeps the longest common subsequence of tokens (Indel distance), so an
    inserted phrase shows as an insert rather than as a chain of replaced words; adjacent
    delete and insert are reported as one replace.
    """
    out: list[tuple[str, int, int, int, int]] = []
    for op in Indel.opcodes(a_tokens, b_tokens):
        tag, a0, a1, b0, b1 = op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end
        if out and {tag, out[-1][0]} == {"insert", "delete"}:
            prev = out.pop()
            out.append(("replace", prev[1], a1, prev[3], b1))
            continue
        out.append((tag, a0, a1, b0, b1))
    return out


def _format(
    ops: list[tuple[str, int, int, int, int]], wa: list[str], wb: list[str]
) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for tag, a0, a1, b0, b1 in ops:
        xa, xb = " ".join(wa[a0:a1]), " ".join(wb[b0:b1])
        if out and out[-1]["op"] == tag:
            out[-1]["a"] = f"{out[-1]['a']} {xa}".strip()
            out[-1]["b"] = f"{out[-1]['b']} {xb}".strip()
        else:
            out.append({"op": tag, "a": xa, "b": xb})
    return out


def token_diff(
    a_tokens: list[str],
    b_tokens: list[str],
    ops: list[tuple[str, int, int, int, int]] | None = None,
) -> list[dict[str, str]]:
    """Word-level diff of two normalised token lists (words shown normalised)."""
    return _format(ops if ops is not None else diff_ops(a_tokens, b_tokens), a_tokens, b_tokens)


def word_diff(
    a: str, b: str, a_normalised: str | None = None, b_normalised: str | None = None
) -> list[dict[str, str]]:
    """Word-level diff of two texts, words shown as written; adjacent ops of one kind merged.

    Pass the normalised texts if already known (saves normalising again).
    """
    da, db = display_tokens(a, a_normalised), display_tokens(b, b_normalised)
    ops = diff_ops([t for t, _ in da], [t for t, _ in db])
    return _format(ops, [w for _, w in da], [w for _, w in db])


def flip_diff(diff: list | None) -> list | None:
    """A diff from a to b (as stored for a link, a_id < b_id) as a diff from b to a."""
    if not diff:
        return diff
    swap = {"insert": "delete", "delete": "insert"}
    return [
        {"op": swap.get(d.get("op"), d.get("op")), "a": d.get("b"), "b": d.get("a")}
        for d in diff
        if isinstance(d, dict)
    ]
