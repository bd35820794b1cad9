"""Reading, decoding and extracting inputs ahead of the writer.

A large import spends about as long extracting statements as storing them, and storing is
one writer at a time. So, for many files, worker processes read and extract while this
process writes: results come back in input order (the same ids as a one-process import)
and only a bounded number of batches are in flight, so memory stays flat however many
files there are. Few inputs, standard input, or one core: everything runs here, and a
source already stored is recognised before its text is extracted.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice

from ledger.errors import LedgerError
from ledger.extract.types import ExtractedStatement
from ledger.linking import TextPrep, prepare_text
from ledger.services.pipeline import Overrides, content_sha256, read_documents, statements_of
from ledger.sources.formats import Document
from ledger.sources.inputs import Input
from ledger.store.db import Database, open_database
from ledger.store.import_queries import stored_texts
from ledger.store.paging import chunked

#: fewer inputs than this are not worth starting workers for
PARALLEL_MIN = 64
#: inputs per task sent to a worker
BATCH = 16


@dataclass
class PreparedDoc:
    doc: Document
    #: None: not extracted yet (the writer extracts it if the text is new)
    found: list[ExtractedStatement] | None = None
    error: str | None = None
    #: the linker's view of each quote found, computed beside the extraction
    texts: dict[str, TextPrep] | None = None
    #: the text's digest (`content_sha256`), when a worker computed it
    sha: str | None = None


@dataclass
class Prepared:
    """One input, read and (in workers) extracted; `error` when it could not be read."""

    inp: Input
    docs: list[PreparedDoc] = field(default_factory=list)
    note: str | None = None
    error: str | None = None


def default_jobs() -> int:
    """Worker processes for extraction: every core but the writer's."""
    return max(1, (os.cpu_count() or 1) - 1)


def _watch_parent(parent: int) -> None:
    """In a worker: exit as soon as the importing process is gone (say, killed with -9),
    rather than wait forever for work that will not come."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="ledger-parent-watch").start()


def _read(inp: Input, fmt: str, max_mb: float, overrides: Overrides | None) -> Prepared:
    try:
        docs, note = read_documents(inp, fmt, max_mb, overrides)
    except LedgerError as err:
        return Prepared(inp, error=str(err))
    return Prepared(inp, [PreparedDoc(doc) for doc in docs], note)


_WORKER_DB: dict[str, Database] = {}


def _stored_texts(url: str, shas: list[str]) -> set[str]:
    """Which of these texts the ledger already holds: a worker's own read-only look, so a
    re-run (say after a crash) does not extract what is stored; the writer checks again."""
    db = _WORKER_DB.get(url)
    if db is None:
        db = _WORKER_DB[url] = open_database(url, migrate=False)
    try:
        with db.read() as session:
            return stored_texts(session, shas)
    except LedgerError:
        return set()  # the writer will say what is wrong with the database


def _prepare_batch(
    batch: list[Input], fmt: str, max_mb: float, overrides: Overrides | None, url: str | None
) -> list[Prepared]:
    read = [_read(inp, fmt, max_mb, overrides) for inp in batch]
    docs = [p for item in read for p in item.docs]
    shas = [content_sha256(p.doc) for p in docs]
    stored = _stored_texts(url, shas) if url and docs else set()
    for p, sha in zip(docs, shas, strict=True):
        p.sha = sha
        if sha in stored:
            continue  # left unextracted: the writer reports it unchanged
        try:
            p.found = statements_of(p.doc)
            p.texts = {st.quote: prepare_text(st.quote) for st in p.found}
        except LedgerError as err:
            p.error = str(err)
    return read


def prepared(
    inputs: Iterable[Input],
    fmt: str,
    max_mb: float,
    overrides: Overrides | None,
    jobs: int | None = None,
    url: str | None = None,
) -> Iterator[Prepared]:
    """Each input read (and, with workers, extracted unless the ledger at `url` already
    holds its text), in input order."""
    inputs = list(inputs)
    jobs = default_jobs() if jobs is None else jobs
    if (
        jobs < 1
        or len(inputs) < PARALLEL_MIN
        or (os.cpu_count() or 1) < 2
        or any(i.path is None for i in inputs)
    ):
        for inp in inputs:
            yield _read(inp, fmt, max_mb, overrides)
        return
    batches = iter(list(chunked(inputs, BATCH)))
    # fork: workers start at once, with nothing to import or re-run; they never touch the
    # database connection they inherit and leave with os._exit, so it is not closed twice.
    pool = ProcessPoolExecutor(
        jobs,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_watch_parent,
        initargs=(os.getpid(),),
    )
    try:
        pending: deque[Future] = deque(
            pool.submit(_prepare_batch, b, fmt, max_mb, overrides, url)
            for b in islice(batches, 3 * jobs)
        )
        while pending:
            done = pending.popleft().result()
            more = next(batches, None)
            if more is not None:
                pending.append(pool.submit(_prepare_batch, more, fmt, max_mb, overrides, url))
            yield from done
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
