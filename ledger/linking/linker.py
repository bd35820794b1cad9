"""The Linker: holds prepared statements and the candidate index; links new and all statements.

`add(item)` links one new statement against everything stored (incremental; milliseconds),
`link_all()` recomputes every link from scratch. Both score exactly the pairs the blocking
index proposes (a property of the pair alone) with the same classifier, so the result of
`link_all()` equals the union of what `add()` returned, in whatever order items arrived.

Statements live in parallel lists indexed by an internal position, not in objects, to keep
a million of them within a few hundred MB.
"""

from __future__ import annotations

import pickle
from collections.abc import Hashable, Iterable, Iterator
from pathlib import Path

from rapidfuzz import fuzz, process

from .blocking import CandidateIndex, blocking_keys
from .model import LinkItem, ProposedLink
from .normalise import content_text, normalise
from .scoring import THRESHOLDS, Prepared, Thresholds, classify_prepared

__all__ = ["Linker", "TextPrep", "prepare_text"]

_FORMAT = "ledger.linking.Linker/1"
# The bulk paraphrase pre-filter uses token_set_ratio alone; the final paraphrase score is
# the mean of token_set and token_sort, which can exceed token_set only slightly when the
# texts repeat words, so the pre-filter is set this far below the paraphrase threshold.
_PREFILTER_MARGIN = 8.0


#: what the linker derives from a text alone: (normalised, content words, blocking keys)
TextPrep = tuple[str, str, list[int]]


def prepare_text(text: str) -> TextPrep:
    """The linker's view of a statement's text, a pure function of it, so that the process
    that extracted the statement can compute it and the writer need not."""
    norm = normalise(text)
    content = content_text(norm)
    return norm, content, blocking_keys(content)


class Linker:
    """Incremental claim linker over `LinkItem`s (pure: no database).

    keep_text: keep each statement's text as written so diffs show the original spelling
    (costs the text's size per statement and about a third more time in a full link);
    by default diffs show normalised words. `word_diff(text_a, text_b)` renders the
    written-spelling diff of any stored link later, e.g. in the reviewer UI.
    """

    def __init__(self, thresholds: Thresholds = THRESHOLDS, *, keep_text: bool = False) -> None:
        self.thresholds = thresholds
        self.keep_text = keep_text
        self._ids: list[int] = []
        self._pos: dict[int, int] = {}
        self._norm: list[str | None] = []
        self._content: list[str] = []
        self._speaker: list[Hashable | None] = []
        self._verbatim = bytearray()
        self._text: list[str] = []
        self._by_speaker: dict[Hashable, set[int]] = {}
        self._index = CandidateIndex()

    # -- storage ---------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._pos)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._pos

    def _store(self, item: LinkItem, prepared: TextPrep | None = None) -> tuple[int, list[int]]:
        norm, content, keys = prepared or prepare_text(item.text)
        idx, _ = self._store_normalised(
            item.id, norm, content, item.speaker_key, item.verbatim, item.text, keys
        )
        return idx, keys

    def _store_normalised(
        self,
        item_id: int,
        norm: str,
        content: str,
        speaker: Hashable | None,
        verbatim: bool,
        text: str,
        keys: list[int] | None = None,
    ) -> tuple[int, list[int]]:
        if item_id in self._pos:
            self.remove(item_id)
        idx = len(self._ids)
        self._ids.append(item_id)
        self._pos[item_id] = idx
        self._norm.append(norm)
        self._content.append(content)
        self._speaker.append(speaker)
        self._verbatim.append(1 if verbatim else 0)
        self._text.append(text if self.keep_text else "")
        if speaker is not None:
            self._by_speaker.setdefault(speaker, set()).add(idx)
        return idx, blocking_keys(content) if keys is None else keys

    def _prepared(self, idx: int) -> Prepared:
        return Prepared(
            self._ids[idx],
            self._norm[idx] or "",
            self._content[idx],
            self._speaker[idx],
            bool(self._verbatim[idx]),
            self._text[idx],
        )

    def build(self, items: Iterable[LinkItem]) -> None:
        """Bulk-load statements into the index without linking them (e.g. on start)."""
        index = self._index
        for item in items:
            idx, keys = self._store(item)
            index.add(idx, keys)

    def remove(self, item_id: int) -> None:
        """Drop a statement (deleted or edited); its internal slot becomes a tombstone."""
        idx = self._pos.pop(item_id, None)
        if idx is None:
            return
        self._index.remove(idx, blocking_keys(self._content[idx]))
        group = self._by_speaker.get(self._speaker[idx])
        if group is not None:
            group.discard(idx)
        self._norm[idx] = None
        self._content[idx] = ""
        self._text[idx] = ""

    # -- linking ---------------------------------------------------------------------
    def _links_for(
        self, idx: int, keys: list[int], before: list[int] | None = None
    ) -> list[ProposedLink]:
        cands = self._index.candidates(keys)
        cands.discard(idx)
        if before is not None:
            mine = before[idx]
            cands = {j for j in cands if before[j] < mine}
        if not cands:
            return []
        th = self.thresholds
        survivors: set[int] = set()
        content = self._content[idx]
        if content.count(" ") + 1 >= th.min_content_words:
            # One C call scores every candidate; only plausible paraphrases go on.
            order = list(cands)
            contents = self._content
            hits = process.extract(
                content,
                [contents[j] for j in order],
                scorer=fuzz.token_set_ratio,
                score_cutoff=max(0.0, th.paraphrase_low - _PREFILTER_MARGIN),
                limit=None,
            )
            survivors = {order[h[2]] for h in hits}
        speaker = self._speaker[idx]
        if speaker is not None:
            # Same-speaker candidates always go on: repeat/altered need the alignment.
            group = self._by_speaker.get(speaker)
            if group:
                survivors |= cands & group
        me = self._prepared(idx)
        out = []
        for j in sorted(survivors):
            link = classify_prepared(me, self._prepared(j), self.thresholds)
            if link is not None:
                out.append(link)
        return out

    def add(self, item: LinkItem, prepared: TextPrep | None = None) -> list[ProposedLink]:
        """Store a new statement and return its links to the statements already stored;
        `prepared`: `prepare_text(item.text)`, when another process has computed it."""
        idx, keys = self._store(item, prepared)
        links = self._links_for(idx, keys)
        self._index.add(idx, keys)
        return sorted(links, key=lambda link: link.pair)

    def iter_links(self) -> Iterator[ProposedLink]:
        """Every link among the stored statements, recomputed, streamed (by b_id, a_id).

        Statements are visited in id order and each is scored against the candidates with
        a smaller id, so every candidate pair is scored once. Tombstones of removed
        statements are dropped first.
        """
        self.compact()
        order = sorted(self._pos.items())
        rank = [0] * len(self._ids)
        for r, (_item_id, idx) in enumerate(order):
            rank[idx] = r
        for _item_id, idx in order:
            keys = blocking_keys(self._content[idx])
            yield from self._links_for(idx, keys, before=rank)

    def link_all(self) -> list[ProposedLink]:
        """Every link among the stored statements, recomputed; sorted by (a_id, b_id)."""
        return sorted(self.iter_links(), key=lambda link: link.pair)

    def compact(self) -> None:
        """Drop the slots of removed statements (renumbers internal positions)."""
        if len(self._pos) == len(self._ids):
            return
        keep = [i for i, n in enumerate(self._norm) if n is not None]
        self._ids = [self._ids[i] for i in keep]
        self._norm = [self._norm[i] for i in keep]
        self._content = [self._content[i] for i in keep]
        self._speaker = [self._speaker[i] for i in keep]
        self._verbatim = bytearray(self._verbatim[i] for i in keep)
        self._text = [self._text[i] for i in keep]
        self._pos = {item_id: n for n, item_id in enumerate(self._ids)}
        self._rebuild_speakers()
        self._index = CandidateIndex()
        for n in range(len(self._ids)):
            self._index.add(n, blocking_keys(self._content[n]))

    def links_of(self, item_id: int) -> list[ProposedLink]:
        """Links of one stored statement to all others (e.g. after a reviewer edit)."""
        idx = self._pos[item_id]
        return sorted(
            self._links_for(idx, blocking_keys(self._content[idx])),
            key=lambda link: link.pair,
        )

    def candidates(self, item_id: int) -> list[int]:
        """Ids the blocking index proposes for a stored statement (for diagnostics)."""
        idx = self._pos[item_id]
        cands = self._index.candidates(blocking_keys(self._content[idx]))
        return sorted(self._ids[j] for j in cands if j != idx and self._norm[j] is not None)

    def _rebuild_speakers(self) -> None:
        self._by_speaker = {}
        for n, speaker in enumerate(self._speaker):
            if speaker is not None and self._norm[n] is not None:
                self._by_speaker.setdefault(speaker, set()).add(n)

    # -- persistence -----------------------------------------------------------------
    def save(self, path: str | Path) -> None:
        state = {
            "format": _FORMAT,
            "thresholds": self.thresholds,
            "keep_text": self.keep_text,
            "ids": self._ids,
            "norm": self._norm,
            "content": self._content,
            "speaker": self._speaker,
            "verbatim": bytes(self._verbatim),
            "text": self._text,
            "index": self._index,
        }
        tmp = Path(f"{path}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump(state, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)

    @classmethod
    def load(cls, path: str | Path) -> Linker:
        """Load an index written by `save` (trusted local file: it is a pickle)."""
        with open(path, "rb") as f:
            state = pickle.load(f)  # noqa: S301 - our own cache file, never untrusted input
        if state.get("format") != _FORMAT:
            raise ValueError(f"{path}: not a {_FORMAT} file")
        linker = cls(state["thresholds"], keep_text=state["keep_text"])
        linker._ids = state["ids"]
        linker._norm = state["norm"]
        linker._content = state["content"]
        linker._speaker = state["speaker"]
        linker._verbatim = bytearray(state["verbatim"])
        linker._text = state["text"]
        linker._index = state["index"]
        linker._pos = {i: n for n, i in enumerate(linker._ids) if linker._norm[n] is not None}
        linker._rebuild_speakers()
        return linker
