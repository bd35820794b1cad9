"""The queue loads pages from the database as rows come into view, never the whole table."""

from __future__ import annotations

from tui_helpers import T0, drive, make_app, settle

from ledger.store.models import Source, Statement


def _statements(db, n):
    with db.write() as s:
        text = " ".join(f"q{i}" for i in range(n))
        s.add(Source(id=1, content_sha256="a" * 64, title="Many", text=text, imported_at=T0))
        s.flush()
        pos = 0
        for i in range(n):
            quote = f"q{i}"
            s.add(
                Statement(
                    source_id=1,
                    kind="direct",
                    quote=quote,
                    start=pos,
                    end=pos + len(quote),
                    created_at=T0,
                )
            )
            pos += len(quote) + 1


def test_rows_load_as_they_scroll_into_view(db):
    _statements(db, 120)
    app = make_app(db, page_size=10)

    async def scenario(pilot):
        screen = pilot.app.screen
        first = len(screen.rows)
        await pilot.press(*["j"] * 30)  # the cursor comes within 15 rows of row 40
        await settle(pilot)
        middle = len(screen.rows)
        await pilot.press("ctrl+end")
        for _ in range(12):  # each Ctrl+End reaches the last loaded row and asks for the next page
            await settle(pilot)
            await pilot.press("ctrl+end")
        await settle(pilot)
        return first, middle, [r["id"] for r in screen.rows], screen.current["id"], screen.total

    first, middle, ids, current, total = drive(app, scenario)
    assert first < 120 and first % 10 == 0
    assert first < middle < 120
    assert ids == sorted(set(ids)) and len(ids) == 120 == total
    assert current == ids[-1]
