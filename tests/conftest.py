"""Shared fixtures: a fresh ledger database per test on SQLite, and on PostgreSQL when
LEDGER_TEST_DATABASE_URL is set (each test in its own schema, dropped afterwards)."""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
PG_URL = os.environ.get("LEDGER_TEST_DATABASE_URL")

BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


def _pg_schema_url(schema: str) -> str:
    base = PG_URL or ""
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path) -> Iterator[str]:
    """A URL to an empty database on each configured backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ledger.db'}"
        return
    import sqlalchemy as sa

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(
        PG_URL.replace("postgresql://", "postgresql+psycopg://", 1)
        if PG_URL.startswith("postgresql://")
        else PG_URL
    )
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _pg_schema_url(schema)
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'ledger.db'}"


@pytest.fixture
def db(db_url):
    """An opened ledger database at head."""
    from ledger.store.db import open_database

    database = open_database(db_url)
    yield database
    database.dispose()


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run the `ledger` command line in-process: cli(args..., db=URL, stdin=TEXT)."""
    import io

    from ledger.cli import main
    from ledger.config import set_actor

    def run(
        *args: str, db: str | None = None, stdin: str | bytes | None = None, env: dict | None = None
    ) -> Result:
        argv = (["--db", db] if db else []) + [str(a) for a in args]
        for k, v in (env or {}).items():
            monkeypatch.setenv(k, v)
        if stdin is not None:
            data = stdin.encode() if isinstance(stdin, str) else stdin
            fake = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
            monkeypatch.setattr(sys, "stdin", fake)
        capsys.readouterr()
        code = 0
        try:
            main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            set_actor(None)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def seed_dir() -> Path:
    return REPO / "seeds"
