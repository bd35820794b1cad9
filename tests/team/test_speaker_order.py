"""Speaker identity does not depend on import order (#16): a bare surname never borrows
another source's person, unnamed speakers are never merged across sources, a person is
tied by a full name only, and a merged speaker's name is the same whichever source came
first; four concurrent importers give every statement the speaker a sequential import
gives it, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from ledger.extract.types import SpeakerRef
from ledger.services import speakers
from ledger.store.db import open_database
from ledger.store.models import Source, Speaker, Statement
from ledger.store.unit_of_work import UnitOfWork


def _resolve(db, *refs: SpeakerRef) -> list[int]:
    speakers.forget_cache(db)
    with db.write() as s:
        uow = UnitOfWork(s)
        found = speakers.resolve_all(uow, refs)
        uow.append()
    return [found[r] for r in refs]


def _name(db, sid: int) -> str:
    with db.read() as s:
        return s.get(Speaker, sid).name


def test_a_bare_surname_makes_a_provisional_speaker_of_its_own(db):
    elena, hana = _resolve(
        db,
        SpeakerRef("Elena Adeyemi", kind="person", aliases=("Adeyemi",)),
        SpeakerRef("Hana Adeyemi", kind="person", aliases=("Adeyemi",)),
    )
    (bare,) = _resolve(db, SpeakerRef("Adeyemi", kind="person"))
    assert bare not in (elena, hana)
    (other_bare,) = _resolve(db, SpeakerRef("Adeyemi", kind="person"))
    assert other_bare != bare  # another source's "Adeyemi" may be someone else again
    (full,) = _resolve(db, SpeakerRef("Elena Adeyemi", kind="person"))
    assert full == elena


def test_unnamed_speakers_and_common_nouns_are_never_merged_across_sources(db):
    first = _resolve(
        db,
        SpeakerRef("officials", kind="group", unnamed=True),
        SpeakerRef("spokeswoman for the mayor's office", kind="person", unnamed=True),
        SpeakerRef("the campaign", kind="organisation"),
    )
    second = _resolve(
        db,
        SpeakerRef("officials", kind="group", unnamed=True),
        SpeakerRef("spokeswoman for the mayor's office", kind="person", unnamed=True),
        SpeakerRef("His campaign", kind="organisation"),
    )
    assert set(first).isdisjoint(second)
    # a proper name ties sources
    a, b = (_resolve(db, SpeakerRef("Harbour City council", kind="organisation")) for _ in "ab")
    assert a == b


def test_a_merged_speakers_name_is_the_same_in_either_order(db_url, tmp_path):
    from ledger.store.db import open_database as open_db

    names = []
    for order in (1, -1):
        db = open_db(f"sqlite:///{tmp_path / f'order{order}.db'}")
        refs = [
            SpeakerRef("Donald Trump", kind="person", aliases=("Trump",)),
            SpeakerRef("Donald J. Trump", kind="person"),
            SpeakerRef("Ben Carson", kind="person"),
            SpeakerRef("Dr. Ben Carson", kind="person"),
        ][::order]
        ids = [sid for ref in refs for sid in _resolve(db, ref)]
        by_person = {}
        for ref, sid in zip(refs, ids, strict=True):
            by_person.setdefault("carson" if "Carson" in ref.name else "trump", set()).add(sid)
        assert all(len(v) == 1 for v in by_person.values())  # one speaker each
        names.append(sorted(_name(db, v.pop()) for v in by_person.values()))
        db.dispose()
    assert names[0] == names[1] == ["Ben Carson", "Donald J. Trump"]


ARTICLES = {
    "a_port.txt": (
        "date 2025-03-01\n\n"
        '"The port will close at night," said harbour master Ivan Adeyemi.\n\n'
        '"Ships must book ahead," Adeyemi added.\n'
    ),
    "b_school.txt": (
        "date 2025-03-02\n\n"
        '"We reopen on Monday," said head teacher Elena Adeyemi.\n\n'
        'Officials said the roof "is safe again".\n'
    ),
    "c_river.txt": (
        "date 2025-03-03\n\n"
        '"The water level fell by a metre," Adeyemi said.\n\n'
        'Officials said the bridge "stays open".\n'
    ),
    "d_hall.txt": (
        "date 2025-03-04\n\n"
        '"The hall needs a new roof," said Hana Adeyemi, who chairs the trust.\n\n'
        '"It will cost 2 million," said Donald J. Trump.\n'
    ),
    "e_rally.txt": (
        "date 2025-03-05\n\n"
        '"We will win the county," Donald Trump said.\n\n'
        '"Turnout was high," a spokeswoman for the campaign said.\n'
    ),
}


def _speakers_by_statement(url: str) -> dict:
    db = open_database(url)
    with db.read() as s:
        rows = s.execute(
            select(Source.origin, Statement.start, Speaker.name, Speaker.kind)
            .join(Source, Statement.source_id == Source.id)
            .outerjoin(Speaker, Statement.speaker_id == Speaker.id)
        ).all()
    db.dispose()
    return {(Path(o).name, start): (name, kind) for o, start, name, kind in rows}


def _import(url: str, files: list[Path]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "ledger", "--db", url, "import", *map(str, files)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "LEDGER_CHECKPOINT_DIR": ""},
    )


def test_four_concurrent_importers_give_the_speakers_of_a_sequential_import(
    db_url, tmp_path, write_articles
):
    folder = tmp_path / "in"
    write_articles(folder, range(24), seed=5)
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    files = sorted(folder.iterdir())
    sequential = f"sqlite:///{tmp_path / 'sequential.db'}"
    p = _import(sequential, files[::-1])  # even in reverse order
    assert p.wait() == 0, p.stderr.read()
    procs = [_import(db_url, files[i::4]) for i in range(4)]
    for p in procs:
        assert p.wait() == 0, p.stderr.read()
    expected, got = _speakers_by_statement(sequential), _speakers_by_statement(db_url)
    assert got == expected
    # and what the rules say, in these files
    assert got[("a_port.txt", ARTICLES["a_port.txt"].index("Ships"))][0] == "Ivan Adeyemi"
    river = ARTICLES["c_river.txt"]
    assert got[("c_river.txt", river.index("The water"))][0] == "Adeyemi"
