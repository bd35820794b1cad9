"""The Linker: holds prepared statements and the candidate index; links new and all statements.

`add(item)` links one new statement to statements already stored (incremental;
milliseconds), `link_all()` recomputes every link from scratch. Links stay linear in a
claim's size: a statement links to a bounded number of earlier statements, never to every
member of the claim it joins (docs/claims-at-scale.md):

* **Bounded candidates.** Each blocking key contributes at most its `Bounds.head` oldest
  and `Bounds.tail` most recent earlier statements; at most `Bounds.scored` candidates are
  fully classified (the `anchors` oldest and the best by a pre-filter score).
* **Exact copies collapse.** The first `Bounds.copies` statements with the same normalised
  text, speaker and verbatim flag are indexed; a later copy is not indexed and links only
  to the first `copy_links` of them, which score as it would against anything.
* **Bounded links.** Of the links found, a statement keeps at most `Bounds.links`: its
  earliest joining (auto) link, so a claim stays a star around its first members, then the
  best joining links by score, with `Bounds.others` places kept for suggestions and
  conflicts when there are any.

Every choice a statement makes depends on it and the statements with *smaller ids* only.
Statements arrive in id order at import, and `iter_links` scores each statement against
the smaller ids alone, so the result of `link_all()` equals the union of what `add()`
returned, and a bulk `build` in any order (internal positions are kept in id order,
reindexing when needed) then `link_all()` gives the same links. `add` of an id smaller
than a stored one (an edit) links it to its smaller ids; later statements that would now
choose it are found by the next `link_all`.

Statements live in parallel lists indexed by an internal position, not in objects, to keep
a million of them within a few hundred MB.
"""

from __future__ import annotations

import pickle
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from .blocking import CandidateIndex, blocking_keys
from .model import JOINING, LinkItem, ProposedLink
from .normalise import content_text, normalise
from .scoring import THRESHOLDS, Prepared, Thresholds, classify_prepared

__all__ = ["Bounds", "BOUNDS", "Linker", "TextPrep", "prepare_text"]

_FORMAT = "ledger.linking.Linker/2"
# The bulk paraphrase pre-filter uses token_set_ratio alone; the final paraphrase score is
# the mean of token_set and token_sort, which can exceed token_set only slightly when the
# texts repeat words, so the pre-filter is set this far below the paraphrase threshold.
_PREFILTER_MARGIN = 8.0


@dataclass(frozen=True, slots=True)
class Bounds:
    """How much of a large claim one statement looks at and links to.

    Defaults: see docs/claims-at-scale.md for the measurements behind them.
    """

    #: oldest and most recent earlier entries of one blocking key's posting that count
    head: int = 32
    tail: int = 96
    #: candidates classified at most; the `anchors` oldest always among them
    scored: int = 32
    anchors: int = 4
    #: links one statement keeps at most, of which `others` places are kept for
    #: suggested and conflicts links when it has any
    links: int = 12
    others: int = 2
    #: exact copies (normalised text, speaker, verbatim) indexed; later copies link to the
    #: first `copy_links` of them only
    copies: int = 16
    copy_links: int = 2


BOUNDS = Bounds()

#: what the linker derives from a text alone: (normalised, content words, blocking keys)
TextPrep = tuple[str, str, list[int]]


def prepare_text(text: str) -> TextPrep:
    """The linker's view of a statement's text, a pure function of it, so that the process
    that extracted the statement can compute it and the writer need not."""
    norm = normalise(text)
    content = content_text(norm)
    return norm, content, blocking_keys(content)


def _joins(link: ProposedLink) -> bool:
    return link.status == "auto" and link.relation in JOINING


class Linker:
    """Incremental claim linker over `LinkItem`s (pure: no database).

    keep_text: keep each statement's text as written so diffs show the original spelling
    (costs the text's size per statement and about a third more time in a full link);
    by default diffs show normalised words. `word_diff(text_a, text_b)` renders the
    written-spelling diff of any stored link later, e.g. in the reviewer UI.
    bounds: `Bounds` (what keeps links linear in a claim's size).
    """

    def __init__(
        self,
        thresholds: Thresholds = THRESHOLDS,
        *,
        keep_text: bool = False,
        bounds: Bounds = BOUNDS,
    ) -> None:
        self.thresholds = thresholds
        self.keep_text = keep_text
        self.bounds = bounds
        self._ids: list[int] = []
        self._pos: dict[int, int] = {}
        self._norm: list[str | None] = []
        self._content: list[str] = []
        self._speaker: list[Hashable | None] = []
        self._verbatim = bytearray()
        self._text: list[str] = []
        # 1 where the statement is in the candidate index, 0 for a collapsed copy
        self._indexed = bytearray()
        # normalised text -> position of its only statement, or a list of copy groups
        # [speaker, verbatim, first positions...] (most texts are unique: an int is cheap)
        self._copies: dict[str, int | list[list]] = {}
        self._by_speaker: dict[Hashable, set[int]] = {}
        self._index = CandidateIndex()
        # positions out of id order, tombstones, or an index not built: `_ensure` reindexes
        self._dirty = False

    # -- storage ---------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._pos)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._pos

    def _append(self, item: LinkItem, prepared: TextPrep | None) -> tuple[int, list[int]]:
        norm, content, keys = prepared or prepare_text(item.text)
        if item.id in self._pos:
            self.remove(item.id)
        if self._ids and item.id < self._ids[-1]:
            self._dirty = True
        idx = len(self._ids)
        self._ids.append(item.id)
        self._pos[item.id] = idx
        self._norm.append(norm)
        self._content.append(content)
        self._speaker.append(item.speaker_key)
        self._verbatim.append(1 if item.verbatim else 0)
        self._text.append(item.text if self.keep_text else "")
        self._indexed.append(0)
        if item.speaker_key is not None:
            self._by_speaker.setdefault(item.speaker_key, set()).add(idx)
        return idx, keys

    def _register(self, idx: int) -> list[int] | None:
        """Record `idx` among the copies of its text; the positions it links to instead of
        being indexed (a collapsed copy), or None when it is indexed."""
        norm = self._norm[idx]
        assert norm is not None
        speaker, verbatim = self._speaker[idx], self._verbatim[idx]
        cur = self._copies.get(norm)
        if cur is None:
            self._copies[norm] = idx
            return None
        if cur.__class__ is int:
            j = cur
            if self._speaker[j] == speaker and self._verbatim[j] == verbatim:
                if self.bounds.copies < 2:
                    self._copies[norm] = [[speaker, verbatim, j]]
                    return [j][: self.bounds.copy_links]
                self._copies[norm] = [[speaker, verbatim, j, idx]]
            else:
                self._copies[norm] = [
                    [self._speaker[j], self._verbatim[j], j],
                    [speaker, verbatim, idx],
                ]
            return None
        for group in cur:
            if group[0] == speaker and group[1] == verbatim:
                if len(group) - 2 < self.bounds.copies:
                    group.append(idx)
                    return None
                return group[2 : 2 + self.bounds.copy_links]
        cur.append([speaker, verbatim, idx])
        return None

    def _copy_of(self, idx: int) -> list[int] | None:
        """For a collapsed copy, the positions it links to; None for an indexed statement."""
        if self._indexed[idx]:
            return None
        cur = self._copies.get(self._norm[idx] or "")
        speaker, verbatim = self._speaker[idx], self._verbatim[idx]
        for group in cur if isinstance(cur, list) else ():
            if group[0] == speaker and group[1] == verbatim:
                return group[2 : 2 + self.bounds.copy_links]
        return []

    def _prepared(self, idx: int) -> Prepared:
        return Prepared(
            self._ids[idx],
            self._norm[idx] or "",
            self._content[idx],
            self._speaker[idx],
            bool(self._verbatim[idx]),
            self._text[idx],
        )

    def _index_add(self, idx: int, keys: list[int]) -> None:
        if self._register(idx) is None:
            self._indexed[idx] = 1
            self._index.add(idx, keys)

    def build(self, items: Iterable[LinkItem]) -> None:
        """Bulk-load statements into the index without linking them (e.g. on start)."""
        for item in items:
            idx, keys = self._append(item, None)
            if not self._dirty:
                self._index_add(idx, keys)

    def remove(self, item_id: int) -> None:
        """Drop a statement (deleted or edited); the index is rebuilt before the next use."""
        idx = self._pos.pop(item_id, None)
        if idx is None:
            return
        group = self._by_speaker.get(self._speaker[idx])
        if group is not None:
            group.discard(idx)
        self._norm[idx] = None
        self._content[idx] = ""
        self._text[idx] = ""
        self._dirty = True

    def _ensure(self) -> None:
        """Positions in id order, tombstones dropped, copies and index built from scratch."""
        if not self._dirty:
            return
        keep = sorted(
            (i for i, n in enumerate(self._norm) if n is not None), key=self._ids.__getitem__
        )
        self._ids = [self._ids[i] for i in keep]
        self._norm = [self._norm[i] for i in keep]
        self._content = [self._content[i] for i in keep]
        self._speaker = [self._speaker[i] for i in keep]
        self._verbatim = bytearray(self._verbatim[i] for i in keep)
        self._text = [self._text[i] for i in keep]
        self._indexed = bytearray(len(keep))
        self._pos = {item_id: n for n, item_id in enumerate(self._ids)}
        self._rebuild_speakers()
        self._copies = {}
        self._index = CandidateIndex()
        for n in range(len(self._ids)):
            self._index_add(n, blocking_keys(self._content[n]))
        self._dirty = False

    compact = _ensure

    # -- linking ---------------------------------------------------------------------
    def _links_for(
        self, idx: int, keys: list[int], before: int | None, copy_of: list[int] | None
    ) -> list[ProposedLink]:
        """The links statement `idx` keeps to earlier statements. `before`: positions below
        it only (None when nothing later is indexed); `copy_of`: the first copies a
        collapsed copy links to, else None."""
        bd, th = self.bounds, self.thresholds
        me = self._prepared(idx)
        if copy_of is not None:
            out = (classify_prepared(me, self._prepared(j), th) for j in copy_of)
            return [link for link in out if link is not None]
        cands = self._index.candidates(keys, before, bd.head, bd.tail)
        cands.discard(idx)
        if not cands:
            return []
        contents = self._content
        content = contents[idx]
        pre: dict[int, float] = {}
        if content.count(" ") + 1 >= th.min_content_words:
            # One C call scores every candidate; only plausible paraphrases go on.
            order = sorted(cands)
            hits = process.extract(
                content,
                [contents[j] for j in order],
                scorer=fuzz.token_set_ratio,
                score_cutoff=max(0.0, th.paraphrase_low - _PREFILTER_MARGIN),
                limit=None,
            )
            pre = {order[h[2]]: h[1] for h in hits}
        survivors = set(pre)
        speaker = self._speaker[idx]
        if speaker is not None:
            # Same-speaker candidates always go on: repeat/altered need the alignment.
            group = self._by_speaker.get(speaker)
            if group:
                survivors |= cands & group
        if len(survivors) > bd.scored:
            survivors = self._best(idx, survivors, pre)
        links = []
        for j in sorted(survivors):
            link = classify_prepared(me, self._prepared(j), th)
            if link is not None:
                links.append(link)
        return links if len(links) <= bd.links else self._select(links)

    def _best(self, idx: int, survivors: set[int], pre: dict[int, float]) -> set[int]:
        """`Bounds.scored` of the survivors: the `anchors` oldest, then the best by the
        pre-filter score or the character similarity of the normalised texts."""
        bd = self.bounds
        ranked = sorted(survivors)
        oldest = ranked[: bd.anchors]
        rest = ranked[bd.anchors :]
        norms = self._norm
        sims = process.extract(
            norms[idx] or "",
            [norms[j] or "" for j in rest],
            scorer=fuzz.ratio,
            limit=None,
        )
        score = {rest[h[2]]: max(h[1], pre.get(rest[h[2]], 0.0)) for h in sims}
        rest.sort(key=lambda j: (-score.get(j, 0.0), j))
        return set(oldest) | set(rest[: bd.scored - len(oldest)])

    def _select(self, links: list[ProposedLink]) -> list[ProposedLink]:
        """At most `Bounds.links` of one statement's links (all to smaller ids, so the other
        end is `a_id`): its earliest joining link, then the best joining links, keeping
        `Bounds.others` places for suggestions and conflicts when there are any."""
        bd = self.bounds
        joining = [lk for lk in links if _joins(lk)]
        others = [lk for lk in links if not _joins(lk)]

        def best(lk: ProposedLink) -> tuple[float, int]:
            return (-lk.score, lk.a_id)

        joining.sort(key=best)
        others.sort(key=best)
        kept: list[ProposedLink] = []
        if joining:
            first = min(joining, key=lambda lk: lk.a_id)
            room = bd.links - min(len(others), bd.others)
            kept = [first] + [lk for lk in joining if lk is not first][: max(0, room - 1)]
        kept += others[: bd.links - len(kept)]
        return sorted(kept, key=lambda lk: lk.pair)

    def add(self, item: LinkItem, prepared: TextPrep | None = None) -> list[ProposedLink]:
        """Store a new statement and return its links to the stored statements with smaller
        ids; `prepared`: `prepare_text(item.text)`, when another process has computed it."""
        idx, keys = self._append(item, prepared)
        if self._dirty:
            self._ensure()  # an edit or an id out of order: reindexed with the new item in it
            links = self._links_of_position(self._pos[item.id])
        else:
            copy_of = self._register(idx)
            links = self._links_for(idx, keys, None, copy_of)
            if copy_of is None:
                self._indexed[idx] = 1
                self._index.add(idx, keys)
        return sorted(links, key=lambda link: link.pair)

    def _links_of_position(self, idx: int) -> list[ProposedLink]:
        copy_of = self._copy_of(idx)
        keys = blocking_keys(self._content[idx]) if copy_of is None else []
        return self._links_for(idx, keys, idx, copy_of)

    def iter_links(self) -> Iterator[ProposedLink]:
        """Every link among the stored statements, recomputed, streamed (by b_id, a_id).

        Statements are visited in id order and each is linked to the statements with a
        smaller id, exactly as `add` did when they arrived in that order.
        """
        self._ensure()
        for idx in range(len(self._ids)):
            yield from sorted(self._links_of_position(idx), key=lambda lk: lk.pair)

    def link_all(self) -> list[ProposedLink]:
        """Every link among the stored statements, recomputed; sorted by (a_id, b_id)."""
        return sorted(self.iter_links(), key=lambda link: link.pair)

    def links_of(self, item_id: int) -> list[ProposedLink]:
        """The links a stored statement makes to the statements with smaller ids (what
        `link_all` gives with it as `b_id`)."""
        self._ensure()
        return sorted(self._links_of_position(self._pos[item_id]), key=lambda link: link.pair)

    def candidates(self, item_id: int) -> list[int]:
        """Ids the blocking index proposes for a stored statement among the smaller ids,
        within the bounds (for diagnostics)."""
        self._ensure()
        idx = self._pos[item_id]
        copy_of = self._copy_of(idx)
        if copy_of is not None:
            return sorted(self._ids[j] for j in copy_of)
        bd = self.bounds
        cands = self._index.candidates(blocking_keys(self._content[idx]), idx, bd.head, bd.tail)
        return sorted(self._ids[j] for j in cands if j != idx)

    def index_stats(self) -> dict[str, int]:
        """Size of the candidate index, and how many statements are collapsed copies."""
        self._ensure()
        stats = self._index.postings_stats()
        stats["collapsed_copies"] = len(self._indexed) - sum(self._indexed)
        return stats

    def _rebuild_speakers(self) -> None:
        self._by_speaker = {}
        for n, speaker in enumerate(self._speaker):
            if speaker is not None and self._norm[n] is not None:
                self._by_speaker.setdefault(speaker, set()).add(n)

    # -- persistence -----------------------------------------------------------------
    def save(self, path: str | Path) -> None:
        self._ensure()
        state = {
            "format": _FORMAT,
            "thresholds": self.thresholds,
            "bounds": self.bounds,
            "keep_text": self.keep_text,
            "ids": self._ids,
            "norm": self._norm,
            "content": self._content,
            "speaker": self._speaker,
            "verbatim": bytes(self._verbatim),
            "indexed": bytes(self._indexed),
            "copies": self._copies,
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
        linker = cls(state["thresholds"], keep_text=state["keep_text"], bounds=state["bounds"])
        linker._ids = state["ids"]
        linker._norm = state["norm"]
        linker._content = state["content"]
        linker._speaker = state["speaker"]
        linker._verbatim = bytearray(state["verbatim"])
        linker._indexed = bytearray(state["indexed"])
        linker._copies = state["copies"]
        linker._text = state["text"]
        linker._index = state["index"]
        linker._pos = {i: n for n, i in enumerate(linker._ids)}
        linker._rebuild_speakers()
        return linker
