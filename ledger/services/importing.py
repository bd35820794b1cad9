"""Importing sources: each source in its own transaction, the same text never twice.

Extraction runs before the transaction opens, so a write lock is held only while rows are
stored. A source that fails leaves nothing behind; the ones before and after it are kept.

A ClaimReview file is many sources, one per review (`services/fact_checks.py`), stored a
batch of reviews to a transaction; a bad review is reported alone and the others stored,
and a batch that fails is stored again review by review, so that only the failing one is
lost.
"""

from __future__ import annotations

import gc
import random
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import DBAPIError, IntegrityError

from ledger.errors import DatabaseError, LedgerError
from ledger.extract.types import ExtractedStatement
from ledger.linking import TextPrep
from ledger.services import checkpoints, claim_book, claims, fact_checks, link_index
from ledger.services import speakers as speaker_service
from ledger.services.pipeline import (
    Overrides,
    content_sha256,
    statement_fields,
    statements_of,
)
from ledger.services.prepare import prepared
from ledger.sources import limits
from ledger.sources.formats import Document, check_url
from ledger.sources.inputs import DEFAULT_MAX_MB, Input, byte_limit
from ledger.store.database import Database
from ledger.store.import_queries import source_with_text
from ledger.store.models import Source, Statement
from ledger.store.paging import chunked
from ledger.store.process_cache import cache_key
from ledger.store.unit_of_work import UnitOfWork


@dataclass
class Outcome:
    """What happened to one source (or to an input that could not be read)."""

    origin: str
    status: str  # imported, updated (a changed fact-check), unchanged, failed
    source_id: int | None = None
    statements: int = 0
    message: str | None = None
    #: one review of a ClaimReview file (many per file: the CLI counts the unchanged ones
    #: rather than naming each)
    review: bool = False
    #: an imported source whose text gave no statement (#14: a transcript the reader did
    #: not recognise used to import silently with none)
    warning: str | None = None


@dataclass
class ImportReport:
    outcomes: list[Outcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def statements(self) -> int:
        return sum(o.statements for o in self.outcomes if o.status == "imported")

    @property
    def empty(self) -> int:
        """Sources imported with text but no statement."""
        return sum(1 for o in self.outcomes if o.status == "imported" and o.warning)

    def summary(self) -> str:
        updated = self.count("updated")
        empty = self.empty
        return (
            f"imported {self.count('imported')}, "
            + (f"updated {updated}, " if updated else "")
            + f"unchanged {self.count('unchanged')}, "
            f"failed {self.count('failed')} ({self.statements} statements)"
            + (f", {empty} with no statements" if empty else "")
        )


#: PostgreSQL errors after which the whole transaction is safely run again
RETRY_SQLSTATES = {"40001", "40P01"}  # serialization failure, deadlock detected
RETRIES = 5


def _retryable(err: BaseException) -> bool:
    cause = err.__cause__ if isinstance(err, DatabaseError) else err
    return getattr(getattr(cause, "orig", None), "sqlstate", None) in RETRY_SQLSTATES


def store_document(
    db: Database,
    doc: Document,
    found: list[ExtractedStatement] | None = None,
    texts: dict[str, TextPrep] | None = None,
    sha: str | None = None,
) -> Outcome:
    """Store one document and its statements in one transaction (retried when PostgreSQL
    reports a serialization failure or deadlock, so neither reaches the user). `texts`:
    the linker's view of the quotes, and `sha`: the text's digest, when an extraction
    worker computed them."""
    sha = sha or content_sha256(doc)
    if found is None:
        # a re-run (say after a crash) skips stored texts without extracting them again
        with db.read() as session:
            existing = source_with_text(session, sha)
        if existing is not None:
            return Outcome(doc.origin, "unchanged", existing, 0, "same text already imported")
        found = statements_of(doc)
    found = _distinct(found)
    _check_source(doc, found)
    return _retried(lambda: _store_once(db, doc, found, sha, texts))


def _retried(store: Callable[[], Any]) -> Any:
    """`store()`, run again when PostgreSQL reports a serialization failure or deadlock,
    or the claim book finds a claim changed behind its back."""
    for attempt in range(RETRIES):
        try:
            return store()
        except BaseException as err:
            # (the rollback has made the process caches forget what this attempt taught them)
            if isinstance(err, claim_book.StaleClaim) and attempt < RETRIES - 1:
                continue  # the next attempt reads the claims afresh
            if not isinstance(err, DatabaseError | DBAPIError):
                raise
            if attempt == RETRIES - 1 or not _retryable(err):
                raise
            time.sleep(0.05 * 2**attempt * (1 + random.random()))
    raise AssertionError("unreachable")


def _store_once(
    db: Database,
    doc: Document,
    found: list[ExtractedStatement],
    sha: str,
    texts: dict[str, TextPrep] | None,
) -> Outcome:
    try:
        with db.write() as session:
            existing = source_with_text(session, sha)
            if existing is not None:
                return Outcome(doc.origin, "unchanged", existing, 0, "same text already imported")
            # Every row is written with Core inserts, recorded by the module that writes it
            # in one unit of work and journaled in one history append: what keeps a large
            # import fast.
            uow = UnitOfWork(session)
            refs_found = [st.speaker for st in found if st.speaker is not None]
            # a transcript's speakers are matched across sources on strong evidence only
            strict = frozenset(
                st.speaker for st in found if st.kind == "transcript" and st.speaker is not None
            )
            speaker_ids = speaker_service.resolve_all(uow, refs_found, strict) if refs_found else {}
            source_vals = {
                "content_sha256": sha,
                "title": doc.title,
                "outlet": doc.outlet,
                "url": doc.url,
                "published_on": doc.published_on,
                "kind": doc.kind,
                "format": doc.format,
                "text": doc.text,
                "body_start": doc.body_start,
                "origin": doc.origin,
                "encoding": doc.encoding,
            }
            uow.insert(Source, [source_vals])
            statement_ids: list[int] = []
            stmt_vals: list[dict] = []
            if found:
                refs = [g.ref for g in doc.given] if doc.given is not None else [None] * len(found)
                stmt_vals = [
                    {
                        "source_id": source_vals["id"],
                        "speaker_id": speaker_ids.get(st.speaker)
                        if st.speaker is not None
                        else None,
                        **statement_fields(st),
                        "time_start": st.time_start,
                        "time_end": st.time_end,
                        "ref": ref,
                        # set once linking has found the statement's claim
                        "claim_id": None,
                    }
                    for st, ref in zip(found, refs, strict=True)
                ]
                # journaled when the unit appends, with the claim linking gives each
                statement_ids = uow.insert(Statement, stmt_vals, pending=True)
                claims.link_fresh(uow, stmt_vals, doc.published_on, texts, doc.origin)
            uow.append()
            return Outcome(
                doc.origin,
                "imported",
                source_vals["id"],
                len(statement_ids),
                warning=_empty_warning(doc) if not statement_ids else None,
            )
    except IntegrityError as err:
        # Another importer stored the same text between our check and our insert.
        if "content_sha256" in str(err.orig):
            with db.read() as session:
                existing = source_with_text(session, sha)
            return Outcome(doc.origin, "unchanged", existing, 0, "same text already imported")
        raise


def _empty_warning(doc: Document) -> str | None:
    """What to tell the user of a source stored with no statements, when its text is not
    empty: how much text gave none, and for plain text, that it may be a transcript."""
    words = len(doc.text.split())
    if not words:
        return None
    hint = ""
    if doc.format in ("text", "seed"):
        hint = " (if it is a transcript: --input-format transcript)"
    return f"{doc.origin}: no statements found in {words:,} words{hint}"


def _check_source(doc: Document, found: list[ExtractedStatement]) -> None:
    """Refuse a source over the statements or speakers bound, or whose URL (say, given
    with --url) is not http(s), before anything is stored."""
    check_url(doc.url, f"{doc.origin}: url")
    origin = doc.origin
    limits.check(origin, "statements", len(found))
    speakers = {st.speaker for st in found if st.speaker is not None}
    limits.check(origin, "speakers", len(speakers))


def _distinct(found: list[ExtractedStatement]) -> list[ExtractedStatement]:
    seen, out = set(), []
    for st in found:
        key = (st.start, st.end, st.kind)
        if key not in seen:
            seen.add(key)
            out.append(st)
    return out


#: CPython's collector thresholds while importing (default 700, 10, 10)
IMPORT_GC_THRESHOLDS = (10_000, 10, 10)


@contextmanager
def _fewer_full_collections() -> Iterator[None]:
    """The importer's caches (the linker's index, the claim book, the speakers) grow by a
    few objects per statement. With the default thresholds the collector walks them all
    again each time they have grown by a quarter: ten full passes in a 5,000-article
    import, 1.35 s of 18.7. Young garbage, such as each transaction's session, is still
    collected, every 10,000 allocations rather than 700."""
    before = gc.get_threshold()
    gc.set_threshold(*IMPORT_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def import_inputs(
    db: Database,
    inputs: Iterable[Input],
    fmt: str = "auto",
    overrides: Overrides | None = None,
    max_mb: float = DEFAULT_MAX_MB,
    on_done: Callable[[Outcome], None] | None = None,
    jobs: int | None = None,
) -> ImportReport:
    """Import each input; one failing input is reported and the rest go on. With many
    inputs, `jobs` worker processes (default: one per core but this one) read and extract
    while this process stores."""
    byte_limit(max_mb)  # a --max-size no file can be measured against: one error, not one a file
    report = ImportReport()

    def done(outcome: Outcome) -> None:
        report.outcomes.append(outcome)
        if on_done:
            on_done(outcome)

    url = cache_key(db)  # the workers' own read-only connection goes here too
    with _fewer_full_collections():
        _import_prepared(db, prepared(inputs, fmt, max_mb, overrides, jobs, url), done, report)
    if report.count("imported"):
        link_index.save_index(db)
    if report.count("imported") or report.count("updated"):
        try:
            path = checkpoints.maybe_checkpoint(db, after="import")
        except LedgerError as err:
            report.notes.append(f"automatic checkpoint failed: {err}")
        else:
            if path is not None:
                report.notes.append(f"checkpoint written to {path}")
    return report


def _import_prepared(
    db: Database, items, done: Callable[[Outcome], None], report: ImportReport
) -> None:
    for item in items:
        if item.error is not None:
            done(Outcome(item.inp.name, "failed", message=item.error))
            continue
        if item.note:
            report.notes.append(item.note)
        for p in item.docs:
            if p.error is not None:
                done(Outcome(p.doc.origin, "failed", message=p.error))
                continue
            if p.doc.reviews is not None:
                _import_reviews(db, p.doc, done, report)
                continue
            try:
                outcome = store_document(db, p.doc, p.found, p.texts, p.sha)
            except LedgerError as err:
                if isinstance(err, DatabaseError):
                    raise  # an unreachable or locked database fails every source alike
                outcome = Outcome(p.doc.origin, "failed", message=str(err))
            done(outcome)


_STATUS = {"added": "imported", "updated": "updated", "unchanged": "unchanged"}


def _import_reviews(
    db: Database, doc: Document, done: Callable[[Outcome], None], report: ImportReport
) -> None:
    """Store the reviews of a ClaimReview file: each bad item one failed outcome naming it,
    the others stored a batch at a time; a batch that fails for a reason of its own (not
    the database) is stored again review by review, so that only the failing one is lost."""
    parsed = doc.reviews
    assert parsed is not None
    for problem in parsed.problems:
        done(Outcome(doc.origin, "failed", message=problem))
    if doc.title or doc.outlet or doc.url or doc.published_on or doc.kind != "fact-check":
        report.notes.append(
            f"{doc.origin}: --title, --outlet, --url, --date and --kind do not apply to "
            "ClaimReview: each review says its own"
        )
    for where, earlier in parsed.repeats:
        report.notes.append(f"{doc.origin}: {where}: the same review as {earlier}, stored once")

    def store(batch: list) -> None:
        for s in _retried(lambda: fact_checks.store_batch(db, batch, doc.origin, doc.encoding)):
            where = f"{doc.origin}: {s.review.where}" if s.review.where else doc.origin
            status = _STATUS[s.status]
            message = {"updated": "fact-check changed", "unchanged": "same review already imported"}
            done(
                Outcome(
                    where,
                    status,
                    s.source_id,
                    1 if status == "imported" else 0,
                    message.get(s.status),
                    review=True,
                )
            )

    def failed(review, err: LedgerError) -> None:
        where = f"{doc.origin}: {review.where}" if review.where else doc.origin
        done(Outcome(where, "failed", message=f"{where}: {err}"))

    for batch in chunked(parsed.reviews, fact_checks.BATCH):
        try:
            store(batch)
        except LedgerError as err:
            if isinstance(err, DatabaseError):
                raise  # an unreachable or locked database fails every review alike
            if len(batch) == 1:
                failed(batch[0], err)
                continue
            for r in batch:
                try:
                    store([r])
                except LedgerError as one:
                    if isinstance(one, DatabaseError):
                        raise
                    failed(r, one)
