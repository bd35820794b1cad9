"""The importer's repeated look-ups and updates, each a statement built once.

They run for every source imported, so each is built once at import time (SQLAlchemy
memoizes a statement's cache key on the object) and, where it can, run through
`fastpath` (only the store calls it). Writes here are not journaled: the services record
them with their `UnitOfWork`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import Row, bindparam, select, update
from sqlalchemy.orm import Session

from ledger.store import fastpath
from ledger.store.models import Source, Speaker, SpeakerAlias, Statement
from ledger.store.paging import chunked

_SOURCE_BY_SHA = select(Source.id).where(Source.content_sha256 == bindparam("sha"))


def source_with_text(session: Session, sha: str) -> int | None:
    """The id of the source whose text has this `content_sha256`, if stored."""
    row = fastpath.first_row(session.connection(), _SOURCE_BY_SHA, {"sha": sha})
    return None if row is None else row[0]


_STORED_SHAS = select(Source.content_sha256).where(
    Source.content_sha256.in_(bindparam("shas", expanding=True))
)


def stored_texts(session: Session, shas: Sequence[str]) -> set[str]:
    """Which of these text digests the ledger already holds."""
    found: set[str] = set()
    for chunk in chunked(shas):
        found.update(session.connection().execute(_STORED_SHAS, {"shas": list(chunk)}).scalars())
    return found


_SET_CLAIM = (
    update(Statement).where(Statement.id == bindparam("sid")).values(claim_id=bindparam("cid"))
)


def set_claims(session: Session, claim_of: Mapping[int, int]) -> None:
    """Put each statement (`claim_of`: statement id -> claim id) in its claim."""
    fastpath.execute_many(
        session.connection(), _SET_CLAIM, [{"sid": s, "cid": c} for s, c in claim_of.items()]
    )


# With expanding IN lists: a new statement per call would be compiled anew each time.
_SPEAKER_BY_ALIAS_KEY = select(SpeakerAlias.speaker_id).where(
    SpeakerAlias.alias_key.in_(bindparam("keys", expanding=True))
)
_SPEAKER_BY_NAME_KEY = select(Speaker.id).where(
    Speaker.name_key.in_(bindparam("keys", expanding=True))
)
_SPEAKER_ROWS = select(
    Speaker.id,
    Speaker.name,
    Speaker.name_key,
    Speaker.kind,
    Speaker.role,
    Speaker.affiliation,
    Speaker.created_at,
).where(Speaker.id.in_(bindparam("ids", expanding=True)))
_ALIAS_ROWS = (
    select(SpeakerAlias.speaker_id, SpeakerAlias.alias, SpeakerAlias.alias_key)
    .where(SpeakerAlias.speaker_id.in_(bindparam("ids", expanding=True)))
    .order_by(SpeakerAlias.id)
)


def speakers_with_keys(session: Session, keys: list[str]) -> set[int]:
    """The ids of the speakers whose name key or one of whose alias keys is in `keys`."""
    # Two indexed lookups rather than one OR, which SQLite would answer with a table scan.
    conn = session.connection()
    ids = set(conn.execute(_SPEAKER_BY_ALIAS_KEY, {"keys": keys}).scalars())
    ids |= set(conn.execute(_SPEAKER_BY_NAME_KEY, {"keys": keys}).scalars())
    return ids


def speaker_rows(session: Session, ids: list[int]) -> Sequence[Row]:
    """(id, name, name_key, kind, role, affiliation, created_at) of these speakers."""
    return session.connection().execute(_SPEAKER_ROWS, {"ids": ids}).all()


def alias_rows(session: Session, speaker_ids: list[int]) -> Sequence[Row]:
    """(speaker id, alias, alias key) of these speakers' aliases, oldest first."""
    return session.connection().execute(_ALIAS_ROWS, {"ids": speaker_ids}).all()


_SET_SPEAKER = (
    update(Speaker)
    .where(Speaker.id == bindparam("sid"))
    .values(
        name=bindparam("name"),
        name_key=bindparam("name_key"),
        role=bindparam("role"),
        affiliation=bindparam("affiliation"),
    )
)


def set_speakers(session: Session, speakers: Iterable[dict]) -> None:
    """Store the name, name key, role and affiliation of stored speakers (dicts with
    `sid`, `name`, `name_key`, `role`, `affiliation`)."""
    fastpath.execute_many(session.connection(), _SET_SPEAKER, list(speakers))
