"""build_claims: clusters, first appearance, reviewer decisions."""

from __future__ import annotations

from datetime import date

from ledger.linking import LinkItem, ProposedLink, build_claims, match_claims


def link(a: int, b: int, status: str = "auto", score: float = 90.0) -> ProposedLink:
    return ProposedLink(a, b, "paraphrase", score, "test", status)  # type: ignore[arg-type]


INFO = {
    1: LinkItem(1, "first text", stated_on=date(2020, 5, 2)),
    2: LinkItem(2, "second text", stated_on=date(2020, 5, 1)),
    3: LinkItem(3, "third text", published_on=date(2020, 6, 1)),
    4: LinkItem(4, "fourth text"),
    5: LinkItem(5, "fifth text"),
}


def test_auto_links_join_suggested_do_not() -> None:
    claims = build_claims(INFO, [link(1, 2), link(3, 4, "suggested")], order_info=INFO)
    groups = sorted(c.statement_ids for c in claims)
    assert groups == [(1, 2), (3,), (4,), (5,)]


def test_first_appearance_is_earliest_stated_on() -> None:
    (claim,) = build_claims(
        INFO, [link(1, 2), link(2, 3)], order_info=INFO, include_singletons=False
    )
    assert claim.first_id == 2  # stated 1 May beats 2 May; 3 was published in June
    assert claim.canonical_id == 2  # most links inside the claim
    assert claim.canonical_text == "second text"


def test_confirmed_joins_and_rejected_never_does() -> None:
    claims = build_claims(
        INFO,
        [link(1, 2), link(2, 3), link(4, 5, "suggested")],
        confirmed_pairs=[(5, 4)],
        rejected_pairs=[(3, 1)],
        order_info=INFO,
    )
    groups = sorted(c.statement_ids for c in claims)
    # 1-2 (higher in the edge order) joins; 2-3 would put rejected 1 and 3 together.
    assert (4, 5) in groups
    assert not any({1, 3} <= set(g) for g in groups)


def test_deterministic_in_any_input_order() -> None:
    links = [link(1, 2, score=80), link(2, 3, score=95), link(3, 4), link(4, 5)]
    a = build_claims([5, 4, 3, 2, 1], links, rejected_pairs=[(1, 5)], order_info=INFO)
    b = build_claims(
        [1, 2, 3, 4, 5], list(reversed(links)), rejected_pairs=[(5, 1)], order_info=INFO
    )
    assert a == b


def test_match_claims_keeps_ids_over_a_rebuild() -> None:
    claims = build_claims(INFO, [link(1, 2), link(3, 4)], order_info=INFO)
    matched = match_claims({70: [1, 2, 5], 71: [3], 72: [4]}, claims)
    ids = {c.statement_ids: cid for cid, c in matched}
    assert ids[(1, 2)] == 70
    assert ids[(3, 4)] == 71  # tie between 71 and 72: the smaller id
    assert ids[(5,)] is None  # 70 already taken


def test_conflicts_never_join_and_confirmed_conflicts_stay_apart() -> None:
    conflict = ProposedLink(1, 2, "conflicts", 99.0, "test", "auto")
    claims = build_claims([1, 2], [conflict], order_info=INFO)
    assert sorted(c.statement_ids for c in claims) == [(1,), (2,)]
    # 1-3 and 2-3 would join 1 and 2 through 3; a confirmed conflict keeps them apart
    claims = build_claims(
        [1, 2, 3], [link(1, 3, score=95), link(2, 3)], conflicting_pairs=[(2, 1)], order_info=INFO
    )
    assert not any({1, 2} <= set(c.statement_ids) for c in claims)
    assert any({1, 3} <= set(c.statement_ids) for c in claims)
