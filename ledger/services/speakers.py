"""Speakers across sources: resolving a source's speaker to one record, merging and aliasing.

Within a source the extractor has already tied "CIA director William Burns", "Burns" and
"he" together; here that speaker is matched to the stored ones by name and alias keys, and
confirmed with the extractor's fuzzy `same_speaker` so that two different people who share
a surname are never merged without other evidence.

A transcript's speakers (`strict` refs) need stronger evidence: a full name the stored
speaker has, or a surname and a role that agree; a bare surname never matches, and a
generic label (`QUESTION`, `AUDIENCE`) is a speaker of its own transcript only.

Merging, splitting and aliasing speakers, and the reviewer UI's `edit_speaker` (rename, set
the role, add an alias, merge), need the editor role (`merge_speakers`), whichever shell asks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from rapidfuzz import fuzz
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.errors import InputError, is_number
from ledger.extract.names import name_key, same_speaker
from ledger.extract.types import SpeakerRef
from ledger.services import relinking, roles
from ledger.services.transcript_speakers import read_label
from ledger.services.views import SpeakerView
from ledger.store import import_queries, journal
from ledger.store.ids import get_by_id, parse_id
from ledger.store.models import Speaker, SpeakerAlias, Statement
from ledger.store.process_cache import DatabaseHolder, ProcessCache
from ledger.store.unit_of_work import UnitOfWork

_PRONOUNS = {"he", "she", "they", "it", "him", "her", "them", "we", "i", "you"}


def _alias_names(ref: SpeakerRef) -> list[str]:
    """The names a speaker goes by: its name and the variants the source used ("Burns",
    "Mr Burns"), but not the name with a title or role in front ("CIA director William
    Burns"): the role is kept on its own, and such mentions would pile up one alias per
    title a speaker was ever given."""
    names = [ref.name, *ref.aliases]
    own = name_key(ref.name or "")
    out, seen = [], set()
    for n in names:
        n = (n or "").strip()
        k = name_key(n)
        if not n or not k or k in seen or k in _PRONOUNS:
            continue
        if own and k != own and k.endswith(" " + own):
            continue
        seen.add(k)
        out.append(n)
    return out


@dataclass
class _Known:
    """A stored speaker as the resolver needs it (a snapshot, no ORM object)."""

    id: int
    name: str
    name_key: str
    kind: str
    role: str | None
    affiliation: str | None
    created_at: datetime | None = None  # None until a new speaker is inserted
    aliases: list[str] = field(default_factory=list)
    alias_keys: set[str] = field(default_factory=set)

    def columns(self) -> dict:
        """Its `speaker` row's values, but for the id and creation time the store assigns."""
        return {
            "name": self.name,
            "name_key": self.name_key,
            "kind": self.kind,
            "role": self.role,
            "affiliation": self.affiliation,
        }


@dataclass
class _Cache:
    by_id: dict[int, _Known] = field(default_factory=dict)
    by_key: dict[str, set[int]] = field(default_factory=dict)
    #: same_speaker verdicts by (reference, speaker id, number of the speaker's aliases)
    verdicts: dict[tuple, bool] = field(default_factory=dict)

    def remember(self, known: _Known) -> None:
        self.by_id[known.id] = known
        for key in {known.name_key, *known.alias_keys}:
            self.by_key.setdefault(key, set()).add(known.id)


# Speakers already looked up by this process, per database: an import of many articles
# that quote the same people asks the database once per new name, not once per article.
# Stale once anyone else changes a speaker or alias (the history says so; no table scan).
_SPEAKERS: ProcessCache[_Cache] = ProcessCache("speakers", ("speaker",))


def forget_cache(session_or_db: DatabaseHolder) -> None:
    """Drop this process's speaker snapshots (before a merge, split or new alias)."""
    _SPEAKERS.forget(session_or_db)


def _load(session: Session, cache: _Cache, keys: list[str]) -> None:
    ids = import_queries.speakers_with_keys(session, keys) - set(cache.by_id)
    if ids:
        rows = import_queries.speaker_rows(session, sorted(ids))
        known = {r[0]: _Known(*r) for r in rows}
        for sid, alias, akey in import_queries.alias_rows(session, sorted(known)):
            known[sid].aliases.append(alias)
            known[sid].alias_keys.add(akey)
        for k in known.values():
            cache.remember(k)
    for key in keys:
        cache.by_key.setdefault(key, set())


def _strict_match(cache: _Cache, ref: SpeakerRef, own_key: str, names: list[str]) -> _Known | None:
    """The stored speaker a transcript's speaker is, on strong evidence only: one whose
    name or alias is one of its full names (and a compatible kind), else, for a bare
    surname with a role, one of that surname whose role agrees."""
    if not read_label(ref.name).named:  # QUESTION, AUDIENCE, The PRESIDENT
        return None
    full = [k for k in dict.fromkeys(name_key(n) for n in [ref.name, *names]) if " " in k]
    for key in full:
        for sid in sorted(cache.by_key.get(key, ())):
            cand = cache.by_id[sid]
            if cand.kind in (ref.kind, "unknown") or ref.kind == "unknown":
                return cand
    if full or not ref.role:
        return None
    for sid in sorted(cache.by_key.get(own_key, ())):
        cand = cache.by_id[sid]
        if cand.role and fuzz.token_set_ratio(name_key(cand.role), name_key(ref.role)) >= 90:
            return cand
    return None


def _match(cache: _Cache, ref: SpeakerRef, own_key: str, names: list[str]) -> _Known | None:
    """The stored speaker `ref` is: one with its exact name (and a compatible kind), else
    the first one sharing a name or alias that `same_speaker` confirms."""
    for sid in sorted(cache.by_key.get(own_key, ())):
        cand = cache.by_id[sid]
        if cand.name_key == own_key and cand.kind in (ref.kind, "unknown"):
            return cand
    ids = sorted({i for n in names for i in cache.by_key.get(name_key(n), ())})
    for sid in ids:
        cand = cache.by_id[sid]
        # the verdict depends only on the reference and the candidate's names so far
        memo = (ref, sid, len(cand.aliases))
        verdict = cache.verdicts.get(memo)
        if verdict is None:
            verdict = same_speaker(ref, cand.name, cand.kind, cand.aliases, cand.role)
            if sid > 0:  # provisional ids are reused by the next source
                cache.verdicts[memo] = verdict
        if verdict:
            return cand
    return None


def resolve_all(
    uow: UnitOfWork, refs: Iterable[SpeakerRef], strict: frozenset[SpeakerRef] = frozenset()
) -> dict[SpeakerRef, int]:
    """The stored speaker id for each of a source's speakers, creating those that are new;
    those in `strict` (a transcript's) are matched only on strong evidence.

    New speakers and aliases, and roles given to stored ones, are written with Core and
    recorded in `uow`, which journals them when the caller appends it.
    """
    session = uow.session
    # Two importers must not both miss and create the same speaker: hold the writer lock
    # from this lookup to commit. Not a unique index on name_key, because two different
    # speakers may share one (a person and an organisation; a split).
    journal.lock_writers(session)
    refs = list(dict.fromkeys(refs))
    with session.no_autoflush:
        cache = _SPEAKERS.get(session, _Cache)
    wanted = {ref: _alias_names(ref) for ref in refs}
    keys = sorted(
        {name_key(n) for names in wanted.values() for n in names} | {name_key(r.name) for r in refs}
    )
    missing = [k for k in keys if k and k not in cache.by_key]
    if missing:
        with session.no_autoflush:
            _load(session, cache, missing)
    out: dict[SpeakerRef, int] = {}
    # New speakers get a provisional negative id until they are inserted below, so a later
    # reference of the same source can already match them.
    created: dict[int, _Known] = {}
    completed: dict[int, _Known] = {}  # stored speakers that get their role or affiliation
    new_aliases: list[tuple[_Known, str, str]] = []
    for ref in refs:
        names = wanted[ref]
        own_key = name_key(ref.name)
        match = _strict_match if ref in strict else _match
        best = match(cache, ref, own_key, names)
        if best is None:
            best = _Known(
                -1 - len(created),
                ref.name.strip(),
                own_key,
                ref.kind or "unknown",
                ref.role,
                ref.affiliation,
            )
            created[best.id] = best
        elif (best.role is None and ref.role) or (best.affiliation is None and ref.affiliation):
            best.role, best.affiliation = best.role or ref.role, best.affiliation or ref.affiliation
            if best.id > 0:
                completed[best.id] = best
        for n in names:
            k = name_key(n)
            if k and k not in best.alias_keys:
                new_aliases.append((best, n, k))
                best.aliases.append(n)
                best.alias_keys.add(k)
        cache.remember(best)
        out[ref] = best.id
    if created:
        values = [k.columns() for k in created.values()]
        uow.insert(Speaker, values)
        for known, row in zip(created.values(), values, strict=True):
            cache.by_id.pop(known.id)
            for key in {known.name_key, *known.alias_keys}:
                cache.by_key[key].discard(known.id)
            known.id, known.created_at = row["id"], row["created_at"]
            cache.remember(known)
        out = {ref: created[sid].id if sid < 0 else sid for ref, sid in out.items()}
    if completed:
        _complete_speakers(uow, list(completed.values()))
    values = [
        {"speaker_id": known.id, "alias": alias, "alias_key": key}
        for known, alias, key in new_aliases
    ]
    uow.insert(SpeakerAlias, values)
    # Our own changes are in the cache, which is current with the history once they commit
    # and forgotten if they roll back (the ProcessCache sees to both).
    return out


def _complete_speakers(uow: UnitOfWork, speakers: list[_Known]) -> None:
    """Store the role and affiliation stored speakers have just been given, with a Core
    update recorded in `uow` (the ORM would load each row first)."""
    import_queries.set_speaker_roles(uow.session, [(k.id, k.role, k.affiliation) for k in speakers])
    for k in speakers:
        uow.updated(Speaker, {**k.columns(), "id": k.id, "created_at": k.created_at})


def add_alias(session: Session, speaker_id: int, alias: str) -> Speaker:
    roles.require(session, None, "merge_speakers")
    forget_cache(session)
    speaker = get_by_id(session, Speaker, speaker_id)
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
    roles.require(session, None, "merge_speakers")
    forget_cache(session)
    keep, other = get_by_id(session, Speaker, keep_id), get_by_id(session, Speaker, other_id)
    for sid, sp in ((keep_id, keep), (other_id, other)):
        if sp is None:
            raise InputError(f"no speaker with id {sid}")
    assert keep is not None and other is not None
    moved = []
    for st in session.scalars(select(Statement).where(Statement.speaker_id == other_id)):
        st.speaker_id = keep_id
        moved.append(st.id)
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
    # their links and claims now see one speaker (repeat and altered need the same one)
    relinking.relink(session, moved, speakers=[keep_id])
    return keep


def split(session: Session, speaker_id: int, statement_ids: list[int], name: str) -> Speaker:
    """Move some statements of a speaker to a new speaker called `name` (undoing a wrong merge)."""
    roles.require(session, None, "merge_speakers")
    forget_cache(session)
    source = get_by_id(session, Speaker, speaker_id)
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
        st = get_by_id(session, Statement, sid)
        if st is None or st.speaker_id != speaker_id:
            raise InputError(f"statement {sid} is not attributed to speaker {speaker_id}")
        st.speaker_id = new.id
    session.flush()
    relinking.relink(session, statement_ids, speakers=[new.id])
    return new


def statement_counts(session: Session) -> dict[int, int]:
    rows = session.execute(
        select(Statement.speaker_id, func.count())
        .where(Statement.speaker_id.is_not(None))
        .group_by(Statement.speaker_id)
    )
    return {sid: n for sid, n in rows}


# --- the reviewer UI's speaker editor ------------------------------------------------------


def speaker_view(session: Session, speaker_id: int | None) -> SpeakerView | None:
    """A speaker as plain data (None when there is no such speaker)."""
    if speaker_id is None:
        return None
    sp = get_by_id(session, Speaker, speaker_id)
    if sp is None:
        return None
    aliases = session.scalars(
        select(SpeakerAlias.alias)
        .where(SpeakerAlias.speaker_id == speaker_id)
        .order_by(SpeakerAlias.id)
    ).all()
    return {
        "id": sp.id,
        "name": sp.name,
        "kind": sp.kind,
        "role": sp.role,
        "affiliation": sp.affiliation,
        "aliases": [a for a in aliases if a != sp.name],
    }


def _speaker_named(session: Session, ref: str, other_than: int) -> int:
    """The id of the one speaker (not `other_than`) whose id, name or alias is `ref`."""
    ref = ref.strip()
    if is_number(ref):
        return parse_id(ref)
    key = ref.casefold()
    ids = set(session.scalars(select(Speaker.id).where(func.lower(Speaker.name) == key))) | set(
        session.scalars(
            select(SpeakerAlias.speaker_id).where(func.lower(SpeakerAlias.alias) == key)
        )
    )
    ids.discard(other_than)
    if not ids:
        raise InputError(f"no other speaker is called {ref!r}")
    if len(ids) > 1:
        raise InputError(
            f"{ref!r} names {len(ids)} speakers ({', '.join(map(str, sorted(ids)))}): give the id"
        )
    return ids.pop()


def edit_speaker(
    session: Session,
    speaker_id: int,
    *,
    name: str | None = None,
    role: str | None = None,
    alias: str | None = None,
    merge_into: int | str | None = None,
) -> SpeakerView:
    """Rename a speaker, set its role, add an alias, or fold it into another speaker (given
    by id, or by a name or alias that names exactly one other speaker).

    Needs the editor role, as `ledger speakers alias` and `merge` do: a rename or a new
    role changes the speaker of every statement attributed to it. Returns the resulting
    speaker (the kept one after a merge). Blank values change nothing.
    """
    roles.require(session, None, "merge_speakers")
    sp = get_by_id(session, Speaker, speaker_id)
    if sp is None:
        raise InputError(f"no speaker with id {speaker_id}")
    if name is not None and name.strip() and name.strip() != sp.name:
        key = name_key(name.strip())
        if not key:
            raise InputError("a speaker name needs at least one letter or digit")
        old = sp.name
        sp.name, sp.name_key = name.strip(), key
        # The old name stays findable as an alias.
        if not any(a.alias_key == name_key(old) for a in sp.aliases) and name_key(old):
            sp.aliases.append(SpeakerAlias(alias=old, alias_key=name_key(old)))
    if role is not None and role.strip():
        sp.role = role.strip()
    if alias is not None and alias.strip():
        add_alias(session, speaker_id, alias)
    session.flush()
    kept = speaker_id
    if isinstance(merge_into, str):
        merge_into = _speaker_named(session, merge_into, speaker_id) if merge_into.strip() else None
    if merge_into is not None:
        merge(session, merge_into, speaker_id)
        kept = merge_into
        session.flush()
    result = speaker_view(session, kept)
    assert result is not None
    return result
