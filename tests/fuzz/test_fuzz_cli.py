"""Hostile text in every CLI text argument: a one-line error or a correct answer, never a
traceback, and nothing stored changes unless the command is meant to change it."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from ledger.store.db import open_database
from ledger.store.models import Event
from ledger.store.verify import verify

ROWS = [
    {
        "quote": "We will cut the 100% tax_rate by half",
        "speaker": "Robert'); DROP TABLE speaker;--",
        "hedging": "none",
        "source": {"title": "../../evil [bold]t[/bold]", "outlet": "=cmd|'/C calc'!A0"},
    },
    {
        "quote": "\x1b[31mRed\x1b[0m alert [link=http://x]here[/link]",
        "speaker": "Ana Silva",
        "hedging": "low",
        "source": {"title": "Plain", "published_on": "2024-02-01"},
    },
]
TEXT = st.one_of(
    st.text(max_size=80),
    st.sampled_from(
        [
            "%",
            "_",
            "\\",
            "' OR '1'='1",
            "1; DROP TABLE statement",
            "[bold]",
            "\x1b[2J",
            "../../../../etc/passwd",
            "/dev/null",
            "-",
            "--help",
            "0",
            "-1",
            "99999999999999999999",
            "2024-13-45",
            "statement:1",
            "event:1",
            "\x00",
        ]
    ),
)
READ_ONLY = [
    ["statements", "--search", "{x}"],
    ["statements", "--speaker", "{x}"],
    ["statements", "--source", "{x}"],
    ["statements", "--since", "{x}"],
    ["statements", "--until", "{x}"],
    ["statements", "--status", "{x}"],
    ["statements", "--format", "csv", "--search", "{x}"],
    ["export", "--format", "jsonl", "--speaker", "{x}"],
    ["show", "{x}"],
    ["history", "{x}"],
    ["similar", "{x}"],
    ["hedging", "{x}"],
    ["links", "--statement", "{x}"],
    ["claim", "{x}"],
    ["review-log", "{x}"],
]
WRITING = [
    ["speakers", "alias", "1", "{x}"],
    ["speakers", "split", "1", "{x}", "--statement", "1"],
    ["note", "1", "{x}"],
    ["verdict", "1", "{x}"],
    ["verdict", "1", "verified", "--note", "{x}", "--evidence", "{x}"],
    ["next", "--status", "{x}"],
    ["release", "{x}"],
    ["db", "grant", "reviewer", "{x}"],
    ["--as", "{x}", "next"],
]


def _events(db) -> int:
    with db.read() as s:
        assert verify(s).ok
        return s.scalar(select(func.count()).select_from(Event))


_READY: set[str] = set()


def _prepared(cli, url, tmp_path):
    if url not in _READY:
        f = tmp_path / "rows.jsonl"
        f.write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
        assert cli("import", str(f), db=url).code == 0
        _READY.add(url)
    return open_database(url)


def _check(r) -> None:
    assert "Traceback" not in r.err and "internal error" not in r.err, r.err
    assert r.code in (0, 1, 2, 3, 4, 5), (r.code, r.err)
    if r.code:
        assert r.err.strip(), "a failure must say why"
        assert "\x1b" not in r.err, "escape sequence reached the terminal"


@given(template=st.sampled_from(READ_ONLY), x=TEXT)
def test_read_only_commands_change_nothing(cli, ledgers, tmp_path, monkeypatch, template, x):
    monkeypatch.chdir(tmp_path)
    sqlite_url = ledgers.url()
    db = _prepared(cli, sqlite_url, tmp_path)
    before = _events(db)
    r = cli(*[a.replace("{x}", x) for a in template], db=sqlite_url, stdin="")
    _check(r)
    if "csv" not in template:  # CSV is data: its cells keep the stored text byte for byte
        assert "\x1b" not in r.out
    assert _events(db) == before
    db.dispose()


@given(template=st.sampled_from(WRITING), x=TEXT)
def test_writing_commands_keep_the_ledger_consistent(
    cli, ledgers, tmp_path, monkeypatch, template, x
):
    monkeypatch.chdir(tmp_path)
    sqlite_url = ledgers.url()
    db = _prepared(cli, sqlite_url, tmp_path)
    _events(db)
    r = cli(*[a.replace("{x}", x) for a in template], db=sqlite_url, stdin="")
    _check(r)
    _events(db)  # verify still passes: a change is whole and journaled, or absent
    db.dispose()


@given(url=TEXT)
def test_database_option(cli, tmp_path, monkeypatch, url):
    monkeypatch.chdir(tmp_path)
    r = cli("--db", url, "stats")
    _check(r)
