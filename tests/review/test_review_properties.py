"""Property test: any sequence of decisions, notes and undos by several reviewers keeps
the review model's promises (SQLite; each example on a fresh database)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from review_seed import build

from ledger.errors import InputError
from ledger.services import decisions, derivation, review_log
from ledger.store.db import open_database
from ledger.store.models import Statement
from ledger.store.verify import verify

REVIEWERS = ["ann", "ben", "cat"]
STEP = st.one_of(
    st.tuples(st.just("decide"), st.sampled_from(REVIEWERS), st.sampled_from(review_log.VERDICTS)),
    st.tuples(st.just("note"), st.sampled_from(REVIEWERS), st.just("n")),
    st.tuples(st.just("undo"), st.sampled_from(REVIEWERS), st.just("")),
)


def _expected(entries: list[dict], required: int) -> tuple[str, bool]:
    """The documented rule, computed independently from the review log."""
    retracted = {e["retracts_id"] for e in entries if e["verdict"] == "retract"}
    live = [e for e in entries if e["verdict"] in review_log.VERDICTS and e["id"] not in retracted]
    if not live:
        return "unreviewed", False
    latest = live[-1]["verdict"]
    if latest == "in_review":
        return "in_review", False
    holders = {}
    for e in live:
        holders[e["reviewer"]] = e["verdict"]
    agree = sum(1 for v in holders.values() if v == latest)
    return (latest, True) if agree >= required else ("in_review", False)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(required=st.integers(1, 3), steps=st.lists(STEP, max_size=12))
def test_any_sequence_keeps_the_promises(required, steps):
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{Path(tmp) / 'p.db'}")
        try:
            sid = build(db)["statements"][0]
            with db.write() as s:
                derivation.change_setting(s, "required_approvals", required)
            stored = 0
            for kind, who, arg in steps:
                with db.read() as s:
                    seen = derivation.status_of(s, sid)["version"]
                try:
                    with db.write() as s:
                        if kind == "decide":
                            decisions.decide(s, sid, arg, seen_version=seen, reviewer=who)
                        elif kind == "note":
                            decisions.add_note(s, sid, arg, seen_version=seen, reviewer=who)
                        else:
                            decisions.undo_last(s, statement_id=sid, reviewer=who)
                    stored += 1
                except InputError:
                    assert kind == "undo"  # only "nothing to undo" may refuse here
                with db.read() as s:
                    state = derivation.status_of(s, sid)
                    log = review_log.review_log(s, statement_id=sid)
                    cached = s.get(Statement, sid).status
                assert len(log) == stored  # every accepted entry is kept, none rewritten
                assert state["version"] == seen + (
                    1 if len(log) and log[-1]["seen_version"] == seen else 0
                )
                assert (state["status"], state["final"]) == _expected(log, required)
                assert cached == state["status"]
                if state["final"]:
                    assert len(set(state["approved_by"])) == state["approvals"] >= required
            with db.read() as s:
                assert verify(s).ok
        finally:
            db.dispose()
