"""Untrusted text is shown as written; Textual stays out of `ledger`; key remapping."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from screen_text import screen_lines
from tui_helpers import MARKUP_QUOTE, drive, log_of, make_app, settle

from ledger.errors import InputError

SHOWN = MARKUP_QUOTE.replace("\x1b", "\\x1b")


def test_markup_and_escapes_in_a_quote_show_exactly_as_written(ledger_db):
    from ledger.tui.widgets import DetailPane

    app = make_app(ledger_db)

    async def scenario(pilot):
        await pilot.press("j", "j")
        await settle(pilot)
        detail = pilot.app.screen.query_one(DetailPane).text
        return detail, pilot.app.export_screenshot()

    detail, svg = drive(app, scenario, size=(200, 40))
    assert SHOWN in detail.plain
    assert "\x1b" not in detail.plain
    # no span of the detail carries a link or came from the quote's "[bold]"
    assert not any("link" in str(span.style) for span in detail.spans)
    screen = "\n".join(screen_lines(svg))
    assert SHOWN in screen  # the detail pane, on one line at this width
    assert "[bold]not bold[/x] [link=https://evil.example]click[/link]" in screen  # queue row
    assert "\x1b" not in screen


def test_markup_in_notes_and_names_is_plain_in_history_and_dialogs(ledger_db):

    from ledger.tui.dialogs import HistoryScreen

    app = make_app(ledger_db, reviewer="[red]mallory[/")

    async def scenario(pilot):
        await pilot.press("n")
        pilot.app.focused.value = "[link=x]y[/link] [/"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HistoryScreen)
        return "\n".join(screen_lines(pilot.app.export_screenshot()))

    screen = drive(app, scenario)
    assert "[red]mallory[/" in screen
    assert "[link=x]y[/link] [/" in screen
    assert log_of(ledger_db, statement_id=1)[0]["reviewer"] == "[red]mallory[/"


def test_importing_the_ledger_cli_does_not_import_textual():
    code = textwrap.dedent(
        """
        import sys
        import ledger.cli, ledger.services.queue, ledger.cli.tui_commands
        assert "ledger.tui" not in sys.modules
        print("textual" in sys.modules)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"


def test_remapped_keys_work_and_old_ones_do_not(ledger_db, tmp_path, monkeypatch):
    from ledger.tui.keys import load_keymap

    keys = tmp_path / "keys.toml"
    keys.write_text('[keys]\nverify = "V"\ndispute = ["ctrl+d", "D"]\n', encoding="utf-8")
    monkeypatch.setenv("LEDGER_KEYS", str(keys))
    keymap = load_keymap()
    assert keymap == {"verify": "V", "dispute": "ctrl+d,D"}
    app = make_app(ledger_db, keymap=keymap)

    async def scenario(pilot):
        await pilot.press("v")  # no longer bound
        await settle(pilot)
        before = log_of(ledger_db, statement_id=1)
        await pilot.press("V")
        await settle(pilot)
        titles = [c.title for c in pilot.app.get_system_commands(pilot.app.screen)]
        return before, titles

    before, titles = drive(app, scenario)
    assert before == []
    assert [e["verdict"] for e in log_of(ledger_db, statement_id=1)] == ["verified"]
    assert "Verify (V)" in titles and "Dispute (^d, D)" in titles


@pytest.mark.parametrize(
    "text, message",
    [
        ("[keys\nverify = 'V'", "not valid TOML"),
        ("[keys]\nvanish = 'z'", "unknown action 'vanish'"),
        ("[keys]\nverify = 3", "verify must be a key or a list of keys"),
        ("[keys]\nverify = 'not a key'", "'not a key' is not a key name"),
        ("[keys]\nverify = 'z'\ndispute = 'z'", "key 'z' is given to both verify and dispute"),
        ("[keys]\nverify = 'd'", "key 'd' of verify is still the default key of dispute"),
        # a character and its key name are one key
        ("[keys]\nverify = '?'", "key 'question_mark' of verify is still the default key of help"),
        ("[keys]\nverify = '/'", "key 'slash' of verify is still the default key of search"),
        ("[keys]\nverify = 'full_stop'\nnote = '.'", "key '.' is given to both verify and note"),
        ("[colours]\nx = 1", "unknown section or key 'colours'"),
    ],
)
def test_bad_keys_file_gives_a_clear_message(tmp_path, text, message):
    from ledger.tui.keys import load_keymap

    path = tmp_path / "keys.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_keymap(path)
    assert message in str(err.value)
    assert str(path) in str(err.value)


def test_ledger_review_reports_a_bad_keys_file_in_one_line(cli, sqlite_url, tmp_path):
    bad = tmp_path / "keys.toml"
    bad.write_text("[keys]\nverify = 3\n", encoding="utf-8")
    r = cli("review", db=sqlite_url, env={"LEDGER_KEYS": str(bad)})
    assert r.code == 1
    assert r.err.strip().splitlines() == [
        f"ledger: error: keys file {bad}: verify must be a key or a list of keys, not 3"
    ]
    missing = cli("review", "--keys", str(tmp_path / "none.toml"), db=sqlite_url)
    assert missing.code == 1 and "does not exist" in missing.err


def test_ledger_review_needs_a_terminal(cli, sqlite_url, monkeypatch, tmp_path):
    monkeypatch.setenv("LEDGER_KEYS", str(tmp_path / "absent-is-an-error.toml"))
    monkeypatch.delenv("LEDGER_KEYS")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    r = cli("review", db=sqlite_url)
    assert r.code == 1
    assert "needs a terminal" in r.err
