"""Linking on the store: links made at import, claims, first appearance, decisions, rebuild, search."""

from __future__ import annotations

import json


def _row(ref, quote, speaker, outlet, published, stated=None, kind="direct"):
    return {
        "quote": quote,
        "speaker": speaker,
        "kind": kind,
        "ref": ref,
        "stated_on": stated,
        "source": {"title": f"{outlet} story", "outlet": outlet, "published_on": published},
    }


ROWS = [
    _row(
        "a1",
        "Providing such aid would be a very risky and unwise bet for the whole region.",
        "Wilma Burns",
        "Post",
        "2023-02-27",
        "2023-02-26",
    ),
    _row(
        "b1",
        "Providing such aid would be a very risky bet for the whole region.",
        "Wilma Burns",
        "Globe",
        "2023-02-28",
    ),
    _row(
        "c1",
        "“Providing such aid would be a very risky and unwise bet for the whole region”",
        "Wilma Burns",
        "Herald",
        "2023-02-25",
    ),
    _row(
        "d1",
        "The harbour bridge will stay closed for at least six more weeks this spring.",
        "Otto Lang",
        "Post",
        "2023-02-27",
    ),
]


def _import(cli, db, tmp_path, rows, name="in.jsonl"):
    f = tmp_path / name
    f.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    r = cli("import", f, db=db)
    assert r.code == 0, r.err
    return r


def _links(cli, db):
    out = cli("links", "--format", "jsonl", db=db).out
    return [json.loads(x) for x in out.splitlines()]


def _refs(cli, db):
    rows = [json.loads(x) for x in cli("statements", "--format", "jsonl", db=db).out.splitlines()]
    return {r["id"]: r for r in rows}


def test_repeat_and_altered_links_form_one_claim(cli, db_url, tmp_path):
    _import(cli, db_url, tmp_path, ROWS)
    st = _refs(cli, db_url)
    by_ref = {r["ref"]: r for r in st.values()}
    links = {(st[lk["a"]]["ref"], st[lk["b"]]["ref"]): lk for lk in _links(cli, db_url)}
    assert links[("a1", "c1")]["relation"] == "repeat"
    altered = links[("a1", "b1")]
    assert altered["relation"] == "altered" and altered["status"] in ("auto", "suggested")
    ops = {(op["op"], op.get("a", ""), op.get("b", "")) for op in altered["diff"]}
    assert any("unwise" in a for _, a, _ in ops)
    assert "d1" not in {r for pair in links for r in pair}
    claim_ids = {by_ref[r]["claim_id"] for r in ("a1", "c1")}
    assert len(claim_ids) == 1
    detail = json.loads(cli("claim", str(claim_ids.pop()), "--format", "json", db=db_url).out)
    first = [a for a in detail["appearances"] if a["first"]]
    # c1 has no stated date but was published 2023-02-25, so it was said by then: earlier
    # than a1, stated 2023-02-26 (first appearances order by the interval's last day)
    assert len(first) == 1 and first[0]["statement_id"] == by_ref["c1"]["id"]
    assert all("stated_on_precision" in a for a in detail["appearances"])
    a1 = next(a for a in detail["appearances"] if a["statement_id"] == by_ref["a1"]["id"])
    assert a1["stated_on"] == "2023-02-26" and a1["stated_on_precision"] == "day"
    assert cli("verify", db=db_url).code == 0


def test_rejected_link_stays_rejected_after_rebuild(cli, db_url, tmp_path):
    _import(cli, db_url, tmp_path, ROWS)
    by_ref = {r["ref"]: r for r in _refs(cli, db_url).values()}
    a, c = by_ref["a1"]["id"], by_ref["c1"]["id"]
    r = cli("link", "reject", str(a), str(c), db=db_url)
    assert r.code == 0 and "rejected" in r.out
    after = {r["ref"]: r for r in _refs(cli, db_url).values()}
    assert after["a1"]["claim_id"] != after["c1"]["claim_id"]
    before_links = {(lk["a"], lk["b"], lk["relation"], lk["status"]) for lk in _links(cli, db_url)}
    assert cli("link", "--rebuild", db=db_url).code == 0
    assert {
        (lk["a"], lk["b"], lk["relation"], lk["status"]) for lk in _links(cli, db_url)
    } == before_links
    again = {r["ref"]: r for r in _refs(cli, db_url).values()}
    assert again["a1"]["claim_id"] != again["c1"]["claim_id"]
    assert cli("verify", db=db_url).code == 0


def test_confirmed_link_joins_claims(cli, db_url, tmp_path):
    _import(cli, db_url, tmp_path, ROWS)
    by_ref = {r["ref"]: r for r in _refs(cli, db_url).values()}
    assert (
        cli("link", "confirm", str(by_ref["a1"]["id"]), str(by_ref["d1"]["id"]), db=db_url).code
        == 0
    )
    after = {r["ref"]: r for r in _refs(cli, db_url).values()}
    assert after["a1"]["claim_id"] == after["d1"]["claim_id"]
    assert cli("link", "confirm", "1", "1", db=db_url).code == 1
    assert cli("link", "confirm", "1", "999", db=db_url).code == 1


def test_incremental_equals_rebuild_in_any_import_order(cli, tmp_path):
    def run(order, name):
        url = f"sqlite:///{tmp_path / name}"
        for i, row in enumerate(order):
            _import(cli, url, tmp_path, [row], name=f"{name}-{i}.jsonl")
        st = _refs(cli, url)
        inc = {
            (frozenset((st[lk["a"]]["ref"], st[lk["b"]]["ref"])), lk["relation"], lk["status"])
            for lk in _links(cli, url)
        }
        cli("link", "--rebuild", db=url)
        st = _refs(cli, url)
        reb = {
            (frozenset((st[lk["a"]]["ref"], st[lk["b"]]["ref"])), lk["relation"], lk["status"])
            for lk in _links(cli, url)
        }
        return inc, reb

    inc1, reb1 = run(ROWS, "fwd.db")
    inc2, reb2 = run(list(reversed(ROWS)), "rev.db")
    assert inc1 == reb1 == inc2 == reb2
    assert inc1


def test_similar_finds_the_checked_claim(cli, db_url, tmp_path):
    _import(cli, db_url, tmp_path, ROWS)
    r = cli(
        "similar",
        "--format",
        "jsonl",
        "--top",
        "2",
        "-",
        db=db_url,
        stdin="is the bridge really closed for six more weeks?\n\n",
    )
    lines = [json.loads(x) for x in r.out.splitlines()]
    assert len(lines) == 2 and lines[1]["matches"] == []
    best = lines[0]["matches"][0]
    assert best["ref"] == "d1" and best["speaker"] == "Otto Lang" and best["score"] > 0
    assert {"statement_id", "claim_id", "ref", "quote", "speaker", "score"} <= set(best)


def test_reviewer_role_may_not_merge_speakers_or_decide_links(cli, db_url, tmp_path):
    _import(cli, db_url, tmp_path, ROWS)
    cli("settings", "shared_by_team", "true", db=db_url)  # roles by --as name, not OS user
    assert cli("--as", "alice", "roles", "alice", "admin", db=db_url).code == 0
    assert cli("--as", "alice", "roles", "bob", "reviewer", db=db_url).code == 0
    events = json.loads(cli("stats", "--format", "json", db=db_url).out)["events"]
    for args in (
        ("speakers", "merge", "1", "2"),
        ("speakers", "alias", "1", "Bill"),
        ("link", "confirm", "1", "4"),
    ):
        r = cli("--as", "bob", *args, db=db_url)
        assert r.code == 5, (args, r.err)
        assert "bob is a reviewer" in r.err
    assert json.loads(cli("stats", "--format", "json", db=db_url).out)["events"] == events
    assert cli("--as", "alice", "link", "confirm", "1", "4", db=db_url).code == 0


def test_saved_index_is_used_by_the_next_process_and_replaced_when_stale(cli, sqlite_url, tmp_path):
    from ledger.services import link_index

    _import(cli, sqlite_url, tmp_path, ROWS[:1], name="one.jsonl")
    db_file = sqlite_url.removeprefix("sqlite:///")
    saved = tmp_path / (db_file.rsplit("/", 1)[-1] + ".linkindex")
    assert saved.is_file() and saved.with_suffix(".linkindex.json").is_file()
    link_index._CACHE.clear()  # as a new process starts
    _import(cli, sqlite_url, tmp_path, ROWS[2:3], name="two.jsonl")
    assert any(lk["relation"] == "repeat" for lk in _links(cli, sqlite_url))
    # A file that does not describe the database (another ledger at this path) is ignored.
    link_index._CACHE.clear()
    saved.with_suffix(".linkindex.json").write_text('{"watermark": 0}', encoding="utf-8")
    _import(cli, sqlite_url, tmp_path, ROWS[1:2], name="three.jsonl")
    assert any(lk["relation"] == "altered" for lk in _links(cli, sqlite_url))
    saved.write_bytes(b"not a pickle")
    link_index._CACHE.clear()
    _import(cli, sqlite_url, tmp_path, ROWS[3:4], name="four.jsonl")
    assert cli("verify", db=sqlite_url).code == 0


def test_replacing_links_follows_the_engine_but_keeps_decisions(cli, db, db_url, tmp_path):
    """What `link --rebuild` does to the link table: an undecided link follows the engine
    (changed, no longer proposed, new); a rejected one stays as the reviewer left it."""
    from sqlalchemy import select

    from ledger.linking import ProposedLink
    from ledger.services import links
    from ledger.store.models import Link

    _import(cli, db_url, tmp_path, ROWS)
    ref = {r["ref"]: r["id"] for r in _refs(cli, db_url).values()}

    def pair(x: str, y: str) -> tuple[int, int]:
        return tuple(sorted((ref[x], ref[y])))

    def proposal(x: str, y: str, score: float, status: str) -> ProposedLink:
        return ProposedLink(*pair(x, y), "paraphrase", score, "test/v1", status)

    def stored() -> dict[tuple[int, int], tuple]:
        with db.read() as s:
            return {
                (lk.a_id, lk.b_id): (lk.relation, lk.score, lk.method, lk.decided)
                for lk in s.scalars(select(Link))
            }

    assert set(stored()) == {pair("a1", "b1"), pair("a1", "c1"), pair("b1", "c1")}
    assert cli("link", "reject", str(ref["a1"]), str(ref["b1"]), db=db_url).code == 0
    rejected = stored()[pair("a1", "b1")]
    proposed = [
        proposal("a1", "b1", 70.0, "auto"),  # rejected: stays
        proposal("a1", "c1", 70.0, "suggested"),  # changed
        proposal("c1", "d1", 65.0, "suggested"),  # new; b1-c1 no longer proposed
    ]
    with db.write() as s:
        stats = links.replace_links(s, proposed)
    assert stats == {"links": 3, "added": 1, "updated": 1, "removed": 1}
    assert stored() == {
        pair("a1", "b1"): rejected,
        pair("a1", "c1"): ("paraphrase", 70.0, "test/v1", "suggested"),
        pair("c1", "d1"): ("paraphrase", 65.0, "test/v1", "suggested"),
    }
    with db.write() as s:  # the same proposals again change nothing
        stats = links.replace_links(s, proposed)
    assert stats == {"links": 3, "added": 0, "updated": 0, "removed": 0}
