"""Linker: incremental linking, full rebuild, persistence."""

from __future__ import annotations

import random

from ledger.linking import Linker, LinkItem
from ledger.linking.linker import Bounds

TEXTS = [
    (1, "We will not raise taxes on working families, not this year and not next year", 10, True),
    (2, "“We will not raise taxes on working families”", 10, True),
    (
        3,
        "We will not raise taxes on hard working families, not this year and not next year",
        10,
        True,
    ),
    (4, "She promised not to raise taxes on working families this year or next year", 11, False),
    (5, "The harbour tunnel will be finished two years late and 40 percent over budget", 12, True),
    (6, "The harbour tunnel will be finished two years late and 4 percent over budget", 13, True),
    (7, "The harbour tunnel will be finished two years late and 40 percent over budget", 14, True),
    (8, "Nobody expected the river to flood the old town twice in one winter", None, False),
]


def items() -> list[LinkItem]:
    return [LinkItem(i, t, s, v) for i, t, s, v in TEXTS]


def test_incremental_equals_full_rebuild_in_any_order() -> None:
    linker = Linker()
    incremental = []
    for it in items():
        incremental.extend(linker.add(it))
    full = linker.link_all()
    assert sorted(incremental, key=lambda x: x.pair) == full
    for seed in range(5):
        shuffled = items()
        random.Random(seed).shuffle(shuffled)
        other = Linker()
        other.build(shuffled)
        assert other.link_all() == full


def test_expected_relations() -> None:
    linker = Linker()
    linker.build(items())
    got = {link.pair: link.relation for link in linker.link_all()}
    assert got[(1, 2)] == "repeat"
    assert got[(1, 3)] == "altered"
    assert got[(5, 7)] == "paraphrase"
    # 40 vs 4 percent: not the same claim; at most a conflict, which never joins
    assert got.get((5, 6)) in (None, "conflicts") and got.get((6, 7)) in (None, "conflicts")


def test_remove_and_readd(tmp_path) -> None:
    linker = Linker()
    linker.build(items())
    before = linker.link_all()
    linker.remove(2)
    assert all(2 not in link.pair for link in linker.link_all())
    linker.add(items()[1])
    assert linker.link_all() == before


def test_save_and_load(tmp_path) -> None:
    linker = Linker()
    linker.build(items())
    path = tmp_path / "links.idx"
    linker.save(path)
    loaded = Linker.load(path)
    assert loaded.link_all() == linker.link_all()
    new = LinkItem(9, "We will not raise taxes on working families", 10, True)
    assert [link.pair for link in loaded.add(new)] == [link.pair for link in linker.add(new)]


def test_a_large_claim_makes_bounded_links_through_its_first_members() -> None:
    base = "the harbour tunnel will cost the city far more than anyone was ever told".split()
    swaps = ["bridge", "council", "quietly", "surely", "local", "public", "road", "budget"]
    rng = random.Random(3)
    linker = Linker()
    per: list[int] = []
    links = []
    for i in range(250):
        words = list(base)
        if rng.random() < 0.6:
            words[rng.randrange(len(words))] = rng.choice(swaps)
        made = linker.add(LinkItem(i, " ".join(words), rng.choice([1, 2]), True))
        per.append(len(made))
        links.extend(made)
    assert max(per) <= linker.bounds.links and sum(per) <= 10 * 250  # complete: ~31,000
    # each statement's earliest joining link goes to one of the claim's first members
    earliest = {}
    for lk in links:
        if lk.status == "auto":
            earliest[lk.b_id] = min(earliest.get(lk.b_id, lk.a_id), lk.a_id)
    assert len(earliest) >= 240 and max(earliest.values()) < 40
    # copies beyond the first few are not indexed
    assert linker.index_stats()["collapsed_copies"] > 50
    assert linker.link_all() == sorted(links, key=lambda x: x.pair)


def test_a_saved_index_keeps_its_copies_and_bounds(tmp_path) -> None:
    tiny = Bounds(head=1, tail=2, scored=3, anchors=1, links=3, others=1, copies=2, copy_links=1)
    rng = random.Random(2)
    base = [
        "the bridge will open in spring and the schools will close",
        "taxes will not rise for working families this year",
    ]
    items = []
    for i in range(60):
        words = rng.choice(base).split()
        if rng.random() < 0.4:
            del words[rng.randrange(len(words))]
        items.append(LinkItem(i, " ".join(words), rng.choice([1, 2]), True))
    first = Linker(bounds=tiny)
    made = [lk for it in items[:40] for lk in first.add(it)]
    path = tmp_path / "links.idx"
    first.save(path)
    loaded = Linker.load(path)
    later = [lk for it in items[40:] for lk in first.add(it)]
    assert [lk for it in items[40:] for lk in loaded.add(it)] == later
    assert loaded.index_stats()["collapsed_copies"] > 10
    rebuilt = Linker(bounds=tiny)
    rebuilt.build(reversed(items))
    assert rebuilt.link_all() == sorted(made + later, key=lambda lk: lk.pair) == loaded.link_all()


def test_one_shared_phrase_makes_a_candidate_only_when_one_side_is_short() -> None:
    # All four share the phrase "ferry strike" and nothing else. The first has 5 content
    # words (7 keys): one shared key is enough against it. The others have >= 8 keys each:
    # one common phrase does not make two long statements worth scoring (docs/linking.md,
    # "Blocking"; relaxing this was measured and lowered synthetic paraphrase precision).
    texts = [
        "The ferry strike closed the island school",
        "Since Monday the ferry strike has stranded commuters",
        "Officials said the ferry strike on the northern route had stranded about two "
        "thousand commuters and tourists overnight",
        "Harbour managers warned that the ferry strike could cost local shops a large share "
        "of their summer trade this year",
    ]
    linker = Linker()
    for i, text in enumerate(texts, 1):
        linker.add(LinkItem(i, text, None, False))
    assert linker.candidates(2) == [1]
    assert linker.candidates(3) == [1]
    assert linker.candidates(4) == [1]
