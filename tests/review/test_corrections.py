"""Corrections (`ledger.services.corrections`): speaker, span, added and retracted
statements, claim wording; roles, four eyes, version conflicts; links and claims
recomputed in the same transaction (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ledger.errors import ConflictError, InputError, PermissionDenied
from ledger.services import (
    claims,
    corrections,
    decisions,
    derivation,
    roles,
    settings,
    speakers,
)
from ledger.services.query import StatementFilter
from ledger.services.queue import QueueQuery, queue_page
from ledger.store.models import Claim, Link, Setting, Source, Speaker, Statement
from ledger.store.verify import verify

TEXT_A = (
    "date 2024-03-04\n"
    'Mayor Ana Reyes said on Monday: "We will reopen the harbour bridge in May after the '
    'inspection." The council agreed.\n'
)
TEXT_B = (
    "date 2024-03-08\n"
    'Reyes repeated the promise. "We will reopen the harbour bridge in May after the '
    'inspection," he told reporters. Union leader Tom Field said: "The bridge budget has '
    'doubled since January."\n'
)
QUOTE = "We will reopen the harbour bridge in May after the inspection"


@pytest.fixture
def world(db, db_url, cli, tmp_path):
    """Two imported articles: statement 1 (Ana Reyes), 2 (the unresolved "he", same
    words), 3 (Tom Field)."""
    for name, text in (("a.txt", TEXT_A), ("b.txt", TEXT_B)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    res = cli("import", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), db=db_url)
    assert res.code == 0, res.err
    with db.read() as s:
        rows = {st.id: (st.speaker_id, st.quote) for st in s.scalars(select(Statement))}
    assert rows[2][0] is None and QUOTE in rows[2][1], rows
    return db


def _link(db, a, b):
    with db.read() as s:
        lk = s.scalar(select(Link).where(Link.a_id == a, Link.b_id == b))
        return None if lk is None else (lk.relation, lk.decided)


def _records(db):
    with db.read() as s:
        return s.scalar(
            select(func.count()).select_from(Setting).where(Setting.key.like("correction:%"))
        )


def _verified(db):
    with db.read() as s:
        result = verify(s)
    assert result.ok, result.problem


def test_speaker_correction_relinks_and_keeps_the_mention(world):
    db = world
    assert _link(db, 1, 2) == ("paraphrase", "auto")
    with db.read() as s:
        mention = s.get(Statement, 2).speaker_mention
        version = s.get(Statement, 2).version
    with db.write() as s:
        rec = corrections.correct_speaker(s, 2, "ana reyes", reviewer="alice", note="tape")
    assert rec["state"] == "applied" and rec["result"]["speaker_id"] == 1
    assert not rec["result"]["created_speaker"]
    with db.read() as s:
        st = s.get(Statement, 2)
        assert (st.speaker_id, st.speaker_mention) == (1, mention)
        assert st.version == version + 1
    # the same speaker, the same words: a repeat now, in the same transaction
    assert _link(db, 1, 2) == ("repeat", "auto")
    _verified(db)


def test_speaker_correction_creates_a_speaker_and_refuses_ambiguity(world):
    db = world
    with db.write() as s:
        rec = corrections.correct_speaker(s, 3, "Dock Workers Union", reviewer="alice")
    new_id = rec["result"]["speaker_id"]
    assert rec["result"]["created_speaker"]
    with db.read() as s:
        assert s.get(Speaker, new_id).name == "Dock Workers Union"
    with db.write() as s:  # two speakers go by "Reyes"
        speakers.add_alias(s, 1, "Reyes")
        speakers.add_alias(s, new_id, "Reyes")
    n = _records(db)
    with pytest.raises(InputError, match="names 2 speakers"):
        with db.write() as s:
            corrections.correct_speaker(s, 2, "Reyes", reviewer="alice")
    with pytest.raises(InputError, match="attributed to speaker 1 already"):
        with db.write() as s:
            corrections.correct_speaker(s, 1, "1", reviewer="alice")
    with pytest.raises(InputError, match="no speaker with id 999"):
        with db.write() as s:
            corrections.correct_speaker(s, 1, "999", reviewer="alice")
    assert _records(db) == n


def test_span_correction_holds_the_quote_invariant_and_rehedges(world):
    db = world
    with db.read() as s:
        st = s.get(Statement, 3)
        text = st.source.text
    start = text.index("The bridge budget")
    end = text.index("January") + len("January")
    with db.write() as s:
        rec = corrections.correct_span(s, 3, start, start + 10, reviewer="alice")
    assert rec["result"]["quote"] == "The bridge"
    with db.write() as s:
        corrections.correct_span(s, 3, start, end, reviewer="alice")
    with db.read() as s:
        st = s.get(Statement, 3)
        assert st.quote == st.source.text[st.start : st.end] == text[start:end]
    bad = [
        (start, start, "not within"),
        (end, start, "not within"),
        (0, len(text) + 1, "not within"),
        (text.index("\n"), text.index("\n") + 1, "only white space"),
        (start, end, "has span"),
    ]
    n = _records(db)
    for a, b, message in bad:
        with pytest.raises(InputError, match=message):
            with db.write() as s:
                corrections.correct_span(s, 3, a, b, reviewer="alice")
    with db.read() as s:  # nothing of the refused ones was stored
        assert (s.get(Statement, 3).start, s.get(Statement, 3).end) == (start, end)
    assert _records(db) == n
    _verified(db)


def test_added_statement_gets_a_claim_and_links(world, db_url, cli, tmp_path):
    db = world
    path = tmp_path / "c.txt"
    path.write_text(
        "date 2024-03-09\nThe banner over the road, We will reopen the harbour bridge "
        "in May after the inspection, hung for a week.\n",
        encoding="utf-8",
    )
    assert cli("import", str(path), db=db_url).code == 0
    with db.read() as s:
        src = s.scalars(select(Source).order_by(Source.id.desc())).first()
        src_id, src_text = src.id, src.text
        start = src_text.index("We will")
        end = src_text.index("inspection,") + len("inspection")
        before = s.scalar(select(func.count()).select_from(Statement))
    with db.write() as s:
        rec = corrections.add_statement(s, src_id, start, end, speaker="Ana Reyes")
    sid = rec["result"]["statement_id"]
    with db.read() as s:
        st = s.get(Statement, sid)
        assert st.quote == src_text[start:end] and st.speaker_id == 1
        assert st.claim_id is not None
        assert s.scalar(select(func.count()).select_from(Statement)) == before + 1
        assert st.claim_id == s.get(Statement, 1).claim_id  # the claim of the same words
    assert _link(db, 1, sid) is not None
    with pytest.raises(InputError, match="already has span"):
        with db.write() as s:
            corrections.add_statement(s, src_id, start, end)
    with pytest.raises(InputError, match="no source with id 99"):
        with db.write() as s:
            corrections.add_statement(s, 99, 0, 3)
    _verified(db)


def test_retraction_leaves_claims_links_queue_and_exports(world):
    db = world
    with db.read() as s:
        claim_id = s.get(Statement, 2).claim_id
    with pytest.raises(InputError, match="needs a note"):
        with db.write() as s:
            corrections.retract(s, 2, "  ")
    with db.write() as s:
        rec = corrections.retract(s, 2, "a sign, not a statement", reviewer="alice")
    assert rec["state"] == "applied"
    with db.read() as s:
        st = s.get(Statement, 2)
        version = st.version
        assert (st.status, st.claim_id) == ("retracted", None)
        assert derivation.status_of(s, 2)["status"] == "retracted"
        assert s.get(Claim, claim_id).first_statement_id == 1
        assert _link(db, 1, 2) is None
        ids = [r["id"] for r in queue_page(s, QueueQuery(StatementFilter()), None, 50)]
    assert 2 not in ids and 1 in ids
    with pytest.raises(InputError, match="retracted"):
        with db.write() as s:
            decisions.decide(s, 2, "verified", seen_version=version, reviewer="alice")
    with pytest.raises(InputError, match="retracted"):
        with db.write() as s:
            corrections.correct_speaker(s, 2, "Ana Reyes")
    with db.write() as s:  # a full re-link does not bring it back
        claims.rebuild(s)
    assert _link(db, 1, 2) is None
    with db.read() as s:
        assert s.get(Statement, 2).claim_id is None
    _verified(db)


def test_claim_text_is_kept_through_reclustering_and_exported(world):
    from ledger.export.claimreview import claim_reviews

    db = world
    with db.read() as s:
        claim_id = s.get(Statement, 1).claim_id
    with pytest.raises(InputError, match="must not be empty"):
        with db.write() as s:
            corrections.correct_claim_text(s, claim_id, " \n ")
    with db.write() as s:
        corrections.correct_claim_text(s, claim_id, "The harbour bridge reopens in May")
        claims.rebuild(s)
    with db.write() as s:
        decisions.decide(s, 1, "verified", seen_version=s.get(Statement, 1).version)
        decisions.rate_claim(s, claim_id, "false", seen_version=s.get(Claim, claim_id).version)
    with db.read() as s:
        assert s.get(Claim, claim_id).canonical_text == "The harbour bridge reopens in May"
        docs, _ = claim_reviews(s, org_name="Desk", org_url="https://desk.example")
    assert [d["claimReviewed"] for d in docs] == ["The harbour bridge reopens in May"]


def test_reviewers_propose_and_editors_accept(world):
    db = world
    with db.write() as s:
        settings.set_setting(s, "shared_by_team", True)  # roles by name, not OS user
        roles.set_role(s, "ed", "admin", by="ed")
        roles.set_role(s, "rita", "reviewer", by="ed")
    with db.write() as s:
        rec = corrections.correct_speaker(s, 2, "Ana Reyes", reviewer="rita")
    assert rec["state"] == "pending" and not rec["editor_approved"]
    assert _link(db, 1, 2) == ("paraphrase", "auto")  # nothing changed yet
    with pytest.raises(PermissionDenied):
        with db.write() as s:
            corrections.accept(s, rec["id"], reviewer="rita")
    with db.write() as s:
        done = corrections.accept(s, rec["id"], reviewer="ed")
    assert done["state"] == "applied" and done["approved_by"] == ["rita", "ed"]
    assert _link(db, 1, 2) == ("repeat", "auto")
    with pytest.raises(InputError, match="applied already"):
        with db.write() as s:
            corrections.accept(s, rec["id"], reviewer="ed")
    with db.write() as s:  # a reviewer may withdraw their own proposal
        other = corrections.correct_claim_text(s, 1, "bridge in May", reviewer="rita")
        assert corrections.decline(s, other["id"], reviewer="rita")["state"] == "declined"
    with db.read() as s:
        assert [r["state"] for r in corrections.list_corrections(s)] == ["applied", "declined"]


def test_four_eyes_applies_to_corrections(world):
    db = world
    with db.write() as s:
        settings.set_setting(s, "shared_by_team", True)  # roles by name, not OS user
        roles.set_role(s, "ed", "admin", by="ed")
        roles.set_role(s, "eva", "editor", by="ed")
        derivation.change_setting(s, "required_approvals", 2, user="ed")
    with db.write() as s:
        rec = corrections.retract(s, 3, "not a claim", reviewer="ed")
    assert rec["state"] == "pending" and rec["editor_approved"]
    with pytest.raises(InputError, match="four eyes"):
        with db.write() as s:
            corrections.accept(s, rec["id"], reviewer="ed")
    with db.read() as s:
        assert s.get(Statement, 3).status == "unreviewed"
    with db.write() as s:
        assert corrections.accept(s, rec["id"], reviewer="eva")["state"] == "applied"
    with db.read() as s:
        assert s.get(Statement, 3).status == "retracted"


def test_a_stale_version_is_a_conflict_that_carries_the_correction(world):
    db = world
    with db.read() as s:
        seen = s.get(Statement, 2).version
    with db.write() as s:
        decisions.add_note(s, 2, "listen again", seen_version=seen, reviewer="bob")
    with pytest.raises(ConflictError) as err:
        with db.write() as s:
            corrections.correct_speaker(s, 2, "Ana Reyes", seen_version=seen, reviewer="alice")
    assert "bob added a note" in str(err.value)
    assert err.value.attempt["params"] == {"name": "Ana Reyes"}
    assert err.value.attempt["kind"] == "speaker"
    assert _records(db) == 0


def test_speaker_merge_recomputes_links_in_the_same_transaction(world):
    db = world
    with db.write() as s:
        corrections.correct_speaker(s, 2, "Mystery Person", reviewer="alice")
        new_id = s.get(Statement, 2).speaker_id
    assert _link(db, 1, 2) == ("paraphrase", "auto")
    with db.write() as s:
        speakers.merge(s, 1, new_id)
    assert _link(db, 1, 2) == ("repeat", "auto")
    with db.write() as s:
        speakers.split(s, 1, [2], "Someone Else")
    assert _link(db, 1, 2) == ("paraphrase", "auto")
    _verified(db)
