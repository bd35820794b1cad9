"""Speakers across sources: resolving a source's speaker to one record, merging and aliasing.

Within a source the extractor has already tied "CIA director William Burns", "Burns" and
"he" together; here that speaker is matched to the stored ones by name and alias keys, and
confirmed with the extractor's fuzzy `same_speaker` so that two different people who share
a surname are never merged without other evidence.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ledger.errors import InputError
from ledger.extract.names import name_key, same_speaker
from ledger.extract.types import SpeakerRef
from ledger.store import journal
from ledger.store.models import Speaker, SpeakerAlias, Statement

_PRONOUNS = {"he", "she", "they", "it", "him", "her", "them", "we", "i", "you"}


def _alias_names(ref: SpeakerRef) -> list[str]:
    names = [ref.name, *ref.aliases]
    out, seen = [], set()
    for n in names:
        n = (n or "").strip()
        k = name_key(n)
        if not n or not k or k in seen or k in _PRONOUNS:
            continue
        seen.add(k)
        out.append(n)
    return out


def _candidates(session: Session, keys: Iterable[str]) -> list[Speaker]:
    keys = sorted(set(keys))
    # Two indexed lookups rather than one OR, which SQLite would answer with a table scan.
    ids = set(session.scalars(select(SpeakerAlias.speaker_id).where(SpeakerAlias.alias_key.in_(keys))))
    ids |= set(session.scalars(select(Speaker.id).where(Speaker.name_key.in_(keys))))
    if not ids:
        return []
    query = (
        select(Speaker)
        .where(Speaker.id.in_(sorted(ids)))
        .options(selectinload(Speaker.aliases))
        .order_by(Speaker.id)
    )
    return list(session.scalars(query))


def resolve(session: Session, ref: SpeakerRef) -> Speaker:
    """The stored speaker for `ref`, created (with aliases) when none fits."""
    # Two importers must not both miss and create the same speaker: hold the writer lock
    # from this lookup to commit. Not a unique index on name_key, because two different
    # speakers may share one (a person and an organisation; a split).
    journal.lock_writers(session)
    names = _alias_names(ref)
    keys = [name_key(n) for n in names] or [name_key(ref.name)]
    own_key = name_key(ref.name)
    best: Speaker | None = None
    with session.no_autoflush:
        candidates = _candidates(session, keys)
    for cand in candidates:
        aliases = [a.alias for a in cand.aliases]
        if cand.name_key == own_key and cand.kind in (ref.kind, "unknown"):
            best = cand
            break
        if best is None and same_speaker(ref, cand.name, cand.kind, aliases, cand.role):
            best = cand
    if best is None:
        best = Speaker(
            name=ref.name.strip(),
            name_key=own_key,
            kind=ref.kind or "unknown",
            role=ref.role,
            affiliation=ref.affiliation,
        )
        session.add(best)
    else:
        if best.role is None and ref.role:
            best.role = ref.role
        if best.affiliation is None and ref.affiliation:
            best.affiliation = ref.affiliation
    have = {a.alias_key for a in best.aliases} if best.id else set()
    for n in names:
        k = name_key(n)
        if k and k not in have:
            have.add(k)
            best.aliases.append(SpeakerAlias(alias=n, alias_key=k))
    return best


def add_alias(session: Session, speaker_id: int, alias: str) -> Speaker:
    speaker = session.get(Speaker, speaker_id)
    if speaker is None:
        raise InputError(f"no speaker with id {speaker_id}")
    alias = alias.strip()
    key = name_key(alias)
    if not key:
        raise InputError("an alias needs at least one letter or digit")
    if any(a.alias_key == key for a in speaker.aliases):
        raise InputError(f"speaker {speaker_id} already has the alias {alias!r}")
    speaker.aliases.append(SpeakerAlias(alias=alias, alias_key=key))
    return speaker


def merge(session: Session, keep_id: int, other_id: int) -> Speaker:
    """Fold speaker `other_id` into `keep_id`: statements and aliases move, the other goes."""
    if keep_id == other_id:
        raise InputError("cannot merge a speaker with itself")
    keep, other = session.get(Speaker, keep_id), session.get(Speaker, other_id)
    for sid, sp in ((keep_id, keep), (other_id, other)):
        if sp is None:
            raise InputError(f"no speaker with id {sid}")
    assert keep is not None and other is not None
    for st in session.scalars(select(Statement).where(Statement.speaker_id == other_id)):
        st.speaker_id = keep_id
    have = {a.alias_key for a in keep.aliases}
    for name in [other.name, *(a.alias for a in other.aliases)]:
        k = name_key(name)
        if k and k not in have:
            have.add(k)
            keep.aliases.append(SpeakerAlias(alias=name, alias_key=k))
    keep.role = keep.role or other.role
    keep.affiliation = keep.affiliation or other.affiliation
    session.flush()
    session.delete(other)
    return keep


def split(session: Session, speaker_id: int, statement_ids: list[int], name: str) -> Speaker:
    """Move some statements of a speaker to a new speaker called `name` (undoing a wrong merge)."""
    source = session.get(Speaker, speaker_id)
    if source is None:
        raise InputError(f"no speaker with id {speaker_id}")
    name = name.strip()
    if not name_key(name):
        raise InputError("the new speaker needs a name")
    new = Speaker(name=name, name_key=name_key(name), kind=source.kind, role=None)
    new.aliases.append(SpeakerAlias(alias=name, alias_key=name_key(name)))
    session.add(new)
    session.flush()
    for sid in statement_ids:
        st = session.get(Statement, sid)
        if st is None or st.speaker_id != speaker_id:
            raise InputError(f"statement {sid} is not attributed to speaker {speaker_id}")
        st.speaker_id = new.id
    return new


def statement_counts(session: Session) -> dict[int, int]:
    rows = session.execute(
        select(Statement.speaker_id, func.count())
        .where(Statement.speaker_id.is_not(None))
        .group_by(Statement.speaker_id)
    )
    return {sid: n for sid, n in rows}
