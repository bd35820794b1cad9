"""Property tests (hypothesis): normalisation, symmetry, order independence, numbers."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.linking import Linker, LinkItem, classify_pair, normalise, numbers
from ledger.linking.linker import BOUNDS, Bounds

WORDS = [
    "tax",
    "taxes",
    "rise",
    "the",
    "will",
    "not",
    "bridge",
    "open",
    "spring",
    "schools",
    "teachers",
    "risky",
    "bet",
    "very",
    "would",
    "be",
    "a",
    "economy",
    "our",
    "said",
    "flood",
    "river",
    "town",
    "budget",
    "percent",
    "never",
    "all",
    "jobs",
    "workers",
]
PUNCT = ["", ",", ".", " —", "!", "’s", ";", "…"]


@st.composite
def sentences(draw: st.DrawFn, min_words: int = 1, max_words: int = 16) -> str:
    n = draw(st.integers(min_words, max_words))
    out = []
    for _ in range(n):
        if draw(st.integers(0, 9)) == 0:
            w = str(draw(st.integers(0, 2000)))
        else:
            w = draw(st.sampled_from(WORDS))
            if draw(st.booleans()):
                w = w.upper() if draw(st.booleans()) else w.capitalize()
        out.append(w + draw(st.sampled_from(PUNCT)))
    q = draw(st.sampled_from([("", ""), ("“", "”"), ('"', '"'), ("‘", "’")]))
    return q[0] + " ".join(out) + q[1]


@st.composite
def link_items(draw: st.DrawFn, max_size: int = 12) -> list[LinkItem]:
    n = draw(st.integers(2, max_size))
    ids = draw(st.lists(st.integers(1, 10_000), min_size=n, max_size=n, unique=True))
    base = [draw(sentences(4, 14)) for _ in range(max(1, n // 3))]
    items = []
    for i in ids:
        text = draw(st.sampled_from(base))
        if draw(st.booleans()):
            text = text + " " + draw(sentences(1, 3))
        if draw(st.booleans()):
            words = text.split()
            text = " ".join(words[: draw(st.integers(1, len(words)))])
        speaker = draw(st.sampled_from([None, 1, 2]))
        items.append(LinkItem(i, text, speaker, draw(st.booleans())))
    return items


@given(st.text())
def test_normalise_is_idempotent_on_any_text(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


@given(sentences())
def test_normalise_is_idempotent_on_sentences(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert "  " not in once and once == once.strip()


@given(link_items(max_size=2))
def test_classify_pair_is_symmetric(items: list[LinkItem]) -> None:
    a, b = items[0], items[1]
    assert classify_pair(a, b) == classify_pair(b, a)
    ab, ba = classify_pair(a, b), classify_pair(b, a)
    if ab is not None:
        assert ab.a_id < ab.b_id and ab.diff == ba.diff  # type: ignore[union-attr]


#: bounds small enough that a dozen statements exceed every one of them
TINY = Bounds(head=1, tail=1, scored=3, anchors=1, links=2, others=1, copies=1, copy_links=1)


@settings(max_examples=60, deadline=None)
@given(link_items(), st.randoms(use_true_random=False), st.sampled_from([BOUNDS, TINY]))
def test_rebuild_in_any_order_equals_incremental_in_id_order(items, rnd, bounds) -> None:
    """Statements arrive in id order at import; a rebuild loads them in any order."""
    first = Linker(bounds=bounds)
    incremental = []
    for it in sorted(items, key=lambda x: x.id):
        incremental.extend(first.add(it))
    shuffled = list(items)
    rnd.shuffle(shuffled)
    second = Linker(bounds=bounds)
    second.build(shuffled)
    full = second.link_all()
    assert sorted(incremental, key=lambda x: x.pair) == full == first.link_all()
    per_statement = {}
    for link in full:
        per_statement[link.b_id] = per_statement.get(link.b_id, 0) + 1
    assert max(per_statement.values(), default=0) <= bounds.links


@settings(max_examples=40, deadline=None)
@given(link_items(), st.sampled_from([BOUNDS, TINY]))
def test_a_bounded_choice_only_depends_on_smaller_ids(items, bounds) -> None:
    """What a statement links to is decided by it and the statements before it: adding
    later statements never changes the links of earlier ones."""
    ordered = sorted(items, key=lambda x: x.id)
    cut = len(ordered) // 2
    early = Linker(bounds=bounds)
    early.build(ordered[:cut])
    everyone = Linker(bounds=bounds)
    everyone.build(ordered)
    top = ordered[cut - 1].id if cut else -1
    assert early.link_all() == [lk for lk in everyone.link_all() if lk.b_id <= top]


@given(sentences(6, 14), st.integers(1, 999), st.integers(1, 999), st.booleans())
def test_number_mismatch_is_never_a_repeat(text: str, x: int, y: int, same_speaker: bool) -> None:
    if x == y:
        return
    a = LinkItem(1, f"{text} {x} detainees", 1, True)
    b = LinkItem(2, f"{text} {y} detainees", 1 if same_speaker else 2, True)
    link = classify_pair(a, b)
    assert link is None or link.relation != "repeat"
    if link is not None:
        assert link.status == "suggested" or link.relation == "altered"
    assert numbers(a.text) != numbers(b.text)
