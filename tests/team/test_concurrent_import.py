"""Several importers on overlapping folders, and an import beside an open reviewer.

No duplicate sources, statements or speakers; no error, lock or deadlock reaches the user.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from sqlalchemy import func, select

from ledger.store.db import open_database
from ledger.store.models import Source, Speaker, Statement
from ledger.store.verify import verify


def _ledger(url: str, *args: str, **kw) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "ledger", "--db", url, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        **kw,
    )


def _overlapping_folders(tmp_path: Path, writer, importers: int, per: int) -> list[Path]:
    """Importer i gets articles [i*per/2, i*per/2 + per): half of each folder is shared."""
    folders = []
    for i in range(importers):
        folder = tmp_path / f"in{i}"
        start = i * per // 2
        writer(folder, range(start, start + per), seed=11)
        folders.append(folder)
    return folders


def test_concurrent_importers_store_each_thing_once(db_url, tmp_path, write_articles):
    importers, per = 3, 12
    folders = _overlapping_folders(tmp_path, write_articles, importers, per)
    distinct = (importers - 1) * per // 2 + per
    open_database(db_url).dispose()  # schema in place before the race
    procs = [_ledger(db_url, "import", str(f)) for f in folders]
    results = [p.communicate(timeout=300) + (p.returncode,) for p in procs]
    for _out, err, code in results:
        assert code == 0, err
        assert "Traceback" not in err and "error" not in err.lower()
    db = open_database(db_url)
    try:
        with db.read() as s:
            assert s.scalar(select(func.count()).select_from(Source)) == distinct
            dup_speakers = s.execute(
                select(Speaker.name_key, Speaker.kind)
                .group_by(Speaker.name_key, Speaker.kind)
                .having(func.count() > 1)
            ).all()
            assert dup_speakers == []
            per_source = dict(
                s.execute(
                    select(Statement.source_id, func.count()).group_by(Statement.source_id)
                ).all()
            )
            assert len(per_source) == distinct and set(per_source.values()) == {3}
            assert verify(s).ok
    finally:
        db.dispose()
    imported = sum(int(out.split("imported ")[1].split(",")[0]) for out, _, _ in results)
    assert imported == distinct  # each article stored by exactly one importer


def test_import_runs_while_a_reviewer_holds_a_long_read(sqlite_url, tmp_path, write_articles):
    """SQLite: an open read transaction (the reviewer UI) never makes an import fail."""
    from ledger.services.leases import next_item, release

    folder = tmp_path / "in"
    write_articles(folder, range(15), seed=5)
    db = open_database(sqlite_url)
    first = tmp_path / "first"
    write_articles(first, range(100, 103), seed=5)
    proc = _ledger(sqlite_url, "import", str(first))
    assert proc.wait(120) == 0
    stop = threading.Event()
    problems: list[BaseException] = []

    def reviewer_writes() -> None:
        # a second reviewer leasing and releasing while the import writes
        while not stop.is_set():
            try:
                with db.write() as s:
                    item = next_item(s, "rita")
                if item:
                    with db.write() as s:
                        release(s, item["id"], "rita")
            except BaseException as err:  # pragma: no cover - reported below
                problems.append(err)
                return

    with db.read() as reader:
        before = reader.scalar(select(func.count()).select_from(Source))
        writer = threading.Thread(target=reviewer_writes)
        writer.start()
        proc = _ledger(sqlite_url, "import", str(folder))
        out, err = proc.communicate(timeout=300)
        stop.set()
        writer.join(30)
        assert proc.returncode == 0, err
        assert "locked" not in err and "Traceback" not in err
        assert "imported 15" in out
        # the long read still sees its snapshot: it really stayed open throughout
        assert reader.scalar(select(func.count()).select_from(Source)) == before == 3
    assert not problems, problems
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Source)) == 18
        assert verify(s).ok
    db.dispose()
