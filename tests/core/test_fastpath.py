"""Statements run straight through the driver give what SQLAlchemy gives, on either database."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ledger.store import fastpath
from ledger.store.models import Setting, Source

_INSERT = insert(Source)
_RETITLE = update(Source).where(Source.id == bindparam("sid")).values(title=bindparam("t"))
_NEWEST = select(Source.id, Source.title).order_by(Source.id.desc()).limit(1)
_BY_SHA = select(Source.id).where(Source.content_sha256 == bindparam("sha"))
_SOME = select(Source.id).where(Source.id.in_(bindparam("ids", expanding=True)))
_SETTING = select(Setting.value).where(Setting.key == bindparam("k"))


def _source(n: int, **extra) -> dict:
    row = {c.name: None for c in Source.__table__.columns}
    row.update(
        id=n,
        content_sha256=f"{n:064d}",
        text=f"text {n}",
        kind="article",
        format="text",
        body_start=0,
        published_on=date(2024, 2, n),
        imported_at=datetime(2026, 11, 29, 10, 0, n),
    )
    row.update(extra)
    return row


def test_inserts_updates_and_selects_match_sqlalchemy(db):
    with db.write() as s:
        conn = s.connection()
        fastpath.execute_many(conn, _INSERT, [_source(1), _source(2, title="Zwei — ü")])
        fastpath.execute_many(conn, _RETITLE, [{"sid": 1, "t": 'Eins "1"'}])
        fastpath.execute_many(conn, _RETITLE, [])  # nothing to do is not an error
        assert fastpath.first_row(conn, _NEWEST) == (2, "Zwei — ü")  # LIMIT bound by itself
        assert fastpath.first_row(conn, _BY_SHA, {"sha": f"{1:064d}"}) == (1,)
        assert fastpath.first_row(conn, _BY_SHA, {"sha": "none"}) is None
        # an expanding IN list is left to SQLAlchemy, and still answers
        assert fastpath.first_row(conn, _SOME, {"ids": [2]}) == (2,)
        # so is a result that needs processing (JSON)
        s.add(Setting(key="k", value={"a": [1, 2.5]}))
        s.flush()
        assert fastpath.first_row(conn, _SETTING, {"k": "k"}) == ({"a": [1, 2.5]},)
    with db.read() as s:
        rows = {r.id: r for r in s.scalars(select(Source))}
        assert rows[1].title == 'Eins "1"' and rows[2].title == "Zwei — ü"
        assert rows[2].published_on == date(2024, 2, 2)
        assert rows[2].imported_at.replace(tzinfo=None) == datetime(2026, 11, 29, 10, 0, 2)


def test_a_missing_parameter_is_an_error_not_a_null(db):
    with db.write() as s:
        with pytest.raises(SQLAlchemyError, match="'sha'"):
            fastpath.first_row(s.connection(), _BY_SHA, {})


def test_driver_errors_arrive_as_sqlalchemy_errors(db):
    with db.write() as s:
        fastpath.execute_many(s.connection(), _INSERT, [_source(3)])
    with pytest.raises(IntegrityError):
        with db.write() as s:
            fastpath.execute_many(s.connection(), _INSERT, [_source(3)])
    with db.read() as s:
        assert len(s.scalars(select(Source)).all()) == 1
