"""Speakers across sources: resolving a source's speaker to one record, merging and aliasing.

Within a source the extractor has already tied "CIA director William Burns", "Burns" and
"he" together; here that speaker is matched to the stored ones by evidence that does not
depend on import order (`match`): a person by a full name, an organisation or group by
its exact name or alias; an unnamed speaker or a bare surname makes a new provisional
speaker. A merged speaker takes the fullest name of a person, the shortest of an
organisation (`better_name`), so its name does not depend on the order either.

A transcript's speakers (`strict` refs) need stronger evidence: a full name the stored
speaker has, or a surname and a role that agree; a bare surname never matches, and a
generic label (`QUESTION`, `AUDIENCE`) is a speaker of its own transcript only.

Merging, splitting and aliasing speakers, and the reviewer UI's `edit_speaker` (rename, set
the role, add an alias, merge), need the editor role (`merge_speakers`), whichever shell asks.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.errors import InputError, is_number
from ledger.extract.names import name_key
from ledger.extract.types import SpeakerRef
from ledger.services import relinking, roles
from ledger.services.speaker_matching import (
    Known,
    SpeakerCache,
    alias_names,
    complete,
    match,
    strict_match,
    without_initials,
)
from ledger.services.views import SpeakerView
from ledger.store import import_queries, journal
from ledger.store.ids import get_by_id, parse_id
from ledger.store.models import Speaker, SpeakerAlias, Statement
from ledger.store.process_cache import DatabaseHolder, ProcessCache
from ledger.store.unit_of_work import UnitOfWork

# Speakers already looked up by this process, per database: an import of many articles
# that quote the same people asks the database once per new name, not once per article.
# Stale once anyone else changes a speaker or alias (the history says so; no table scan).
_SPEAKERS: ProcessCache[SpeakerCache] = ProcessCache("speakers", ("speaker",))


def forget_cache(session_or_db: DatabaseHolder) -> None:
    """Drop this process's speaker snapshots (before a merge, split or new alias)."""
    _SPEAKERS.forget(session_or_db)


def _load(session: Session, cache: SpeakerCache, keys: list[str]) -> None:
    ids = import_queries.speakers_with_keys(session, keys) - set(cache.by_id)
    if ids:
        rows = import_queries.speaker_rows(session, sorted(ids))
        known = {r[0]: Known(*r) for r in rows}
        for sid, alias, akey in import_queries.alias_rows(session, sorted(known)):
            known[sid].aliases.append(alias)
            known[sid].alias_keys.add(akey)
        for k in known.values():
            cache.remember(k)
    for key in keys:
        cache.by_key.setdefault(key, set())


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
        cache = _SPEAKERS.get(session, SpeakerCache)
    wanted = {ref: alias_names(ref) + without_initials(ref) for ref in refs}
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
    created: dict[int, Known] = {}
    completed: dict[int, Known] = {}  # stored speakers that get their role or affiliation
    new_aliases: list[tuple[Known, str, str]] = []
    for ref in refs:
        names = wanted[ref]
        own_key = name_key(ref.name)
        rule = strict_match if ref in strict else match
        best = rule(cache, ref, own_key, names)
        if best is None:
            best = Known(
                -1 - len(created),
                ref.name.strip(),
                own_key,
                ref.kind or "unknown",
                ref.role,
                ref.affiliation,
            )
            created[best.id] = best
        else:
            changed = complete(best, ref, own_key)
            if changed and best.id > 0:
                completed[best.id] = best
        for old in best.pending_aliases:  # the name it had before a better one
            new_aliases.append((best, old, name_key(old)))
        best.pending_aliases.clear()
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


def _complete_speakers(uow: UnitOfWork, speakers: list[Known]) -> None:
    """Store the names, roles and affiliations stored speakers have just been given, with a
    Core update recorded in `uow` (the ORM would load each row first)."""
    import_queries.set_speakers(
        uow.session,
        [
            {
                "sid": k.id,
                "name": k.name,
                "name_key": k.name_key,
                "role": k.role,
                "affiliation": k.affiliation,
            }
            for k in speakers
        ],
    )
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
