"""The pair classifier on hand-written sentence pairs: paraphrase, conflicts, containment.

Statements are unattributed and not verbatim (as news sentences are imported), so only
the pair model decides; none of these sentences come from a corpus.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.linking import LinkItem, classify_pair
from ledger.linking.pair_model import FEATURES, WEIGHTS, pair_features, stem
from ledger.linking.scoring import prepare

LEAK = "The storage tank at the harbour leaked 200 litres of diesel into the bay on Tuesday"


def news(i: int, text: str) -> LinkItem:
    return LinkItem(i, text, None, False)


def link(a: str, b: str):
    return classify_pair(news(1, a), news(2, b))


def test_same_words_other_source_is_an_auto_paraphrase() -> None:
    found = link(LEAK, LEAK.replace("Tuesday", "Tuesday.").upper())
    assert found is not None
    assert (found.relation, found.status) == ("paraphrase", "auto")
    assert found.score >= 91 and found.diff is None


def test_a_different_figure_is_a_conflict_with_the_figures_highlighted() -> None:
    found = link(LEAK, LEAK.replace("200", "300"))
    assert found is not None
    assert (found.relation, found.status) == ("conflicts", "suggested")
    changed = [op for op in found.diff or [] if op["op"] != "equal"]
    assert changed == [{"op": "replace", "a": "200", "b": "300"}]


def test_opposite_polarity_is_a_conflict_never_a_paraphrase() -> None:
    a = "The inspectors said the water in the northern reservoir is safe to drink this summer"
    b = "The inspectors said the water in the northern reservoir is not safe to drink this summer"
    found = link(a, b)
    assert found is not None
    assert (found.relation, found.status) == ("conflicts", "suggested")
    assert {"op": "insert", "a": "", "b": "not"} in (found.diff or [])
    # A negated contraction counts the same as "not".
    contracted = link(a, b.replace("is not", "isn't"))
    assert contracted is not None and contracted.relation == "conflicts"


def test_opposite_direction_is_a_conflict() -> None:
    a = "Unemployment in the northern region rose sharply in the first half of the year"
    b = "Unemployment in the northern region fell sharply in the first half of the year"
    found = link(a, b)
    assert found is not None and (found.relation, found.status) == ("conflicts", "suggested")
    assert {"op": "replace", "a": "rose", "b": "fell"} in (found.diff or [])
    # Both directions on one side ("rose, then fell") is no disagreement with either.
    both = link(a.replace("rose", "rose and then fell"), a)
    assert both is None or both.relation == "paraphrase"


def test_the_same_figures_in_other_order_are_no_conflict() -> None:
    a = "The council approved 12 new buses and 3 tram lines for the city centre in March"
    b = "In March the city centre got 3 tram lines and 12 new buses approved by the council"
    found = link(a, b)
    assert found is not None and found.relation == "paraphrase"


def test_a_figure_left_out_is_no_conflict() -> None:
    # One report gives the amount, the other does not: the same claim, not a disagreement.
    a = "Firefighters rescued 14 hikers trapped by the flood in the mountain valley overnight"
    b = "Firefighters rescued hikers trapped by the flood in the mountain valley overnight"
    found = link(a, b)
    assert found is not None and found.relation == "paraphrase"


def test_one_text_is_the_other_plus_detail() -> None:
    short = "The mayor announced that the old railway bridge will close for repairs next month"
    longer = (
        "The mayor announced on Friday that the old railway bridge will close for repairs "
        "next month, with a ferry service replacing it"
    )
    found = link(short, longer)
    assert found is not None and found.relation == "paraphrase"


def test_reordered_clauses_are_a_paraphrase() -> None:
    a = "Exports to the neighbouring countries fell sharply, while imports of grain doubled last year"
    b = "Imports of grain doubled last year, while exports to the neighbouring countries fell sharply"
    found = link(a, b)
    assert found is not None and found.relation == "paraphrase"


def test_same_event_something_else_said_is_never_automatic() -> None:
    # Two statements about one event that say different things: at best a weak suggestion,
    # far below what the same claim in other words gets.
    a = "The striking nurses met hospital managers on Monday to discuss pay and staffing levels"
    b = "The hospital managers said on Monday that the nurses' strike had closed two wards"
    found = link(a, b)
    assert found is None or (found.status == "suggested" and found.score < 60)
    same = link(
        a, "On Monday the striking nurses met the hospital managers to discuss pay and staffing"
    )
    assert same is not None and same.relation == "paraphrase" and same.score > 80


def test_shared_template_other_actors_is_never_automatic() -> None:
    # Same frame and the same figure, other people and place: at most a suggestion.
    a = "Police arrested 12 protesters outside the parliament building in the capital on Sunday"
    b = "Police arrested 12 journalists outside the central station building in the port on Sunday"
    found = link(a, b)
    assert found is None or found.status == "suggested"


def test_unrelated_sentences_do_not_link() -> None:
    a = "The orchestra will tour four cities in the autumn with a new violinist"
    b = "Farmers in the south expect a smaller wheat harvest because of the drought"
    assert link(a, b) is None


def test_stemmer_meets_inflections() -> None:
    assert stem("closing") == stem("closes") == stem("closed") == stem("close")
    assert stem("policies") == stem("policy")
    assert stem("class") == "class" and stem("1990s") == "1990s"


def test_weights_match_the_feature_list() -> None:
    # A refit that changes the features must paste new weights (tune_pairs.py --fit).
    assert len(WEIGHTS) == len(FEATURES) + 1


WORDS = st.sampled_from(
    "the council said 12 new buses will run not never no 3 percent city harbour leaked "
    "litres diesel bay tuesday mayor bridge close repairs month safe water".split()
)
TEXTS = st.lists(WORDS, min_size=1, max_size=16).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(TEXTS, TEXTS, st.booleans())
def test_classify_is_symmetric(x: str, y: str, verbatim: bool) -> None:
    a, b = LinkItem(1, x, None, verbatim), LinkItem(2, y, None, verbatim)
    ab, ba = classify_pair(a, b), classify_pair(b, a)
    assert ab == ba
    if ab is not None:
        assert 0.0 <= ab.score <= 100.0 and ab.status in ("auto", "suggested")
        if ab.relation == "conflicts":
            assert ab.status == "suggested" and ab.diff is not None


@settings(max_examples=100, deadline=None)
@given(TEXTS, TEXTS)
def test_features_are_symmetric(x: str, y: str) -> None:
    pa, pb = prepare(LinkItem(1, x)), prepare(LinkItem(2, y))
    fab = pair_features(pa.norm, pa.content, pb.norm, pb.content)
    fba = pair_features(pb.norm, pb.content, pa.norm, pa.content)
    assert fab == fba


def test_thresholds_from_an_older_cache_get_the_new_defaults() -> None:
    # A Linker cache pickles its Thresholds; one written before the pair model had only the
    # first seven fields, which must keep their meaning while the new ones get defaults.
    import pickle
    from dataclasses import replace

    from ledger.linking.scoring import THRESHOLDS, Thresholds

    custom = replace(THRESHOLDS, paraphrase_low=70.0, same_claim_high=95.0)
    assert pickle.loads(pickle.dumps(custom)) == custom
    old = Thresholds.__new__(Thresholds)
    old.__setstate__(custom.__getstate__()[:7])
    assert old.paraphrase_low == 70.0 and old.min_content_words == THRESHOLDS.min_content_words
    assert old.same_claim_high == THRESHOLDS.same_claim_high
