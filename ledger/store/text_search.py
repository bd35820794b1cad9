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
"""From this many matches on, a search is read in the queue's order (plan "scan"): a page
reads the order's index and keeps the rows that match (a word in 1 in 5 statements: 50
matches in ~250 rows) instead of sorting every match (0.2 s for 190,000 matches at 1M
statements). Below it, sorting the matches is the cheaper plan (measured at 1M statements:
1,053 matches sorted 14 ms, read in order 23 ms; the two cross near 5,000)."""

VERY_COMMON = 50_000
"""From this many matches on, a search of one plain word (no phrase, no prefix) asks the
index about each row it reads (plan "probe", ~35 us a row) rather than collecting every
match first ("scan" spends ~45 ms collecting 190,000): at 50,000 matches a page reads
~1,000 rows. A phrase, several words or a prefix cost far more per row (a prefix 5 ms), so
they never probe."""

PLANS = ("list", "scan", "probe")

#: the ids of the statements a search matches, per dialect (`{q}`: the bound query text)
_SQLITE_IDS = "SELECT rowid AS id FROM statement_fts WHERE statement_fts MATCH {q}"
_POSTGRESQL_IDS = (
    "SELECT statement_id AS id FROM statement_search WHERE document @@ to_tsquery('english', {q})"
)


class StatementMatches(ColumnElement[bool]):
    """`statement id IN (the statements the search matches)`, written in the dialect's
    own full-text language when the query is compiled (so one filter serves both).

    `plan` (SQLite; PostgreSQL's planner has statistics to choose by itself): "list" starts
    from the matches; "scan" keeps SQLite from starting there (a unary `+` on the id), so
    it reads the ORDER BY's index; "probe" does that and asks the index row by row."""

    type = NullType()  # not Boolean: SQLite would get "IN (...) = 1", which no index serves
    inherit_cache = False  # the query text is part of the SQL: never cache it

    def __init__(self, id_column: ColumnElement, typed: str, plan: str = "list") -> None:
        if plan not in PLANS:
            raise ValueError(f"search plan {plan!r} is not one of {PLANS}")
        self.id_column = id_column
        self.terms = parse_search(typed)
        self.plan = plan


@compiles(StatementMatches, "sqlite")
def _sqlite_matches(element: StatementMatches, compiler, **kw) -> str:
    fts = compiler.process(bindparam(None, fts5_query(element.terms), unique=True), **kw)
    column_sql = compiler.process(element.id_column, **kw)
    # both parts are compiled SQL: a column and a bound parameter, never typed text
    if element.plan == "probe":
        return (
            "EXISTS (SELECT 1 FROM statement_fts WHERE statement_fts MATCH "  # noqa: S608
            f"{fts} AND statement_fts.rowid = {column_sql})"
        )
    if element.plan == "scan":
        column_sql = "+" + column_sql
    return f"{column_sql} IN ({_SQLITE_IDS.format(q=fts)})"


@compiles(StatementMatches)
def _postgresql_matches(element: StatementMatches, compiler, **kw) -> str:
    tsq = compiler.process(bindparam(None, tsquery_text(element.terms), unique=True), **kw)
    column_sql = compiler.process(element.id_column, **kw)
    return f"{column_sql} IN ({_POSTGRESQL_IDS.format(q=tsq)})"


def matched_ids(session: Session, typed: str) -> Subquery:
    """The ids of the statements a search matches, as a subquery (column `id`) to select
    from: read in the index's own order, so a count that stops at a cap stops reading."""
    terms = parse_search(typed)
    if session.get_bind().dialect.name == "sqlite":
        sql, query = _SQLITE_IDS, fts5_query(terms)
    else:
        sql, query = _POSTGRESQL_IDS, tsquery_text(terms)
    # a fixed SQL text with one bound parameter: nothing typed reaches the SQL itself
    return text(sql.format(q=":q")).bindparams(q=query).columns(id=Integer).subquery("matched")


def search_plan(session: Session, typed: str) -> str:
    """How a page of this search is best read (`StatementMatches.plan`), from how many
    statements it matches (counting stops at `VERY_COMMON`, ~5 ms). PostgreSQL chooses
    its plan from its own statistics, so nothing is counted there."""
    if session.get_bind().dialect.name != "sqlite":
        return "list"
    terms = parse_search(typed)
    one_word = len(terms) == 1 and len(terms[0].words) == 1 and not terms[0].prefix
    cap = VERY_COMMON if one_word else COMMON
    probe = select(matched_ids(session, typed).c.id).limit(cap).subquery()
    n = session.scalar(select(func.count()).select_from(probe)) or 0
    return "probe" if one_word and n >= VERY_COMMON else "scan" if n >= COMMON else "list"


def is_search_table(name: str) -> bool:
    return name.startswith(SEARCH_TABLE_PREFIXES)
