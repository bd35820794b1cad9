"""Reading the ledger: statements with filters and keyset paging, sources, speakers, stats.

Everything returned is plain data (dicts), never ORM objects, so callers in other threads
(the reviewer UI) never trigger lazy loads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from ledger.errors import InputError, is_number
from ledger.services.pipeline import statement_fields
from ledger.services.views import SourceView
from ledger.store.ids import get_by_id, id_equals, parse_id
from ledger.store.models import (
    STATEMENT_STATUSES,
    Claim,
    Event,
    Link,
    Review,
    Source,
    Speaker,
    SpeakerAlias,
    Statement,
)
from ledger.store.paging import iso, keyset_rows
from ledger.store.text_search import StatementMatches, parse_search


def like_pattern(text: str) -> str:
    """A LIKE pattern matching `text` literally (its % and _ escaped with backslash)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass(frozen=True)
class StatementFilter:
    speaker: str | None = None  # id or part of a name or alias
    source: str | None = None  # id or part of the title, outlet, origin or URL
    status: str | None = None
    since: date | None = None
    until: date | None = None
    search: str | None = None
    hedging: str | None = None
    assigned_to: str | None = None
    claim_id: int | None = None
    # at least this check-worthy (0-1); statements not scored yet (NULL) are left out
    min_checkworthy: float | None = None

    def __post_init__(self) -> None:
        if self.search and self.search.strip():
            parse_search(self.search)  # a search of no word is refused before any output

    def validate(self) -> None:
        if self.min_checkworthy is not None and not 0.0 <= self.min_checkworthy <= 1.0:
            raise InputError(
                f"--min-checkworthy must be between 0 and 1, not {self.min_checkworthy}"
            )
        if self.status is not None and self.status not in STATEMENT_STATUSES:
            raise InputError(
                f"status {self.status!r} is not one of {', '.join(STATEMENT_STATUSES)}"
            )
        if self.since and self.until and self.since > self.until:
            raise InputError(f"--since {self.since} is after --until {self.until}")


def _speaker_clause(value: str):
    value = value.strip()
    if is_number(value):
        return id_equals(Statement.speaker_id, parse_id(value))
    pat = like_pattern(value.casefold())
    alias_ids = select(SpeakerAlias.speaker_id).where(
        func.lower(SpeakerAlias.alias).like(pat, escape="\\")
    )
    name_ids = select(Speaker.id).where(func.lower(Speaker.name).like(pat, escape="\\"))
    return or_(Statement.speaker_id.in_(name_ids), Statement.speaker_id.in_(alias_ids))


def _source_clause(value: str):
    value = value.strip()
    if is_number(value):
        return id_equals(Statement.source_id, parse_id(value))
    pat = like_pattern(value.casefold())
    ids = select(Source.id).where(
        or_(
            *(
                func.lower(c).like(pat, escape="\\")
                for c in (Source.title, Source.outlet, Source.origin, Source.url)
            )
        )
    )
    return Statement.source_id.in_(ids)


def filter_statements(q: Select, f: StatementFilter, search_plan: str = "list") -> Select:
    """`q` (statements joined with their sources) narrowed to what `f` asks for.

    `search_plan`: how the query reads `f.search`'s matches (`text_search.search_plan`:
    a search matching many statements is read in the ORDER BY's index, not sorted)."""
    if f.speaker:
        q = q.where(_speaker_clause(f.speaker))
    if f.source:
        q = q.where(_source_clause(f.source))
    if f.status:
        q = q.where(Statement.status == f.status)
    else:  # a retracted statement (`ledger correct retract`) left the queue and the exports
        q = q.where(Statement.status != "retracted")
    if f.since or f.until:
        when = func.coalesce(Statement.stated_on, Source.published_on)
        if f.since:
            q = q.where(when >= f.since)
        if f.until:
            q = q.where(when <= f.until)
    if f.search and f.search.strip():
        q = q.where(StatementMatches(Statement.id, f.search, plan=search_plan))
    if f.hedging:
        q = q.where(Statement.hedging == f.hedging)
    if f.assigned_to:
        q = q.where(Statement.assigned_to == f.assigned_to)
    if f.claim_id is not None:
        q = q.where(Statement.claim_id == f.claim_id)
    if f.min_checkworthy is not None:
        q = q.where(Statement.checkworthiness >= f.min_checkworthy)
    return q


def statement_query(f: StatementFilter) -> Select:
    f.validate()
    q = (
        select(Statement, Source, Speaker)
        .join(Source, Statement.source_id == Source.id)
        .outerjoin(Speaker, Statement.speaker_id == Speaker.id)
    )
    return filter_statements(q, f)


def statement_row(st: Statement, src: Source, sp: Speaker | None) -> dict[str, Any]:
    return {
        "id": st.id,
        "source_id": src.id,
        "source": src.origin,
        "title": src.title,
        "outlet": src.outlet,
        "url": src.url,
        "published_on": iso(src.published_on),
        "speaker_id": sp.id if sp else None,
        "speaker": sp.name if sp else None,
        "role": sp.role if sp else None,
        **statement_fields(st, text_dates=True),
        # seconds into the recording, for a statement of a timed transcript (else None)
        "time_start": st.time_start,
        "time_end": st.time_end,
        "ref": st.ref,
        "claim_id": st.claim_id,
        "status": st.status,
        "assigned_to": st.assigned_to,
        "version": st.version,
    }


def list_statements(
    session: Session,
    f: StatementFilter = StatementFilter(),
    after_id: int | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Statements matching `f` in id order, starting after `after_id` (keyset paging)."""
    q = statement_query(f).order_by(Statement.id)
    if after_id is not None:
        q = q.where(Statement.id > after_id)
    if limit is not None:
        q = q.limit(limit)
    return [statement_row(st, src, sp) for st, src, sp in session.execute(q)]


def iter_statements(session: Session, f: StatementFilter = StatementFilter(), batch: int = 2000):
    """All matching statements, fetched a page at a time (the identity map emptied after
    each page, so memory stays flat however many there are)."""
    rows = keyset_rows(
        session,
        statement_query(f),
        Statement.id,
        batch=batch,
        scalars=False,
        key_of=lambda row: row[0].id,
        after=session.expunge_all,
    )
    for st, src, sp in rows:
        yield statement_row(st, src, sp)


def get_statement(session: Session, statement_id: int) -> dict[str, Any]:
    row = session.execute(
        statement_query(StatementFilter()).where(id_equals(Statement.id, statement_id))
    ).first()
    if row is None:
        raise InputError(f"no statement with id {statement_id}")
    return statement_row(*row)


def source_encoding(session: Session, statement_id: int) -> str | None:
    """How the statement's source was decoded, as stored (`utf-8 (2 bytes replaced)`)."""
    return session.scalar(
        select(Source.encoding)
        .join(Statement, Statement.source_id == Source.id)
        .where(Statement.id == statement_id)
    )


def source_context(session: Session, statement_id: int, around: int = 1) -> dict[str, Any]:
    """The statement's paragraph(s) in its source, with the quote's offsets inside them."""
    st = get_by_id(session, Statement, statement_id)
    if st is None:
        raise InputError(f"no statement with id {statement_id}")
    src = st.source
    text = src.text
    # trafilatura gives an HTML page's paragraphs one line each; other texts a blank line
    sep = "\n" if src.format == "html" else "\n\n"
    # never the front matter or the `date …` header: the body starts at body_start
    floor = min(src.body_start or 0, st.start)
    start = st.start
    for _ in range(around):
        p = text.rfind(sep, floor, start)
        start = floor if p < 0 else p + len(sep)
        if start == floor:
            break
    while start < st.start and text[start] in "\n ":
        start += 1
    end = st.end
    for _ in range(around):
        p = text.find(sep, end)
        end = len(text) if p < 0 else p
        if end == len(text):
            break
    while end > st.end and text[end - 1] in "\n ":
        end -= 1
    return {
        "text": text[start:end],
        "offset": start,
        "quote_start": st.start - start,
        "quote_end": st.end - start,
    }


def source_summary(src: Source) -> SourceView:
    """What names a source where a statement is shown: id, title, outlet, url, date, kind."""
    return {
        "id": src.id,
        "title": src.title,
        "outlet": src.outlet,
        "url": src.url,
        "published_on": iso(src.published_on),
        "kind": src.kind,
    }


def source_row(src: Source, statements: int) -> dict[str, Any]:
    return {
        **source_summary(src),
        "format": src.format,
        "origin": src.origin,
        "encoding": src.encoding,
        "content_sha256": src.content_sha256,
        "imported_at": iso(src.imported_at),
        "statements": statements,
        "characters": len(src.text),
    }


def list_sources(session: Session) -> list[dict[str, Any]]:
    counts = dict(
        session.execute(
            select(Statement.source_id, func.count()).group_by(Statement.source_id)
        ).all()
    )
    return [
        source_row(s, counts.get(s.id, 0))
        for s in session.scalars(select(Source).order_by(Source.id))
    ]


def list_speakers(session: Session) -> list[dict[str, Any]]:
    counts = dict(
        session.execute(
            select(Statement.speaker_id, func.count())
            .where(Statement.speaker_id.is_not(None))
            .group_by(Statement.speaker_id)
        ).all()
    )
    aliases: dict[int, list[str]] = {}
    for sid, alias in session.execute(
        select(SpeakerAlias.speaker_id, SpeakerAlias.alias).order_by(SpeakerAlias.id)
    ):
        aliases.setdefault(sid, []).append(alias)
    return [
        {
            "id": sp.id,
            "name": sp.name,
            "kind": sp.kind,
            "role": sp.role,
            "affiliation": sp.affiliation,
            "aliases": aliases.get(sp.id, []),
            "statements": counts.get(sp.id, 0),
        }
        for sp in session.scalars(select(Speaker).order_by(Speaker.id))
    ]


def stats(session: Session) -> dict[str, Any]:
    def n(model) -> int:
        return session.scalar(select(func.count()).select_from(model)) or 0

    by_status = dict(
        session.execute(select(Statement.status, func.count()).group_by(Statement.status)).all()
    )
    by_kind = dict(
        session.execute(select(Statement.kind, func.count()).group_by(Statement.kind)).all()
    )
    by_hedging = dict(
        session.execute(select(Statement.hedging, func.count()).group_by(Statement.hedging)).all()
    )
    return {
        "sources": n(Source),
        "statements": n(Statement),
        "speakers": n(Speaker),
        "claims": n(Claim),
        "links": n(Link),
        "reviews": n(Review),
        "events": n(Event),
        "statements_by_status": {s: by_status.get(s, 0) for s in STATEMENT_STATUSES},
        "statements_by_kind": by_kind,
        "statements_by_hedging": by_hedging,
    }
