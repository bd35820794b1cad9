"""Two importers (processes) sharing speakers: each one's speaker cache must notice what
the other stored, or it would add duplicate aliases or a second speaker of the same name."""

from __future__ import annotations

from sqlalchemy import func, select

from ledger.extract.types import SpeakerRef
from ledger.services import speakers
from ledger.store.models import Speaker, SpeakerAlias
from ledger.store.unit_of_work import UnitOfWork
from ledger.store.verify import verify


class _Process:
    """One importer process: its own speaker cache."""

    def __init__(self) -> None:
        self.caches: dict = {}

    def resolve(self, db, *refs: SpeakerRef) -> dict:
        kept = speakers._SPEAKERS._entries
        saved = dict(kept)
        kept.clear()
        kept.update(self.caches)
        try:
            with db.write() as s:
                uow = UnitOfWork(s)
                found = speakers.resolve_all(uow, refs)
                uow.append()
                return found
        finally:
            self.caches = dict(kept)
            kept.clear()
            kept.update(saved)


def test_caches_of_two_importers_stay_consistent(db):
    a, b = _Process(), _Process()
    ada = SpeakerRef("Ada Aalto", kind="person")
    ada_more = SpeakerRef("Ada Aalto", kind="person", aliases=("Aalto",))
    first = a.resolve(db, ada)[ada]
    assert b.resolve(db, ada_more)[ada_more] == first  # b adds the alias "Aalto"
    assert a.resolve(db, ada_more)[ada_more] == first  # a must not add it again
    org = SpeakerRef("Ada Aalto", kind="organisation")
    made_by_b = b.resolve(db, org)[org]
    assert a.resolve(db, org)[org] == made_by_b  # a must see b's organisation
    with db.write() as s:  # someone merges the organisation away
        speakers.merge(s, first, made_by_b)
    person = SpeakerRef("Ada Aalto", kind="person", aliases=("A. Aalto",))
    assert b.resolve(db, person)[person] == first
    with db.read() as s:
        dups = s.execute(
            select(Speaker.name_key, Speaker.kind)
            .group_by(Speaker.name_key, Speaker.kind)
            .having(func.count() > 1)
        ).all()
        assert dups == []
        keys = list(
            s.scalars(select(SpeakerAlias.alias_key).where(SpeakerAlias.speaker_id == first))
        )
        assert sorted(keys) == sorted(set(keys))
        assert verify(s).ok
