"""Word search over statements: what a reviewer types, as the database's full-text query.

The index (migration 0008) holds, per statement, its quote, who said it (the mention as
written and the speaker's name) and its source's title. SQLite keeps it in the FTS5 table
`statement_fts` (Porter stems, accents folded), PostgreSQL in `statement_search` (an
English `tsvector` with a GIN index); triggers keep both in step with the statements,
speakers and sources, so no code path can forget them.

A search is words in any order (each must occur), "phrases in quotes" (the words in that
order), and `word*` for a prefix. Only the words of what was typed reach the database,
each quoted or sanitised into the query language: no character the user typed is ever
read as query syntax, so a search cannot fail on punctuation or inject an operator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Integer, Subquery, bindparam, func, select, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

from ledger.errors import InputError

#: the tables migration 0008 creates (and their FTS5 shadow tables): derived from the
#: statements, so never journaled, dumped or compared with the models
SEARCH_TABLE_PREFIXES = ("statement_fts", "statement_search")

_TERM = re.compile(r'["“”„]([^"“”„]*)["“”„]?|(\S+)')
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Term:
    """A word, or a phrase of words in order; `prefix`: its last word may continue."""

    words: tuple[str, ...]
    prefix: bool = False


def parse_search(typed: str) -> list[Term]:
    """The terms of what a reviewer typed; InputError when it holds no word at all."""
    terms: list[Term] = []
    for m in _TERM.finditer(typed):
        phrase, bare = m.group(1), m.group(2)
        chunk = phrase if phrase is not None else bare
        words = tuple(w.casefold() for w in _WORD.findall(chunk))
        if not words:
            continue
        # a typed token of several index words ("don't", "co-operate") is a phrase too
        terms.append(Term(words, prefix=chunk.rstrip().endswith("*")))
    if not terms:
        raise InputError(f"search {typed[:60]!r} has no word to look for")
    return terms


def fts5_query(terms: list[Term]) -> str:
    """An FTS5 MATCH expression: each term a quoted string (words hold no quote), `*` for
    a prefix, the terms joined by FTS5's implicit AND."""
    return " ".join('"' + " ".join(t.words) + '"' + ("*" if t.prefix else "") for t in terms)


def tsquery_text(terms: list[Term]) -> str:
    """A PostgreSQL `to_tsquery` text: phrases with `<->`, prefixes with `:*`, terms with
    `&`. Words are `\\w+` runs, which hold none of the tsquery operators."""
    parts = []
    for t in terms:
        words = list(t.words)
        if t.prefix:
            words[-1] += ":*"
        parts.append("(" + " <-> ".join(words) + ")" if len(words) > 1 else words[0])
    return " & ".join(parts)


COMMON = 5_000
"""From this many matches on, a search is `common`: a page of it in the queue's order reads
the order's index and keeps the rows that match (a word in 1 in 5 statements: 50 matches
in ~250 rows) instead of sorting every match (0.2 s for 190,000 matches at 1M statements).
Below it, sorting the matches is the cheaper plan (measured at 1M statements: 1,053
matches sorted 14 ms, read in order 23 ms; the two cross near 5,000)."""


class StatementMatches(ColumnElement[bool]):
    """`statement id IN (the statements the search matches)`, written in the dialect's
    own full-text language when the query is compiled (so one filter serves both).

    `common`: the search matches many statements (`COMMON`), so SQLite is kept from
    starting at the match list (a unary `+` on the id) and reads the ORDER BY's index."""

    type = NullType()  # not Boolean: SQLite would get "IN (...) = 1", which no index serves
    inherit_cache = False  # the query text is part of the SQL: never cache it

    def __init__(self, id_column: ColumnElement, typed: str, common: bool = False) -> None:
        self.id_column = id_column
        self.terms = parse_search(typed)
        self.common = common


@compiles(StatementMatches, "sqlite")
def _sqlite_matches(element: StatementMatches, compiler, **kw) -> str:
    fts = compiler.process(bindparam(None, fts5_query(element.terms), unique=True), **kw)
    column_sql = ("+" if element.common else "") + compiler.process(element.id_column, **kw)
    # both parts are compiled SQL: a column and a bound parameter, never typed text
    return f"{column_sql} IN (SELECT rowid FROM statement_fts WHERE statement_fts MATCH {fts})"  # noqa: S608


@compiles(StatementMatches)
def _postgresql_matches(element: StatementMatches, compiler, **kw) -> str:
    tsq = compiler.process(bindparam(None, tsquery_text(element.terms), unique=True), **kw)
    column_sql = compiler.process(element.id_column, **kw)
    return (
        f"{column_sql} IN (SELECT statement_id FROM statement_search "  # noqa: S608 (as above)
        f"WHERE document @@ to_tsquery('english', {tsq}))"
    )


def matched_ids(session: Session, typed: str) -> Subquery:
    """The ids of the statements a search matches, as a subquery (column `id`) to select
    from: read in the index's own order, so a count that stops at a cap stops reading."""
    terms = parse_search(typed)
    if session.get_bind().dialect.name == "sqlite":
        sql = text("SELECT rowid AS id FROM statement_fts WHERE statement_fts MATCH :q")
        query = fts5_query(terms)
    else:
        sql = text(
            "SELECT statement_id AS id FROM statement_search "
            "WHERE document @@ to_tsquery('english', :q)"
        )
        query = tsquery_text(terms)
    return sql.bindparams(q=query).columns(id=Integer).subquery("matched")


def is_common(session: Session, typed: str) -> bool:
    """Whether a search matches at least `COMMON` statements (reads at most that many)."""
    ids = matched_ids(session, typed)
    probe = select(ids.c.id).limit(COMMON).subquery()
    return (session.scalar(select(func.count()).select_from(probe)) or 0) >= COMMON


def is_search_table(name: str) -> bool:
    return name.startswith(SEARCH_TABLE_PREFIXES)
