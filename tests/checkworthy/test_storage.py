"""Check-worthiness is computed at import, stored, printed by `extract`, filtered, ordered
(the queue and `ledger next`), exported, and given to old statements by `ledger rescore`."""

from __future__ import annotations

import csv
import io
import json

from sqlalchemy import func, select, update

from ledger.services import settings
from ledger.services.leases import next_item
from ledger.services.queue import QueueQuery, default_query, queue_page
from ledger.store.models import Event, Statement
from ledger.store.verify import verify

ARTICLE = """date 2024-03-05

Mayor Jane Holt said unemployment in the city fell by 3 percent since 2019, the lowest rate in
twenty years.

"Thank you all for coming," Holt said.

Councillor Tom Reyes said the new stadium cost $400 million, twice as much as promised.

"I think it's a lovely day," Reyes said.
"""


def _import(cli, db_url, tmp_path, text=ARTICLE, name="a.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    r = cli("import", str(path), db=db_url)
    assert r.code == 0, r.err
    return path


def test_extract_prints_the_score_and_its_cues(cli, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    r = cli("extract", "--format", "jsonl", str(path))
    rows = [json.loads(x) for x in r.out.splitlines()]
    assert len(rows) == 4
    by_quote = {row["quote"]: row for row in rows}
    claim = next(v for k, v in by_quote.items() if "unemployment" in k)
    thanks = next(v for k, v in by_quote.items() if "Thank you" in k)
    assert 0 <= thanks["checkworthiness"] < claim["checkworthiness"] <= 1
    assert "number" in claim["checkworthy_cues"] and thanks["checkworthy_cues"] == []


def test_stored_filtered_and_exported(cli, db_url, tmp_path):
    _import(cli, db_url, tmp_path)
    rows = json.loads(cli("statements", "--format", "json", db=db_url).out)
    assert len(rows) == 4 and all(isinstance(r["checkworthiness"], float) for r in rows)
    high = json.loads(
        cli("statements", "--format", "json", "--min-checkworthy", "0.5", db=db_url).out
    )
    assert high and len(high) < 4 and all(r["checkworthiness"] >= 0.5 for r in high)
    assert {r["id"] for r in high} < {r["id"] for r in rows}
    bad = cli("statements", "--min-checkworthy", "1.5", db=db_url)
    assert bad.code != 0 and "1.5" in bad.err
    out = tmp_path / "out.csv"
    assert cli("export", "--format", "csv", "-o", str(out), db=db_url).code == 0
    table = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert {float(r["checkworthiness"]) for r in table} == {r["checkworthiness"] for r in rows}
    assert any(json.loads(r["checkworthy_cues"]) for r in table)


def test_rescore_fills_old_statements_journaled_without_new_versions(cli, db, db_url, tmp_path):
    _import(cli, db_url, tmp_path)
    with db.read() as s:
        before = {
            st.id: (st.checkworthiness, st.checkworthy_cues, st.version)
            for st in s.scalars(select(Statement))
        }
        events = s.scalar(select(func.count()).select_from(Event))
    # what a database upgraded past 0006 holds for statements imported before it
    with db.engine.begin() as conn:
        conn.execute(update(Statement).values(checkworthiness=None, checkworthy_cues=None))
    r = cli("rescore", "--format", "json", db=db_url)
    assert r.code == 0 and json.loads(r.out) == {"seen": 4, "changed": 4}
    with db.read() as s:
        after = {
            st.id: (st.checkworthiness, st.checkworthy_cues, st.version)
            for st in s.scalars(select(Statement))
        }
        assert s.scalar(select(func.count()).select_from(Event)) == events + 4
        assert verify(s).ok
    assert after == before  # the same score as at import, the same version
    again = cli("rescore", "--all", "--format", "json", db=db_url)
    assert json.loads(again.out) == {"seen": 4, "changed": 0}  # nothing differs: no events
    assert cli("rescore", db=db_url).out.startswith("rescored 0 of 0")


def test_next_and_the_queue_hand_out_the_most_checkworthy_first(cli, db, db_url, tmp_path):
    _import(cli, db_url, tmp_path)
    with db.read() as s:
        scores = dict(s.execute(select(Statement.id, Statement.checkworthiness)).all())
    ranked = sorted(scores, key=lambda i: (-scores[i], i))
    with db.write() as s:
        assert next_item(s, "alice")["id"] == ranked[0]
    with db.write() as s:
        oldest_free = min(set(scores) - {ranked[0]})
        assert next_item(s, "bob", order="oldest")["id"] == oldest_free
    with db.write() as s:
        settings.set_setting(s, "queue_order", "oldest")
    with db.write() as s:
        # alice keeps her lease; carol gets the oldest free one under the new setting
        assert next_item(s, "alice")["id"] == ranked[0]
        free = sorted(set(scores) - {ranked[0], oldest_free})
        assert next_item(s, "carol")["id"] == free[0]
    with db.read() as s:
        assert default_query(s).sort == "id"
    r = cli("settings", "queue_order", "newest", db=db_url)
    assert r.code != 0 and "checkworthy, oldest" in r.err


def test_checkworthy_queue_order_pages_unreviewed_first(cli, db, db_url, tmp_path):
    _import(cli, db_url, tmp_path)
    _import(
        cli, db_url, tmp_path, ARTICLE.replace("Holt", "Marsh").replace("2019", "2017"), "b.txt"
    )
    with db.write() as s:
        ids = sorted(s.scalars(select(Statement.id)))
        # one statement reviewed, one never scored
        s.execute(update(Statement).where(Statement.id == ids[0]).values(status="verified"))
        s.execute(update(Statement).where(Statement.id == ids[1]).values(checkworthiness=None))
    with db.read() as s:
        q = default_query(s)
        assert q.sort == "checkworthy"
        seen, after = [], None
        while True:
            page = queue_page(s, q, after, limit=3)
            seen.extend(page)
            if len(page) < 3:
                break
            after = page[-1]
        full = queue_page(s, QueueQuery(sort="checkworthy"), None, limit=100)
    assert [r["id"] for r in seen] == [r["id"] for r in full] and len(seen) == len(ids)
    assert seen[-1]["id"] == ids[0]  # the reviewed one comes after every unreviewed one
    unreviewed = [r for r in seen if r["status"] == "unreviewed"]
    assert unreviewed[-1]["id"] == ids[1]  # unscored last among the unreviewed
    scored = [r["checkworthiness"] for r in unreviewed[:-1]]
    assert scored == sorted(scored, reverse=True)
