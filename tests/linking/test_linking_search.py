"""SimilarIndex on a handful of made-up fact checks."""

from __future__ import annotations

from ledger.linking import SimilarIndex
from ledger.linking.search import clean_query

CHECKS = [
    (
        10,
        "A photo shows a shark swimming on a flooded highway after the hurricane",
        "Shark on highway?",
    ),
    (11, "The city council voted to ban plastic bags from all supermarkets", None),
    (12, "Drinking hot water every fifteen minutes cures the flu", "Does hot water cure flu?"),
    (13, "The governor cut the school budget by 20 percent", None),
]


def index() -> SimilarIndex:
    idx = SimilarIndex()
    idx.build(CHECKS)
    return idx


def test_tweet_finds_its_fact_check() -> None:
    q = "OMG a SHARK on the highway!! #HurricaneHarvey https://t.co/abc pic.twitter.com/xyz — Jo (@jo) August 28, 2017"
    hits = index().search(q, 2)
    assert hits[0][0] == 10
    ranked = index().search("school budget cut flu", 4)
    assert [s for _, s in ranked] == sorted((s for _, s in ranked), reverse=True)


def test_hashtags_split_and_noise_removed() -> None:
    cleaned = clean_query("Stay safe #DrinkHotWater @who https://x.y/z")
    assert "Drink Hot Water" in cleaned and "@who" not in cleaned and "https" not in cleaned


def test_deterministic_ties_and_k() -> None:
    idx = SimilarIndex()
    idx.build([(2, "same words here", None), (1, "same words here", None)])
    assert [i for i, _ in idx.search("same words here", 5)] == [1, 2]
    assert index().search("nothing matches zzz", 3) == []


def test_replace_remove_save_load(tmp_path) -> None:
    idx = index()
    idx.add(11, "The city council voted to ban plastic straws", None)
    assert len(idx) == 4
    assert idx.search("plastic straws ban", 1)[0][0] == 11
    idx.remove(12)
    assert all(i != 12 for i, _ in idx.search("hot water cures the flu", 4))
    path = tmp_path / "similar.idx"
    idx.save(path)
    loaded = type(idx).load(path)
    q = "council bans plastic"
    assert loaded.search(q, 3) == idx.search(q, 3)
