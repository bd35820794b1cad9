"""The main job from the command line: import, list, show, export, verify, history."""

from __future__ import annotations

import csv
import io
import json

from sqlalchemy import select

ROWS = [
    {
        "quote": '=HYPERLINK("http://evil.example","click")',
        "speaker": "Mallory Mark",
        "kind": "direct",
        "ref": "x1",
        "source": {"title": "Formula test", "outlet": "@outlet", "published_on": "2024-02-01"},
    },
    {
        "quote": "We will reopen the steel plant in May, whatever it costs.",
        "speaker": "Ana Silva",
        "role": "Minister",
        "cue": "said",
        "stated_on": "2024-01-30",
        "venue": "at a press conference",
        "hedging": "none",
        "ref": "x2",
        "source": {
            "title": "Plant",
            "outlet": "Daily",
            "url": "https://daily.example/plant",
            "published_on": "2024-02-01",
        },
    },
    {
        "quote": "The plant may never reopen [bold]at all[/bold].",
        "speaker": "Bo Lund",
        "kind": "indirect",
        "ref": "x3",
        "source": {
            "title": "Plant",
            "outlet": "Daily",
            "url": "https://daily.example/plant",
            "published_on": "2024-02-01",
        },
    },
]


def _jsonl(tmp_path, rows=ROWS):
    f = tmp_path / "in.jsonl"
    f.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return f


def test_jsonl_import_groups_sources_and_keeps_refs(cli, db_url, tmp_path):
    r = cli("import", _jsonl(tmp_path), db=db_url)
    assert r.code == 0, r.err
    assert "imported 2, unchanged 0, failed 0 (3 statements)" in r.out
    rows = [
        json.loads(line)
        for line in cli("statements", "--format", "jsonl", db=db_url).out.splitlines()
    ]
    assert [r["ref"] for r in rows] == ["x1", "x2", "x3"]
    assert rows[1]["source_id"] == rows[2]["source_id"] != rows[0]["source_id"]
    assert rows[1]["speaker"] == "Ana Silva" and rows[1]["role"] == "Minister"
    assert rows[1]["stated_on"] == "2024-01-30" and rows[1]["venue"] == "at a press conference"
    assert rows[2]["hedging"] != "none"  # classified when not given
    for row in rows:
        assert isinstance(row["id"], int)


def test_reimport_adds_nothing_and_says_so(cli, db_url, tmp_path):
    f = _jsonl(tmp_path)
    assert cli("import", f, db=db_url).code == 0
    events = json.loads(cli("stats", "--format", "json", db=db_url).out)["events"]
    r = cli("import", f, db=db_url)
    assert r.code == 0
    assert "imported 0, unchanged 2, failed 0" in r.out
    assert "unchanged (same text already imported" in r.err
    assert json.loads(cli("stats", "--format", "json", db=db_url).out)["events"] == events


def test_filters(cli, db_url, tmp_path):
    cli("import", _jsonl(tmp_path), db=db_url)

    def quotes(*args):
        out = cli("statements", "--format", "jsonl", *args, db=db_url).out
        return [json.loads(x)["ref"] for x in out.splitlines()]

    assert quotes("--speaker", "silva") == ["x2"]
    assert quotes("--source", "formula") == ["x1"]
    assert quotes("--search", "PLANT") == ["x2", "x3"]
    assert quotes("--search", "%") == []  # LIKE metacharacters are literal
    assert quotes("--search", "' OR 1=1 --") == []
    assert quotes("--since", "2024-01-31") == ["x1", "x3"]
    assert quotes("--until", "2024-01-30") == ["x2"]
    assert quotes("--status", "unreviewed") == ["x1", "x2", "x3"]
    r = cli("statements", "--status", "great", db=db_url)
    assert r.code == 1 and "status 'great' is not one of" in r.err


def test_table_output_shows_markup_as_written(cli, db_url, tmp_path):
    cli("import", _jsonl(tmp_path), db=db_url)
    r = cli("statements", db=db_url, env={"COLUMNS": "400"})
    assert r.code == 0
    assert "The plant may never reopen [bold]at all[/bold]." in r.out
    shown = cli("show", "3", db=db_url, env={"COLUMNS": "400"})
    assert "[bold]at all[/bold]" in shown.out
    assert "3 statements" in r.out


def test_csv_export_neutralises_formulas(cli, db_url, tmp_path):
    cli("import", _jsonl(tmp_path), db=db_url)
    out = tmp_path / "out.csv"
    r = cli("export", "--format", "csv", "-o", out, db=db_url)
    assert r.code == 0, r.err
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0]["quote"].startswith("'=HYPERLINK")
    assert rows[0]["outlet"] == "'@outlet"
    assert rows[1]["quote"] == ROWS[1]["quote"]
    assert {"id", "start", "end", "hedge_cues"} <= set(rows[0])
    again = cli("export", "--format", "csv", "-o", out, db=db_url)
    assert again.code == 1 and "already exists" in again.err


def test_export_output_refuses_bad_targets(cli, db_url, tmp_path):
    cli("import", _jsonl(tmp_path), db=db_url)
    r = cli("export", "-o", tmp_path / "missing" / "x.jsonl", db=db_url)
    assert r.code == 1 and "does not exist" in r.err
    r = cli("export", "-o", tmp_path, db=db_url)
    assert r.code == 1 and "not a regular file" in r.err


def test_export_and_backup_refuse_the_same_bad_targets(cli, sqlite_url, tmp_path):
    """One set of output-path rules: the same refusal, word for word, and nothing left behind."""
    cli("import", _jsonl(tmp_path), db=sqlite_url)
    taken = tmp_path / "taken"
    taken.write_text("keep", encoding="utf-8")
    for bad, why in (
        (tmp_path / "missing" / "x", "does not exist"),
        (tmp_path, "not a regular file"),
        (taken, "already exists"),
    ):
        export = cli("export", "-o", bad, db=sqlite_url)
        backup = cli("backup", bad, db=sqlite_url)
        assert export.code == backup.code == 1
        assert why in export.err and export.err == backup.err
    assert taken.read_text(encoding="utf-8") == "keep"
    assert not list(tmp_path.glob(".ledger-*"))


def test_jsonl_export_round_trip_reproduces_statements(cli, db_url, tmp_path, sqlite_url):
    cli("import", _jsonl(tmp_path), db=db_url)
    dump = tmp_path / "dump.jsonl"
    assert cli("export", "--format", "jsonl", "-o", dump, db=db_url).code == 0
    target = f"sqlite:///{tmp_path / 'copy.db'}"
    r = cli("import", dump, db=target)
    assert r.code == 0, r.err
    fields = (
        "quote",
        "start",
        "end",
        "speaker",
        "role",
        "kind",
        "cue",
        "cue_stance",
        "stated_on",
        "venue",
        "hedging",
        "hedge_cues",
        "polarity",
        "ref",
        "title",
        "outlet",
        "url",
        "published_on",
    )

    def rows(url):
        out = cli("statements", "--format", "jsonl", db=url).out
        return [{k: json.loads(x)[k] for k in fields} for x in out.splitlines()]

    assert rows(target) == rows(db_url)


def test_verify_and_history(cli, db_url, tmp_path):
    cli("--as", "carol", "import", _jsonl(tmp_path), db=db_url)
    r = cli("verify", db=db_url)
    assert r.code == 0 and r.out.startswith("ok: ") and "chain intact" in r.out
    h = cli("history", "2", "--format", "jsonl", db=db_url)
    events = [json.loads(x) for x in h.out.splitlines()]
    assert events[0]["action"] == "insert" and events[0]["subject"] == "statement:2"
    assert events[0]["claimed_by"] == "carol"  # the name given; actor: who really acted
    assert cli("history", "source:1", db=db_url).code == 0
    bad = cli("history", "nonsense:1", db=db_url)
    assert bad.code == 1 and "is not a record id" in bad.err


def test_verify_fails_on_tampering_from_the_cli(cli, db_url, tmp_path):
    from sqlalchemy import text

    from ledger.store.db import open_database
    from ledger.store.models import Statement

    cli("import", _jsonl(tmp_path), db=db_url)
    db = open_database(db_url)
    with db.read() as s:
        sid = s.scalar(select(Statement.id).where(Statement.ref == "x2"))
    with db.engine.begin() as conn:
        conn.execute(
            text("UPDATE statement SET quote = 'We will close the plant.' WHERE id = :i"),
            {"i": sid},
        )
    db.dispose()
    r = cli("verify", db=db_url)
    assert r.code == 2 and f"statement:{sid}" in r.err and "verify failed" in r.err


def test_show_prints_context_with_quote(cli, db_url, tmp_path):
    cli("import", _jsonl(tmp_path), db=db_url)
    r = cli("show", "2", db=db_url)
    assert r.code == 0 and "Ana Silva" in r.out and "steel plant" in r.out
    j = json.loads(cli("show", "2", "--format", "json", db=db_url).out)
    ctx = j["context"]
    assert ctx["text"][ctx["quote_start"] : ctx["quote_end"]] == j["quote"]
    assert cli("show", "999", db=db_url).code == 1


def test_speakers_merge_and_alias(cli, db_url, tmp_path):
    cli("import", _jsonl(tmp_path), db=db_url)
    sp = {s["name"]: s for s in json.loads(cli("speakers", "--format", "json", db=db_url).out)}
    silva, lund = sp["Ana Silva"]["id"], sp["Bo Lund"]["id"]
    assert cli("speakers", "alias", str(silva), "Minister Silva", db=db_url).code == 0
    r = cli("speakers", "merge", str(silva), str(lund), db=db_url)
    assert r.code == 0, r.err
    after = {s["name"]: s for s in json.loads(cli("speakers", "--format", "json", db=db_url).out)}
    assert "Bo Lund" not in after and after["Ana Silva"]["statements"] == 2
    assert {"Minister Silva", "Bo Lund"} <= set(after["Ana Silva"]["aliases"])
    assert cli("speakers", "merge", str(silva), "9999", db=db_url).code == 1
    assert cli("verify", db=db_url).code == 0


def test_a_speaker_named_again_with_a_role_gets_it_journaled(cli, db_url, tmp_path):
    first = {"quote": "We will build it.", "speaker": "Jane Roe", "source": {"title": "A"}}
    later = {
        "quote": "The money is there.",
        "speaker": "Jane Roe",
        "role": "Mayor",
        "source": {"title": "B"},
    }
    for n, row in enumerate((first, later)):
        f = tmp_path / f"{n}.jsonl"
        f.write_text(json.dumps(row) + "\n", encoding="utf-8")
        assert cli("import", f, db=db_url).code == 0
    speakers = json.loads(cli("speakers", "--format", "json", db=db_url).out)
    assert [(s["name"], s["role"]) for s in speakers] == [("Jane Roe", "Mayor")]
    history = cli("history", f"speaker:{speakers[0]['id']}", "--format", "json", db=db_url)
    events = json.loads(history.out)
    assert [e["action"] for e in events] == ["insert", "update"]
    assert events[-1]["payload"]["role"] == "Mayor"
    assert cli("verify", db=db_url).code == 0


def test_input_format_is_one_name_and_imports_old_format_a_hidden_alias(cli, tmp_path):
    """`--input-format` names what import and extract read; import's `--format` still works."""
    for command in ("import", "extract"):
        assert (
            "--input-format [auto|seed|text|html|jsonl|claimreview|transcript]"
            in cli(command, "--help").out
        )
    assert "--format" not in cli("import", "--help").out
    assert "--format [jsonl|json|table]" in cli("extract", "--help").out

    databases = (f"sqlite:///{tmp_path}/ledger{n}.db" for n in range(10))

    def source_format(*args: str) -> str:
        url = next(databases)
        assert cli("import", *args, _jsonl(tmp_path), db=url).code == 0
        return json.loads(cli("sources", "--format", "json", db=url).out)[0]["format"]

    assert source_format() == "jsonl"  # detected by content
    assert source_format("--input-format", "text") == "text"
    assert source_format("--format", "text") == "text"  # the hidden alias
    assert source_format("--format", "text", "--input-format", "jsonl") == "jsonl"
    bad = cli("import", "--format", "bogus", _jsonl(tmp_path))
    assert bad.code == 2 and "Invalid value for '--format'" in bad.err


def test_the_cli_runs_no_sql_of_its_own():
    """Queries belong to ledger.services: no CLI module imports SQLAlchemy or a model class."""
    import ast
    from pathlib import Path

    import ledger.cli

    offenders = []
    for path in sorted(Path(ledger.cli.__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [(a.name, "") for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [(node.module or "", a.name) for a in node.names]
            else:
                continue
            for module, name in names:
                # the models' vocabularies (ROLES, LINK_STATUSES …) are option choices
                if module.startswith("sqlalchemy") or (
                    module == "ledger.store.models" and not name.isupper()
                ):
                    offenders.append(f"{path.name}:{node.lineno} {module} {name}".strip())
    assert not offenders, offenders
