"""The linker's in-memory index of stored statements, cached per database for the process.

Building the index means reading every statement, so each process keeps one per database
(`current_index`, a `ProcessCache`: forgotten when a transaction that used it rolls back),
starts it from the file an earlier process saved (`save_index`) when that still describes
the database, and catches it up with statements other processes stored since, storing
their links as it goes.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from ledger.linking import BOUNDS, THRESHOLDS, Linker, LinkItem
from ledger.services.link_items import ITEM_COLUMNS, item_rows, link_item
from ledger.services.links import store_links
from ledger.store.database import Database
from ledger.store.models import Statement
from ledger.store.paging import keyset_rows
from ledger.store.process_cache import ProcessCache


def stored_items(
    session: Session, where: ColumnElement[bool] | None = None, batch: int = 20_000
) -> Iterable[LinkItem]:
    """Stored statements (those matching `where`, if given) as the linker sees them, by id;
    a retracted statement (`ledger correct retract`) is not linked."""
    q = item_rows().where(Statement.status != "retracted")
    if where is not None:
        q = q.where(where)
    for row in keyset_rows(session, q, Statement.id, batch=batch, scalars=False):
        yield link_item(*row[:ITEM_COLUMNS])


@dataclass
class _Cached:
    linker: Linker
    watermark: int  # highest statement id in the index


#: caught up (not rebuilt) once anyone else has changed statements
_CACHE: ProcessCache[_Cached] = ProcessCache("linker index", ("statement",))


def remember_index(session: Session, linker: Linker, watermark: int) -> None:
    """Make `linker`, built from every statement up to `watermark`, this process's index."""
    _CACHE.put(session, _Cached(linker, watermark))


def current_index(session: Session, exclude: set[int] = frozenset()) -> _Cached:
    """The process's index for this database, caught up with every stored statement but
    `exclude` (this transaction's own, which the caller adds)."""

    def build() -> _Cached:
        saved = _load_saved(session)
        if saved is not None:
            return _caught_up(session, saved, exclude)
        linker = Linker()
        items = [i for i in stored_items(session) if i.id not in exclude]
        linker.build(items)
        return _Cached(linker, max((i.id for i in items), default=0))

    return _CACHE.get(session, build, lambda cached: _caught_up(session, cached, exclude))


def _caught_up(session: Session, cached: _Cached, exclude: set[int]) -> _Cached:
    """`cached` with the statements stored since (by other processes) indexed and their
    links stored."""
    top = session.connection().execute(select(func.max(Statement.id))).scalar() or 0
    ours = sum(1 for i in exclude if cached.watermark < i <= top)
    if top - cached.watermark <= ours:  # nothing but this transaction's own statements
        return cached
    late = [
        i for i in stored_items(session, Statement.id > cached.watermark) if i.id not in exclude
    ]
    for item in late:
        if item.id not in cached.linker:
            store_links(session, cached.linker.add(item))
        cached.watermark = max(cached.watermark, item.id)
    return cached


def index_path(url: URL) -> Path | None:
    """Where the saved index of the database at `url` lives: beside an SQLite file, else in
    the user's cache folder (one file per database URL)."""
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
            return None
        db = Path(url.database)
        return db.with_name(db.name + ".linkindex")
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "statement-ledger"
    digest = hashlib.sha256(url.render_as_string(hide_password=True).encode()).hexdigest()[:16]
    return base / f"{digest}.linkindex"


def _load_saved(session: Session) -> _Cached | None:
    """The index saved by an earlier process, if it still describes this database."""
    path = index_path(session.get_bind().engine.url)
    if path is None or not path.is_file() or not path.with_suffix(".linkindex.json").is_file():
        return None
    try:
        meta = json.loads(path.with_suffix(".linkindex.json").read_text(encoding="utf-8"))
        watermark = int(meta["watermark"])
        linker = Linker.load(path)
    except (
        OSError,
        ValueError,
        KeyError,
        TypeError,
        EOFError,
        AttributeError,
        ImportError,
        pickle.UnpicklingError,
    ):
        return None  # a stale or foreign file: rebuild from the database
    if linker.thresholds != THRESHOLDS or linker.bounds != BOUNDS:
        return None  # saved by a version that linked by other rules: its links would differ
    stored = (
        session.connection()
        .execute(
            select(func.count())
            .select_from(Statement)
            .where(Statement.id <= watermark, Statement.status != "retracted")
        )
        .scalar()
    )
    if stored != len(linker):  # statements were removed or the database was replaced
        return None
    return _Cached(linker, watermark)


def save_index(db: Database) -> None:
    """Save this process's index so the next process starts without rebuilding it.

    Called after commits only, so the file never holds a rolled-back statement; a file
    that cannot be written just means the next process rebuilds.
    """
    url = db.engine.url
    cached = _CACHE.peek(db)
    path = index_path(url)
    if cached is None or path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        cached.linker.save(path)
        meta = path.with_suffix(".linkindex.json")
        tmp = meta.with_name(meta.name + ".tmp")
        tmp.write_text(json.dumps({"watermark": cached.watermark}), encoding="utf-8")
        tmp.replace(meta)
    except OSError:
        pass
