"""Editing a speaker from the reviewer UI needs the editor role, as `ledger speakers alias`
and `merge` do: a reviewer is refused through the backend and at the keyboard, and nothing
changes; an editor's edit is stored."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from ledger.tui import backend
from tui_helpers import drive, make_app, notices, settle, type_text

from ledger.errors import PermissionDenied
from ledger.services import roles
from ledger.store.models import Speaker, Statement

REFUSED = "rex is a reviewer: merging speakers needs the editor role"


@pytest.fixture
def team_db(ledger_db):
    """The test ledger with roles: ada is admin, eve editor, anyone else a reviewer."""
    from ledger.services.settings import set_setting

    with ledger_db.write() as s:
        set_setting(s, "shared_by_team", True)  # roles by the reviewer name, not OS user
        roles.set_role(s, "ada", "admin", by="ada")
        roles.set_role(s, "eve", "editor", by="ada")
    return ledger_db


def _in_worker(fn, *args, **kwargs):
    """Call `fn` in a thread of its own, as the UI does (the acting user is per thread)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(fn, *args, **kwargs).result()


def _speakers(db) -> list[tuple]:
    with db.read() as s:
        return [
            (sp.id, sp.name, sp.role, sorted(a.alias for a in sp.aliases))
            for sp in s.query(Speaker).order_by(Speaker.id)
        ] + [tuple(s.query(Statement.speaker_id).order_by(Statement.id).all())]


@pytest.mark.parametrize(
    "changes",
    [{"name": "Jane A. Roe"}, {"role": "Mayor"}, {"alias": "the minister"}, {"merge_into": "2"}],
)
def test_the_backend_refuses_a_reviewer(team_db, changes):
    before = _speakers(team_db)
    with pytest.raises(PermissionDenied, match=REFUSED):
        _in_worker(backend.edit_speaker, team_db, 1, "rex", **changes)
    assert _speakers(team_db) == before


def test_the_backend_lets_an_editor_edit(team_db):
    renamed = _in_worker(backend.edit_speaker, team_db, 1, "eve", name="Jane A. Roe", role="Mayor")
    assert (renamed["id"], renamed["name"], renamed["role"]) == (1, "Jane A. Roe", "Mayor")
    kept = _in_worker(backend.edit_speaker, team_db, 2, "eve", merge_into="jane a. roe")
    assert kept["id"] == 1 and {"Jane Roe", "John Doe"} <= set(kept["aliases"])
    with team_db.read() as s:
        assert s.get(Speaker, 2) is None
        assert s.get(Statement, 3).speaker_id == 1


async def _rename(pilot, name: str) -> list[str]:
    await pilot.press("s")
    await type_text(pilot, name)
    await pilot.press("tab")
    await type_text(pilot, "Mayor")
    await pilot.press("enter")
    await settle(pilot)
    return notices(pilot.app)


def test_a_reviewer_is_refused_at_the_keyboard(team_db):
    before = _speakers(team_db)
    shown = drive(make_app(team_db, reviewer="rex"), lambda pilot: _rename(pilot, "Jane A. Roe"))
    assert any(REFUSED in n for n in shown), shown
    assert not any("saved" in n for n in shown), shown
    assert _speakers(team_db) == before


def test_an_editor_edits_at_the_keyboard(team_db):
    shown = drive(make_app(team_db, reviewer="eve"), lambda pilot: _rename(pilot, "Jane A. Roe"))
    assert "speaker 1 saved" in shown, shown
    with team_db.read() as s:
        roe = s.get(Speaker, 1)
        assert (roe.name, roe.role) == ("Jane A. Roe", "Mayor")
