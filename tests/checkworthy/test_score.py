"""The check-worthiness score: factual assertions above opinion, questions and procedure,
with the cues that raised it (sentences written for these tests)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ledger.checkworthy import score
from ledger.checkworthy.features import CUE_NAMES, FEATURES, features
from ledger.checkworthy.model import SCALING, WEIGHTS

CLAIMS = [
    "Unemployment fell by 3 percent since 2010, the lowest rate in fifty years.",
    "The state spent $4 billion on the bridge, twice as much as Ohio did.",
    "My opponent voted against the defense budget eleven times in the Senate.",
    "Crime in Chicago rose 20% last year because the police force was cut.",
]
NOT_CLAIMS = [
    "Thank you very much, it is wonderful to be here tonight.",
    "What would you do about it?",
    "You have one minute for your rebuttal, Senator.",
    "I think we are going to do great things together.",
    "Well --",
    "(APPLAUSE)",
]


def test_the_model_matches_its_features():
    assert len(WEIGHTS) == len(FEATURES) + 1 and len(SCALING) == len(FEATURES)
    assert set(CUE_NAMES) == set(FEATURES)
    assert len(features("One two three.")) == len(FEATURES)


@pytest.mark.parametrize("text", CLAIMS + NOT_CLAIMS)
def test_score_is_a_probability_and_deterministic(text):
    s = score(text)
    assert 0.0 <= s.value <= 1.0
    assert score(text) == s


def test_factual_assertions_rank_above_everything_else():
    lowest_claim = min(score(t).value for t in CLAIMS)
    highest_other = max(score(t).value for t in NOT_CLAIMS)
    assert lowest_claim > highest_other


def test_cues_name_what_raised_the_score():
    cues = score(CLAIMS[0]).cues
    assert "number" in cues and ("percentage" in cues or "superlative or record" in cues)
    assert all(c in CUE_NAMES.values() or c.startswith("claim wording (") for c in cues)
    assert len(cues) <= 4 and "0" not in cues[0]
    # a greeting raises nothing; cues are only features present in the statement
    assert score("Thank you, thank you so much.").cues == ()
    assert score("(APPLAUSE)").cues == ()  # a stage direction is never a reason
    assert "named place" not in score("The price of bread rose 10 percent.").cues


def test_each_family_of_evidence_raises_the_score():
    base = score("It went that way.").value
    for text in (
        "It went that way 40 times.",  # number
        "It went that way in Texas.",  # place
        "It went that way, the biggest ever.",  # superlative
    ):
        assert score(text).value > base, text


def test_questions_and_moderators_score_lower():
    statement = "The tax cut cost 2 trillion dollars."
    assert score(statement.rstrip(".") + "?").value < score(statement).value
    # the moderator feature never raises a score (it was fitted on text alone or lowers it)
    assert score(statement, moderator=True).value <= score(statement).value


def test_hostile_and_empty_text_do_not_fail():
    for text in ("", " ", "\x00\u202e" * 50, "9" * 10_000, "[" * 5000):
        s = score(text)
        assert 0.0 <= s.value <= 1.0


def test_the_pipeline_scores_each_statement_and_a_moderator_lower():
    from ledger.extract.types import ExtractedStatement, SpeakerRef
    from ledger.services.pipeline import scored

    quote = "We lost 300,000 manufacturing jobs since 2010."

    def st(role):
        return ExtractedStatement(
            kind="transcript",
            quote=quote,
            start=0,
            end=len(quote),
            speaker=SpeakerRef(name="Ann Lee", role=role),
        )

    guest, host = scored([st(None), st("moderator")])
    assert guest.checkworthiness == score(quote).value and guest.checkworthy_cues
    assert host.checkworthiness == score(quote, moderator=True).value < guest.checkworthiness
    # a statement that already carries a score keeps it
    (kept,) = scored([replace(st(None), checkworthiness=0.25)])
    assert kept.checkworthiness == 0.25
    # the scored statement is a copy: every other field as it was, the original untouched
    original = st(None)
    (copy,) = scored([original])
    assert copy == replace(
        original, checkworthiness=copy.checkworthiness, checkworthy_cues=copy.checkworthy_cues
    )
    assert original.checkworthiness is None and original.checkworthy_cues == ()


def test_the_score_is_the_documented_formula():
    # logistic(bias + sum of w * (x - mu) / sd + LEX_WEIGHT * (wording - LEX_MEAN)), written
    # out the slow way, agrees with the fast sum in model.py on claims and non-claims alike
    import math

    from ledger.checkworthy.model import LEX_MEAN, LEX_WEIGHT
    from ledger.checkworthy.wording import wording

    for text in CLAIMS + NOT_CLAIMS + ["Senator Roe voted for it in 1998 — twice!"]:
        for moderator in (False, True):
            z = WEIGHTS[0] + LEX_WEIGHT * (wording(text)[0] - LEX_MEAN)
            xs = features(text, moderator=moderator)
            z += sum(
                w * (x - mu) / sd for w, x, (mu, sd) in zip(WEIGHTS[1:], xs, SCALING, strict=True)
            )
            expected = round(1 / (1 + math.exp(-max(-30.0, min(30.0, z)))), 4)
            assert score(text, moderator=moderator).value == pytest.approx(expected, abs=1e-4)
