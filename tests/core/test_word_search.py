"""Word search (`ledger statements --search`, the UI's search): words in any order over
quotes, speakers and titles, "phrases", prefix*, kept in step by the database's triggers
on SQLite (FTS5) and PostgreSQL (tsvector + GIN), and no typed character read as syntax."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from ledger.errors import InputError
from ledger.store.text_search import fts5_query, parse_search, tsquery_text

ARTICLE = """---
title: Chemical leak closes the riverside school
---
"Pupils reported eye and throat irritation after the leak," said head teacher Mara Quist.

"The plant will stay closed until the inspectors have finished," Quist said.

Inspector Tobias Lind said the tanks had been checked in March.
"""


@pytest.fixture
def ledger(cli, db_url, tmp_path):
    src = tmp_path / "leak.txt"
    src.write_text(ARTICLE, encoding="utf-8")

    def ids(query: str) -> list[int]:
        r = cli("statements", "--search", query, "--format", "json", db=db_url)
        assert r.code == 0, r.err
        return [row["id"] for row in json.loads(r.out)]

    r = cli("import", src, db=db_url)
    assert r.code == 0, r.err
    rows = json.loads(cli("statements", "--format", "json", db=db_url).out)
    by_word = {
        w: row["id"] for row in rows for w in ("irritation", "closed", "tanks") if w in row["quote"]
    }
    return cli, db_url, ids, by_word


def test_words_in_any_order_phrases_and_prefixes(ledger):
    _, _, ids, quote = ledger
    assert ids("eye irritation") == [quote["irritation"]]  # not a substring any more
    assert ids("irritation eye") == [quote["irritation"]]
    assert ids('"eye irritation"') == []  # a phrase keeps its order and adjacency
    assert ids('"throat irritation"') == [quote["irritation"]]
    assert ids("thro") == []
    assert ids("thro*") == [quote["irritation"]]
    assert ids("finishing") == [quote["closed"]]  # stems: finishing ~ finished
    assert ids("eye tanks") == []  # every word must occur


def test_speaker_names_and_source_titles_are_searched(ledger):
    _, _, ids, quote = ledger
    assert ids("Quist plant") == [quote["closed"]]  # "Quist said": mention and name
    assert quote["tanks"] in ids("Lind")
    assert set(ids("riverside school")) == set(quote.values())  # the source's title


def test_the_index_follows_a_speaker_rename_and_a_merge(ledger):
    cli, db_url, ids, quote = ledger
    speakers = json.loads(cli("speakers", "--format", "json", db=db_url).out)
    lind = next(s for s in speakers if "Lind" in s["name"])
    quist = next(s for s in speakers if "Quist" in s["name"])
    r = cli("speakers", "merge", str(quist["id"]), str(lind["id"]), db=db_url)
    assert r.code == 0, r.err
    merged_into = json.loads(cli("speakers", "--format", "json", db=db_url).out)
    survivor = {s["name"] for s in merged_into} & {lind["name"], quist["name"]}
    assert len(survivor) == 1
    # every statement now carries the surviving name, so that name finds all three
    assert set(ids(survivor.pop().split()[-1])) == set(quote.values())


def test_the_index_is_rebuilt_by_the_migration(ledger):
    from ledger.store import migrate
    from ledger.store.db import open_database

    _, db_url, ids, quote = ledger
    db = open_database(db_url)
    try:
        migrate.downgrade(db, "0007")
        migrate.upgrade(db, "head")
    finally:
        db.dispose()
    assert ids("irritation") == [quote["irritation"]]


HOSTILE = (
    '"eye',
    "NEAR(eye",
    "eye OR closed",
    "-eye",
    "eye:*",
    "x'; DROP TABLE statement; --",
    "^eye",
    "a & b | !c",
    "{quote}: eye",
)


def test_typed_syntax_is_never_query_syntax(ledger):
    cli, db_url, ids, quote = ledger
    for typed in HOSTILE:
        r = cli("statements", "--search", typed, "--format", "json", db=db_url)
        assert r.code == 0, (typed, r.err)  # answered, whatever it finds
    assert ids("eye OR tanks") == []  # not an operator: as one, it would find two
    assert ids('"eye') == [quote["irritation"]]
    # the statements are all still there
    assert len(json.loads(cli("statements", "--format", "json", db=db_url).out)) == 3


def test_a_search_of_no_word_says_so(ledger):
    cli, db_url, _, _ = ledger
    for typed in ("?!", '"', "*"):
        r = cli("statements", "--search", typed, "--format", "json", db=db_url)
        assert r.code == 1 and "has no word to look for" in r.err
        assert r.out == ""  # refused before any output


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_typed_text_gives_well_formed_queries(typed):
    try:
        terms = parse_search(typed)
    except InputError:
        return
    fts, tsq = fts5_query(terms), tsquery_text(terms)
    # FTS5: each term one double-quoted string with no quote inside, optionally starred
    assert fts.count('"') == 2 * len(terms)
    assert all(ch.isalnum() or ch in ' "*_' for ch in fts)
    # tsquery: only words, & between terms, <-> inside phrases, :* for prefixes
    assert all(ch.isalnum() or ch in " &<->():*_" for ch in tsq)


def test_sqlite_index_is_the_fts5_table(ledger):
    cli, db_url, _, _ = ledger
    if not db_url.startswith("sqlite"):
        pytest.skip("SQLite's FTS5 table")
    from ledger.store.db import open_database

    db = open_database(db_url)
    try:
        with db.engine.connect() as conn:
            n = conn.execute(text("SELECT count(*) FROM statement_fts")).scalar()
            m = conn.execute(text("SELECT count(*) FROM statement")).scalar()
    finally:
        db.dispose()
    assert n == m


def test_on_postgresql_readers_search_and_only_the_triggers_write_the_index(ledger):
    cli, db_url, ids, quote = ledger
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL roles")
    import uuid

    import sqlalchemy as sa

    owner = sa.engine.make_url(db_url).username
    reviewer, editor = (f"{who}_{uuid.uuid4().hex[:8]}" for who in ("rev", "ed"))
    as_user = {n: db_url.replace(f"//{owner}@", f"//{n}@", 1) for n in (reviewer, editor)}
    assert cli("db", "grant", "admin", owner, db=db_url).code == 0
    try:
        for role, name in (("reviewer", reviewer), ("editor", editor)):
            assert cli("db", "grant", role, name, db=db_url).code == 0
        r = cli("statements", "--search", "irritation", "--format", "json", db=as_user[reviewer])
        assert r.code == 0, r.err
        assert [row["id"] for row in json.loads(r.out)] == [quote["irritation"]]
        engine = sa.create_engine(as_user[reviewer])
        try:
            with pytest.raises(sa.exc.DBAPIError) as err, engine.begin() as conn:
                conn.execute(sa.text("DELETE FROM statement_search"))
        finally:
            engine.dispose()
        assert err.value.orig.sqlstate == "42501"
        # an editor renames nobody's index rows by hand, but a speaker merge re-indexes them
        speakers = json.loads(cli("speakers", "--format", "json", db=db_url).out)
        lind = next(s for s in speakers if "Lind" in s["name"])
        quist = next(s for s in speakers if "Quist" in s["name"])
        r = cli("speakers", "merge", str(lind["id"]), str(quist["id"]), db=as_user[editor])
        assert r.code == 0, r.err
        survivor = next(
            s["name"]
            for s in json.loads(cli("speakers", "--format", "json", db=db_url).out)
            if s["name"] in (lind["name"], quist["name"])
        )
        assert set(ids(survivor.split()[-1])) == set(quote.values())
    finally:
        admin = sa.create_engine(db_url)
        with admin.begin() as conn:
            for name in (reviewer, editor):
                conn.execute(sa.text(f'DROP OWNED BY "{name}" CASCADE'))
                conn.execute(sa.text(f'DROP ROLE "{name}"'))
        admin.dispose()
