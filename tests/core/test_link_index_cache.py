"""The saved link index is used by the next process only if it links by today's rules:
one saved with other thresholds or bounds is rebuilt from the database."""

from __future__ import annotations

import dataclasses

from ledger.linking import THRESHOLDS, Linker
from ledger.services import link_index
from ledger.store.db import open_database


def test_a_saved_index_with_other_rules_is_not_trusted(cli, sqlite_url, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text('The mayor said: "The lake will stay open for swimmers all summer."\n')
    assert cli("import", article, db=sqlite_url).code == 0
    db = open_database(sqlite_url)
    try:
        with db.read() as s:
            path = link_index.index_path(s.get_bind().engine.url)
            assert path is not None and path.is_file()
            assert link_index._load_saved(s) is not None  # today's rules: used
            saved = Linker.load(path)
            saved.thresholds = dataclasses.replace(
                THRESHOLDS, same_claim_high=THRESHOLDS.same_claim_high - 30
            )
            saved.save(path)
            assert link_index._load_saved(s) is None  # other thresholds: rebuilt
    finally:
        db.dispose()
