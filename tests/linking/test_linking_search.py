"""SimilarIndex on a handful of made-up fact checks."""

from __future__ import annotations

from ledger.linking import SimilarIndex
from ledger.linking.search import SearchParams, clean_query

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


# --- checked before? re-ranking by speaker, date and context --------------------------------

from datetime import date  # noqa: E402

from ledger.linking.search import PriorParams, PriorQuery, search_prior, split_context  # noqa: E402

# Two fact-checks of nearly the same words, by different people at different times.
PRIOR = [
    (1, "Unemployment fell to the lowest level in fifty years last month", None),
    (2, "Unemployment fell to the lowest level in fifty years", None),
    (3, "The new bridge cost twice what the city promised", None),
]
PRIOR_META = {
    1: ("Sen. Elizabeth Warren", date(2019, 3, 1)),
    2: ("Joe Biden", date(2020, 9, 29)),
    3: ("Joe Biden", date(2020, 9, 29)),
}


def prior_index() -> SimilarIndex:
    idx = SimilarIndex()
    idx.build(PRIOR)
    return idx


def meta(ids):
    return {i: PRIOR_META[i] for i in ids}


def test_text_alone_ranks_exactly_as_search() -> None:
    idx = prior_index()
    q = "unemployment is at the lowest level in fifty years last month"
    assert search_prior(idx, PriorQuery(q), 3, meta) == idx.search(q, 3)


def test_the_speaker_lifts_the_claimants_fact_check() -> None:
    idx = prior_index()
    q = "unemployment fell to the lowest level in fifty years, last time"
    assert idx.search(q, 1)[0][0] == 1  # by text, Warren's
    ranked = search_prior(idx, PriorQuery(q, speaker="Vice President Biden"), 2, meta)
    assert ranked[0][0] == 2
    # a speaker nobody fact-checked changes nothing among these two
    other = search_prior(idx, PriorQuery(q, speaker="Rand Paul"), 2, meta)
    assert [i for i, _ in other] == [i for i, _ in idx.search(q, 2)]


def test_a_date_near_the_claim_date_counts() -> None:
    idx = prior_index()
    q = "unemployment is at the lowest level in fifty years last month"
    params = PriorParams(speaker_weight=0.0, date_weight=50.0, date_half_life=30.0)
    near = search_prior(idx, PriorQuery(q, date=date(2020, 9, 30)), 1, meta, params)
    far = search_prior(idx, PriorQuery(q, date=date(2019, 3, 2)), 1, meta, params)
    assert near[0][0] == 2 and far[0][0] == 1


def test_context_speakers_and_sentences() -> None:
    assert split_context("BIDEN: We cut it.") == ("BIDEN", "We cut it.")
    assert split_context("no speaker here") == (None, "no speaker here")
    idx = prior_index()
    # The moderator repeats what Biden said: the context names him, the text is vague.
    q = PriorQuery(
        "is that true about the level in fifty years?",
        speaker="MODERATOR",
        context=("BIDEN: Unemployment fell to the lowest level",),
    )
    params = PriorParams(speaker_weight=20.0, context_speaker_weight=20.0, context_weight=0.5)
    assert search_prior(idx, q, 1, meta, params)[0][0] == 2


def test_inflected_forms_find_each_other() -> None:
    """A debate sentence says "vet"/"deported", the fact-check "vetting"/"deportations":
    the stemmer puts both on one term, so the right check ranks first (the old light
    suffix stripper made "vett" and "deportation" of them)."""
    from ledger.linking.search import search_terms, stem

    assert stem("vetting") == stem("vetted") == "vet"
    assert stem("deported") == stem("deportations") == stem("deporting")
    # short words, numbers and mixed tokens stay as written (no "news" -> "new")
    assert stem("news") == "news" and stem("1990s") == "1990s" and stem("covid19") == "covid19"
    idx = SimilarIndex()
    idx.build(
        [
            (1, "There is no system for vetting refugees arriving from abroad", None),
            (2, "The refugee camp was built next to the river", None),
            (3, "Deportations of millions of immigrants under the last government", None),
        ]
    )
    assert idx.search("no way to vet the people who came", 1)[0][0] == 1
    assert idx.search("millions were deported", 1)[0][0] == 3
    assert f"{stem('refugees')}_{stem('arriving')}" in search_terms("refugees arriving")
    assert search_terms("refugees arriving", bigrams=False) == ["refuge", "arriv"]


def test_a_phrase_said_the_same_way_outranks_its_words_apart() -> None:
    """Both hold the words "health", "care", "cost"; only one says "health care" together,
    and the bigram term lifts it above the one with the words apart."""
    idx = SimilarIndex(SearchParams(bigram_weight=0.3))
    idx.build(
        [
            (1, "The cost of care homes hurts the health budget of the region", None),
            (2, "Health care cost the region more than the whole budget", None),
        ]
    )
    assert idx.search("what health care costs us", 2)[0][0] == 2
    flat = SimilarIndex()  # off by default: bigrams cost memory, see SearchParams
    flat.build([(1, "a b health care", None)])
    assert all("_" not in t for p in flat._post for t in [p])  # no bigram terms stored


def test_number_words_find_digits() -> None:
    idx = SimilarIndex()
    idx.build(
        [
            (1, "Only 30 percent of the bridges were inspected last year", None),
            (2, "Most of the bridges were painted last year", None),
        ]
    )
    assert idx.search("thirty percent of our bridges", 1)[0][0] == 1
    from ledger.linking.search import search_terms

    assert search_terms("seventy percent") == search_terms("70%")
    assert "1" not in search_terms("no one said it")  # "one" is not read as a number
