"""Checked before? `ledger similar` with speaker, date and context; `ledger checked`;
prior fact-checks of a stored statement and linking one into a fact-check's rated claim.

Fact-checks are inserted as the ClaimReview import stores them (a `fact-check` source, its
statement in a claim of its own, a `fact_check` row), with made-up reviews.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.errors import InputError, PermissionDenied
from ledger.services import prior_checks, similar
from ledger.store.models import Claim, Event, FactCheck, Source, Statement

ROWS = [
    {
        "quote": "Unemployment fell to the lowest level in fifty years, last time.",
        "speaker": "Joe Biden",
        "kind": "direct",
        "ref": "s1",
        "stated_on": "2020-09-29",
        "source": {"title": "Debate night", "outlet": "Post", "published_on": "2020-09-30"},
    },
    {
        "quote": "The harbour bridge will stay closed for at least six more weeks.",
        "speaker": "Otto Lang",
        "kind": "direct",
        "ref": "s2",
        "source": {"title": "Debate night", "outlet": "Post", "published_on": "2020-09-30"},
    },
]

# (claim, claimant, claim date, rating): A wins on text alone, B is the speaker's.
CHECKS = [
    (
        "Unemployment fell to the lowest level in fifty years last month",
        "Sen. Elizabeth Warren",
        date(2019, 3, 1),
        "False",
    ),
    (
        "Unemployment fell to the lowest level in fifty years",
        "Joe Biden",
        date(2020, 9, 29),
        "Half True",
    ),
    (
        "The new bridge cost twice what the city promised",
        "Otto Lang",
        date(2020, 9, 1),
        "Mostly False",
    ),
]


def _add_fact_check(session, n: int, text: str, claimant: str, when: date, rating: str) -> int:
    url = f"https://checks.example/review/{n}"
    src = Source(
        content_sha256=hashlib.sha256(url.encode()).hexdigest(),
        title=f"Review {n}",
        outlet="CheckOrg",
        url=url,
        kind="fact-check",
        format="json",
        text=text,
    )
    session.add(src)
    session.flush()
    claim = Claim(canonical_text=text)
    session.add(claim)
    session.flush()
    st = Statement(
        source_id=src.id,
        kind="indirect",
        quote=text,
        start=0,
        end=len(text),
        stated_on=when,
        claim_id=claim.id,
        ref=f"review:{n}",
    )
    session.add(st)
    session.flush()
    claim.first_statement_id = st.id
    fc = FactCheck(
        review_key=hashlib.sha256(f"key{n}".encode()).hexdigest(),
        content_sha256="0" * 64,
        source_id=src.id,
        statement_id=st.id,
        claim_id=claim.id,
        url=url,
        organisation="CheckOrg",
        rating=rating,
        claimant=claimant,
        claim_date=when,
    )
    session.add(fc)
    session.flush()
    return fc.id


@pytest.fixture
def ledger(cli, db, db_url, tmp_path):
    f = tmp_path / "rows.jsonl"
    f.write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    r = cli("import", f, db=db_url)
    assert r.code == 0, r.err
    with db.write() as session:
        ids = [_add_fact_check(session, n, *c) for n, c in enumerate(CHECKS, 1)]
    with db.read() as session:
        refs = dict(session.query(Statement.ref, Statement.id).all())
    return {"fc": ids, "s1": refs["s1"], "s2": refs["s2"]}


def _similar(cli, db_url, stdin, *args):
    r = cli("similar", "--format", "jsonl", "--top", "3", *args, "-", db=db_url, stdin=stdin)
    assert r.code == 0, r.err
    return [json.loads(x) for x in r.out.splitlines()]


def test_similar_takes_query_objects_and_the_speaker_counts(cli, db_url, ledger):
    text = "unemployment fell to the lowest level in fifty years, last time"
    lines = [
        text,  # plain text: ranked by text alone
        json.dumps(
            {
                "text": text,
                "speaker": "Vice President Biden",
                "date": "2020-09-29",
                "context": ["MODERATOR: Next question.", "BIDEN: Thank you."],
            }
        ),
        "{not json, so plain text about the harbour bridge",
        json.dumps({"speaker": "no text: plain"}),
    ]
    out = _similar(cli, db_url, "\n".join(lines) + "\n")
    assert len(out) == 4
    plain, with_speaker = out[0]["matches"], out[1]["matches"]
    fc_a, fc_b = ledger["fc"][0], ledger["fc"][1]
    plain_checks = [m["fact_check_id"] for m in plain if m["fact_check_id"]]
    assert plain_checks[0] == fc_a
    # the ledger's own statement by the same speaker comes first; then the speaker's check
    assert with_speaker[0]["ref"] == "s1"
    best = next(m for m in with_speaker if m["fact_check_id"])
    assert best["fact_check_id"] == fc_b
    assert best["url"] == "https://checks.example/review/2"
    assert best["rating"] == "Half True" and best["rated_by"] == "CheckOrg"
    assert best["speaker"] == "Joe Biden" and best["ref"] == "review:2"
    assert {"statement_id", "claim_id", "quote", "score"} <= set(best)
    # the ledger's own statement is found too, with no rating yet
    own = next(m for m in with_speaker if m["ref"] == "s1")
    assert own["fact_check_id"] is None and own["rated_by"] is None
    assert out[2]["query"].startswith("{not json")
    assert out[2]["matches"][0]["ref"] == "s2"


def test_speaker_and_date_options_for_one_query(cli, db_url, ledger):
    text = "unemployment fell to the lowest level in fifty years, last time"
    r = cli(
        "similar", "--format", "json", "--speaker", "BIDEN", "--date", "2020-09-29", text, db=db_url
    )
    assert r.code == 0, r.err
    matches = json.loads(r.out)["matches"]
    assert [m for m in matches if m["fact_check_id"]][0]["fact_check_id"] == ledger["fc"][1]


@pytest.mark.parametrize(
    "line",
    [
        '{"text": "x", "date": "29/09/2020"}',
        '{"text": "x", "date": 2020}',
        '{"text": "x", "context": "not a list"}',
        '{"text": "x", "speaker": ["a"]}',
    ],
)
def test_a_bad_query_object_is_a_one_line_error(cli, db_url, ledger, line):
    r = cli("similar", "--format", "jsonl", "-", db=db_url, stdin=f"fine line\n{line}\n")
    assert r.code != 0
    assert "line 2" in r.err and len(r.err.strip().splitlines()) == 1


def test_bad_date_option_is_refused(cli, db_url, ledger):
    r = cli("similar", "--date", "yesterday", "bridge", db=db_url)
    assert r.code != 0 and "--date" in r.err


def test_prior_fact_checks_of_a_stored_statement(db, ledger):
    with db.read() as session:
        rows = prior_checks.prior_fact_checks(session, ledger["s1"], top=3)
        assert rows[0]["fact_check_id"] == ledger["fc"][1]
        assert all(r["fact_check_id"] for r in rows)  # only fact-checks
        assert ledger["s1"] not in {r["statement_id"] for r in rows}
        assert rows[0]["linked"] is False and rows[0]["link_status"] is None
        with pytest.raises(InputError, match="no statement"):
            prior_checks.prior_fact_checks(session, 99_999)
        # a fact-check's own statement never offers itself (its source is excluded)
        own = session.get(FactCheck, ledger["fc"][0]).statement_id
        assert own not in {
            r["statement_id"] for r in prior_checks.prior_fact_checks(session, own, 5)
        }


def test_linking_puts_the_statement_into_the_rated_claim(cli, db, db_url, ledger):
    s1, fc_b = ledger["s1"], ledger["fc"][1]
    with db.read() as session:
        before = session.query(Event).count()
    r = cli("checked", str(s1), "--link", str(fc_b), "--format", "json", db=db_url)
    assert r.code == 0, r.err
    row = json.loads(r.out)
    assert row["rating"] == "Half True" and row["rated_by"] == "CheckOrg"
    assert row["link"]["status"] == "confirmed"
    with db.read() as session:
        fc = session.get(FactCheck, fc_b)
        fc_claim = session.get(Statement, fc.statement_id).claim_id
        assert session.get(Statement, s1).claim_id == fc_claim == row["claim_id"]
        assert session.query(Event).count() > before  # journaled
        rows = prior_checks.prior_fact_checks(session, s1, 3)
        mine = next(r for r in rows if r["fact_check_id"] == fc_b)
        assert mine["linked"] is True and mine["link_status"] == "confirmed"
    # the statement now carries the organisation's rating in search results
    out = _similar(cli, db_url, "unemployment fell to the lowest level in fifty years\n")
    s1_row = next(m for m in out[0]["matches"] if m["statement_id"] == s1)
    assert s1_row["rated_by"] == "CheckOrg" and s1_row["fact_check_id"] == fc_b
    # the table lists the fact-checks
    r = cli("checked", str(s1), db=db_url)
    assert r.code == 0 and "Half True" in r.out


def test_linking_needs_the_link_role_and_a_real_fact_check(cli, db, db_url, ledger):
    s1, fc_b = ledger["s1"], ledger["fc"][1]
    with db.write() as session:
        with pytest.raises(InputError, match="no fact-check"):
            prior_checks.link_to_fact_check(session, s1, 99_999)
        own = session.get(FactCheck, fc_b).statement_id
        with pytest.raises(InputError, match="own"):
            prior_checks.link_to_fact_check(session, own, fc_b)
    cli("settings", "shared_by_team", "true", db=db_url)  # roles by --as name, not OS user
    assert cli("--as", "alice", "roles", "alice", "admin", db=db_url).code == 0
    assert cli("--as", "alice", "roles", "bob", "reviewer", db=db_url).code == 0
    r = cli("--as", "bob", "checked", str(s1), "--link", str(fc_b), db=db_url)
    assert r.code == PermissionDenied.exit_code, r.err
    with db.read() as session:
        assert session.get(Statement, s1).claim_id != session.get(Statement, own).claim_id
        with pytest.raises(InputError):
            similar.similar(session, "x", top=0)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["text", "speaker", "date", "context", "other"]), json_values, max_size=5
    )
    | st.text(max_size=40)
)
def test_a_query_line_is_a_query_or_a_one_line_error(value):
    line = value if isinstance(value, str) else json.dumps(value)
    try:
        q = similar.query_from_line(line, "Default Speaker", date(2020, 1, 1), "line 7")
    except InputError as e:
        assert str(e).startswith("line 7:") and "\n" not in str(e)
        return
    if isinstance(value, dict) and isinstance(value.get("text"), str):
        assert q.text == value["text"]
        assert q.speaker is None or isinstance(q.speaker, str)
        assert all(isinstance(c, str) for c in q.context)
    else:
        assert q.text == line and q.speaker == "Default Speaker" and q.context == ()


def test_fact_check_index_ignores_reviewer_decisions_and_follows_sources(cli, db, db_url, ledger):
    """Linking a statement (a reviewer's decision) changes statements only: the fact-check
    index is kept. A changed review headline (its source's title) rebuilds it."""
    similar._FACT_CHECKS.clear()
    with db.read() as session:
        first = similar.fact_check_index(session)
    r = cli("checked", str(ledger["s1"]), "--link", str(ledger["fc"][1]), db=db_url)
    assert r.code == 0, r.err
    with db.read() as session:
        assert similar.fact_check_index(session) is first
    with db.write() as session:
        fc = session.get(FactCheck, ledger["fc"][2])
        session.get(Source, fc.source_id).title = "Ferry timetable halved"
        wanted = fc.statement_id
    with db.read() as session:
        again = similar.fact_check_index(session)
        assert again is not first
        assert again.search("the ferry timetable was halved", 1)[0][0] == wanted


def test_two_threads_build_the_fact_check_index_once(db, ledger, monkeypatch):
    import threading
    import time

    similar._FACT_CHECKS.clear()
    builds = []
    real_build = similar.SimilarIndex.build

    def slow_build(self, items):
        builds.append(1)
        time.sleep(0.3)  # long enough for the other thread to ask meanwhile
        return real_build(self, items)

    monkeypatch.setattr(similar.SimilarIndex, "build", slow_build)
    got = []

    def ask():
        with db.read() as session:
            got.append(similar.fact_check_index(session))

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(builds) == 1 and len(got) == 2 and got[0] is got[1]
