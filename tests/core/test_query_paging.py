"""`iter_statements` pages through the statements: every one once, in id order, the same
rows as one query for all of them, whatever the page size."""

from __future__ import annotations

from ledger.services.importing import import_inputs
from ledger.services.query import StatementFilter, iter_statements, list_statements
from ledger.sources.inputs import discover


def test_iter_statements_pages_give_the_rows_of_one_query(db, seed_dir):
    inputs, problems = discover([str(seed_dir)], None)
    assert not problems
    import_inputs(db, inputs)
    with db.read() as s:
        whole = list_statements(s, StatementFilter())
        paged = list(iter_statements(s, StatementFilter(), batch=4))
        burns = list(iter_statements(s, StatementFilter(speaker="Burns"), batch=2))
    assert len(whole) > 8
    assert paged == whole
    assert burns and all("Burns" in r["speaker"] for r in burns)
    assert [r["id"] for r in burns] == sorted(r["id"] for r in burns)
