"""Ids out of range are "no statement N", like any id that names nothing (issue #13, item 5).

SQLite cannot bind an integer over 64 bits; PostgreSQL's id columns are 32-bit integers.
Every command taking an id, and the reviewer UI's door, answers in one line, exit 1.
"""

from __future__ import annotations

import json

import pytest

BIG = ["99999999999999999999", "9223372036854775808", "3000000000"]

ROWS = [
    {"quote": "We will reopen the plant.", "speaker": "Ana Silva", "ref": "a"},
    {"quote": "The plant will never reopen.", "speaker": "Bo Lund", "ref": "b"},
]


@pytest.fixture
def url(cli, db_url, tmp_path):
    f = tmp_path / "rows.jsonl"
    source = {"title": "Plant", "outlet": "Daily", "published_on": "2024-02-01"}
    f.write_text("".join(json.dumps({**r, "source": source}) + "\n" for r in ROWS), "utf-8")
    r = cli("import", f, db=db_url)
    assert r.code == 0, r.err
    return db_url


def _commands(n: str) -> list[tuple[list[str], str]]:
    return [
        (["show", n], f"no statement with id {n}"),
        (["verdict", n, "verified"], f"no statement with id {n}"),
        (["note", n, "why"], f"no statement with id {n}"),
        (["note", "--claim", n, "why"], f"no claim with id {n}"),
        (["evidence", n, "https://x.example/a"], f"no statement with id {n}"),
        (["evidence", "1", f"source:{n}"], f"evidence 'source:{n}': no source with id {n}"),
        (
            ["evidence", "1", f"statement:{n}"],
            f"evidence 'statement:{n}': no statement with id {n}",
        ),
        (["rate", n, "false"], f"no claim with id {n}"),
        (["assign", n, "bob"], f"no statement with id {n}"),
        (["release", n], f"no statement with id {n}"),
        (["undo", n], f"no decision to undo on statement {n}"),
        (["undo", "--claim", n], f"no decision to undo on claim {n}"),
        (["review-status", n], f"no statement with id {n}"),
        (["review-status", "--claim", n], f"no claim with id {n}"),
        (["review-log", n], f"no statement with id {n}"),
        (["claim", n], f"no claim with id {n}"),
        (["link", "confirm", n, "1"], f"no statement with id {n}"),
        (["link", "reject", "1", n], f"no statement with id {n}"),
        (["speakers", "merge", n, "1"], f"no speaker with id {n}"),
        (["speakers", "merge", "1", n], f"no speaker with id {n}"),
        (["speakers", "alias", n, "Someone"], f"no speaker with id {n}"),
        (["speakers", "split", n, "Someone", "--statement", "1"], f"no speaker with id {n}"),
        (
            ["speakers", "split", "1", "Someone", "--statement", n],
            f"statement {n} is not attributed to speaker 1",
        ),
        (["history", n], f"no events for statement:{n}"),
        (["history", f"source:{n}"], f"no events for source:{n}"),
    ]


@pytest.mark.parametrize("n", BIG)
def test_ids_out_of_range_are_not_found(cli, url, n):
    for args, message in _commands(n):
        r = cli(*args, db=url)
        assert r.code == 1, (args, r.out, r.err)
        line = r.err.strip()
        assert "\n" not in line and line.startswith("ledger: error: "), (args, r.err)
        assert line.endswith(message), (args, line)  # undo names who acts first
    # nothing changed: the two statements, unreviewed, and the history verifies
    r = cli("statements", "--format", "json", db=url)
    assert [s["status"] for s in json.loads(r.out)] == ["unreviewed", "unreviewed"]
    assert cli("verify", db=url).code == 0


@pytest.mark.parametrize("n", BIG)
def test_filters_by_an_id_out_of_range_match_nothing(cli, url, n):
    for option in ("--speaker", "--source"):
        r = cli("statements", option, n, "--format", "json", db=url)
        assert (r.code, r.err, json.loads(r.out)) == (0, "", []), option
        r = cli("export", option, n, "--format", "jsonl", db=url)
        assert (r.code, r.out) == (0, ""), (option, r.err)


def test_ids_are_plain_ascii_digits(cli, url):
    for bad in ("1_0", "٣", "+1", "1.0", "0x1"):
        r = cli("show", bad, db=url)
        assert r.code == 2 and "is not an id" in r.err, (bad, r.err)
    assert cli("show", "1", db=url).code == 0
    assert cli("show", "0", db=url).err.strip() == "ledger: error: no statement with id 0"


def test_ids_of_thousands_of_digits_are_refused_in_one_line(cli, url):
    huge = "7" * 5000  # Python will not even read an int of 4,300 digits
    for args in (
        ["statements", "--speaker", huge],
        ["export", "--source", huge],
        ["evidence", "1", f"source:{huge}"],
    ):
        r = cli(*args, db=url)
        assert r.code == 1, (args, r.err)
        assert r.err == f"ledger: error: {'7' * 20}… is not an id (over 100 digits)\n", args
    r = cli("show", huge, db=url)
    assert r.code == 2 and "is not an id (over 100 digits)" in r.err
    assert cli("show", "0" * 200 + "1", db=url).code == 0  # leading zeros are no digits


def test_the_reviewer_ui_door_says_not_found(url, db):
    from ledger.errors import InputError
    from tui import backend

    n = int(BIG[0])
    for call, message in [
        (lambda: backend.detail(db, n), f"no statement with id {n}"),
        (lambda: backend.history(db, n, None), f"no statement with id {n}"),
        (lambda: backend.note(db, n, "why", 1, "root"), f"no statement with id {n}"),
        (lambda: backend.decide_link(db, n, 1, "confirm", "root"), f"no statement with id {n}"),
        (lambda: backend.edit_speaker(db, n, "root", name="X"), f"no speaker with id {n}"),
        (lambda: backend.edit_speaker(db, 1, "root", merge_into=str(n)), f"no speaker with id {n}"),
    ]:
        with pytest.raises(InputError) as err:
            call()
        assert str(err.value) == message
