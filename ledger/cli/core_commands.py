"""Core commands: import, extract, hedging, statements, show, speakers, sources, stats,
export, verify, history and db."""

from __future__ import annotations

import json
import sys
from datetime import date

import click

from ledger.cli import Context, cli, pass_ctx
from ledger.cli.output import (
    FORMATS,
    emit,
    output_file,
    plain,
    print_json,
    print_table,
    text_or_stdin_lines,
)
from ledger.errors import InputError, IntegrityFailure, LedgerError, is_number, printable
from ledger.sources.formats import FORMATS as SOURCE_FORMATS
from ledger.sources.formats import SOURCE_KINDS, parse_date
from ledger.sources.inputs import DEFAULT_MAX_MB

STATEMENT_COLUMNS = [
    ("id", "id", 7),
    ("status", "status", 10),
    ("speaker", "speaker", 24),
    ("kind", "kind", 12),
    ("stated_on", "stated", 10),
    ("published_on", "published", 10),
    ("hedging", "hedge", 6),
    ("quote", "quote", 70),
]


def _date_option(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    return parse_date(value, name)


@cli.command("import")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(SOURCE_FORMATS),
    default="auto",
    show_default=True,
    help="Input format (detected by content when auto).",
)
@click.option(
    "--glob",
    metavar="PATTERN",
    help="File name pattern inside folders (default: *.txt *.md *.html *.jsonl …).",
)
@click.option("--title", help="Set the title of every imported source.")
@click.option("--outlet", help="Set the outlet of every imported source.")
@click.option("--url", help="Set the URL of every imported source.")
@click.option(
    "--date",
    "date_",
    metavar="YYYY-MM-DD",
    help="Set the publication date of every imported source.",
)
@click.option(
    "--kind", type=click.Choice(SOURCE_KINDS), help="Set the kind of every imported source."
)
@click.option(
    "--max-size",
    type=float,
    default=DEFAULT_MAX_MB,
    show_default=True,
    help="Largest file to read, in MB.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress bar (default: when stderr is a terminal).",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=0, max=64),
    default=None,
    help="Processes that read and extract while this one stores, for 64 files or more "
    "(default: one per core but one; 0: none).",
)
@pass_ctx
def import_cmd(
    ctx: Context, paths, fmt, glob, title, outlet, url, date_, kind, max_size, progress, jobs
) -> None:
    """Import sources: files, folders (recursively) and - for standard input."""
    from ledger.services.importing import import_inputs
    from ledger.services.pipeline import Overrides
    from ledger.sources.inputs import discover

    overrides = Overrides(
        title=title, outlet=outlet, url=url, published_on=_date_option(date_, "--date"), kind=kind
    )
    inputs, problems = discover(list(paths), glob)
    db = ctx.database()
    for p in problems:
        click.echo(f"ledger: {p}", err=True)
    show_bar = progress if progress is not None else (sys.stderr.isatty() and len(inputs) > 1)

    def report_line(outcome) -> None:
        if outcome.status == "failed":
            click.echo(f"ledger: failed: {outcome.message}", err=True)
        elif outcome.status == "unchanged":
            click.echo(
                f"{printable(outcome.origin)}: unchanged (same text already imported as source {outcome.source_id})",
                err=True,
            )

    if show_bar:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        with Progress(
            TextColumn("importing"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        ) as bar:
            task = bar.add_task("import", total=len(inputs))
            done_inputs: set[str] = set()

            def tick(outcome) -> None:
                report_line(outcome)
                if outcome.origin not in done_inputs:
                    done_inputs.add(outcome.origin)
                    bar.advance(task)

            report = import_inputs(db, inputs, fmt, overrides, max_size, on_done=tick, jobs=jobs)
    else:
        report = import_inputs(db, inputs, fmt, overrides, max_size, on_done=report_line, jobs=jobs)
    for note in report.notes:
        click.echo(f"ledger: note: {printable(note)}", err=True)
    failed = report.count("failed") + len(problems)
    summary = report.summary()
    if problems:
        summary = summary.replace(f"failed {report.count('failed')}", f"failed {failed}")
    click.echo(summary)
    if failed:
        sys.exit(1)


@cli.command("extract")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "out_fmt",
    type=click.Choice(["jsonl", "json", "table"]),
    default="jsonl",
    show_default=True,
)
@click.option(
    "--input-format", "fmt", type=click.Choice(SOURCE_FORMATS), default="auto", show_default=True
)
@click.option("--glob", metavar="PATTERN")
@click.option(
    "--date",
    "date_",
    metavar="YYYY-MM-DD",
    help="Publication date to resolve statement dates against.",
)
@click.option("--max-size", type=float, default=DEFAULT_MAX_MB, show_default=True)
def extract_cmd(paths, out_fmt, fmt, glob, date_, max_size) -> None:
    """Extract attributed statements without touching the database."""
    from ledger.services.pipeline import Overrides, read_documents, statement_json, statements_of
    from ledger.sources.inputs import discover

    inputs, problems = discover(list(paths), glob)
    overrides = Overrides(published_on=_date_option(date_, "--date"))
    failed = len(problems)
    for p in problems:
        click.echo(f"ledger: {p}", err=True)
    rows: list[dict] = []
    for inp in inputs:
        try:
            docs, note = read_documents(inp, fmt, max_size, overrides)
        except LedgerError as err:
            click.echo(f"ledger: failed: {err}", err=True)
            failed += 1
            continue
        if note:
            click.echo(f"ledger: note: {note}", err=True)
        for doc in docs:
            for st in statements_of(doc):
                row = statement_json(st, inp.name)
                if out_fmt == "jsonl":
                    sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
                else:
                    rows.append(row)
    if out_fmt == "json":
        print_json(rows)
    elif out_fmt == "table":
        print_table(
            rows,
            [
                ("speaker", "speaker", 24),
                ("kind", "kind", 12),
                ("cue", "cue", 12),
                ("hedging", "hedge", 6),
                ("stated_on", "stated", 10),
                ("quote", "quote", 80),
            ],
        )
    if failed:
        sys.exit(1)


@cli.command("hedging")
@click.argument("text", required=True)
@click.option(
    "--format",
    "out_fmt",
    type=click.Choice(["text", "json", "jsonl"]),
    default="text",
    show_default=True,
)
def hedging_cmd(text: str, out_fmt: str) -> None:
    """Classify how hedged TEXT is (none, low, medium, high); - reads one sentence a line."""
    from ledger.extract import classify_hedging

    def as_json(sentence: str) -> dict:
        h = classify_hedging(sentence)
        return {
            "text": sentence,
            "hedging": h.level,
            "polarity": h.polarity,
            "hedge_cues": [
                {"text": c.text, "start": c.start, "end": c.end, "level": c.level} for c in h.cues
            ],
        }

    lines = text_or_stdin_lines(text)
    for sentence in lines:
        row = as_json(sentence)
        if out_fmt == "text":
            cues = ", ".join(f"{c['text']} ({c['level']})" for c in row["hedge_cues"]) or "no cues"
            click.echo(f"{row['hedging']}\t{row['polarity']}\t{cues}")
        else:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


def _filter(speaker, source, status, since, until, search, hedging=None, claim=None):
    from ledger.services.query import StatementFilter

    return StatementFilter(
        speaker=speaker,
        source=source,
        status=status,
        since=_date_option(since, "--since"),
        until=_date_option(until, "--until"),
        search=search,
        hedging=hedging,
        claim_id=claim,
    )


def filter_options(f):
    for opt in reversed(
        [
            click.option("--speaker", help="Speaker id, or part of a name or alias."),
            click.option("--source", help="Source id, or part of its title, outlet, file or URL."),
            click.option("--status", help="unreviewed, in_review, verified, disputed or rejected."),
            click.option(
                "--since", metavar="YYYY-MM-DD", help="Stated (else published) on or after."
            ),
            click.option(
                "--until", metavar="YYYY-MM-DD", help="Stated (else published) on or before."
            ),
            click.option(
                "--search", metavar="TEXT", help="Quote contains TEXT (case-insensitive)."
            ),
            click.option("--hedging", type=click.Choice(["none", "low", "medium", "high"])),
        ]
    ):
        f = opt(f)
    return f


@cli.command("statements")
@filter_options
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--limit", type=click.IntRange(min=1), help="At most this many rows.")
@pass_ctx
def statements_cmd(
    ctx: Context, speaker, source, status, since, until, search, hedging, fmt, limit
) -> None:
    """List statements."""
    from ledger.services.query import iter_statements

    f = _filter(speaker, source, status, since, until, search, hedging)
    db = ctx.database()
    with db.read() as session:
        rows = iter_statements(session, f)
        if limit:
            rows = (r for i, r in zip(range(limit), rows, strict=False))
        n = emit(rows, fmt, columns=STATEMENT_COLUMNS)
    if fmt == "table":
        click.echo(f"{n} statement{'s' if n != 1 else ''}")


@cli.command("show")
@click.argument("statement_id", type=int)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@pass_ctx
def show_cmd(ctx: Context, statement_id: int, fmt: str) -> None:
    """Show one statement with its source context."""
    from rich.text import Text

    from ledger.cli.output import console
    from ledger.services.query import get_statement, source_context

    with ctx.database().read() as session:
        row = get_statement(session, statement_id)
        context = source_context(session, statement_id)
    if fmt == "json":
        print_json({**row, "context": context})
        return
    out = console()
    for key in (
        "id",
        "speaker",
        "role",
        "speaker_mention",
        "kind",
        "cue",
        "cue_stance",
        "stated_on",
        "venue",
        "hedging",
        "polarity",
        "status",
        "title",
        "outlet",
        "url",
        "published_on",
        "source",
        "claim_id",
        "ref",
    ):
        if row.get(key) not in (None, ""):
            out.print(Text.assemble((f"{key:>15}: ", "bold"), plain(row[key])))
    if row["hedge_cues"]:
        out.print(
            Text.assemble(
                ("     hedge cues: ", "bold"),
                plain(", ".join(f"{c['text']} ({c['level']})" for c in row["hedge_cues"])),
            )
        )
    out.print(Text.assemble(("         offsets: ", "bold"), plain(f"{row['start']}–{row['end']}")))
    body = plain(context["text"])
    body.stylize("bold reverse", context["quote_start"], context["quote_end"])
    out.print()
    out.print(body)


@cli.group("speakers", invoke_without_command=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.pass_context
def speakers_cmd(click_ctx: click.Context, fmt: str) -> None:
    """List speakers; subcommands merge, alias and split them."""
    if click_ctx.invoked_subcommand is not None:
        return
    from ledger.services.query import list_speakers

    ctx: Context = click_ctx.obj
    with ctx.database().read() as session:
        rows = list_speakers(session)
    for r in rows:
        r["aliases_text"] = ", ".join(r["aliases"])
    emit(
        rows,
        fmt,
        columns=[
            ("id", "id", 6),
            ("name", "name", 30),
            ("kind", "kind", 12),
            ("role", "role", 24),
            ("aliases_text", "aliases", 40),
            ("statements", "statements", 10),
        ],
    )


@speakers_cmd.command("merge")
@click.argument("keep", type=int)
@click.argument("other", type=int)
@pass_ctx
def speakers_merge(ctx: Context, keep: int, other: int) -> None:
    """Merge speaker OTHER into KEEP (its statements and aliases move)."""
    from ledger.services import speakers

    with ctx.database().write() as session:
        sp = speakers.merge(session, keep, other)
        name = sp.name
    click.echo(f"merged speaker {other} into {keep} ({name})")


@speakers_cmd.command("alias")
@click.argument("speaker_id", type=int)
@click.argument("name")
@pass_ctx
def speakers_alias(ctx: Context, speaker_id: int, name: str) -> None:
    """Give speaker SPEAKER_ID another name."""
    from ledger.services import speakers

    with ctx.database().write() as session:
        speakers.add_alias(session, speaker_id, name)
    click.echo(f"speaker {speaker_id} is also known as {name!r}")


@speakers_cmd.command("split")
@click.argument("speaker_id", type=int)
@click.argument("name")
@click.option(
    "--statement",
    "statement_ids",
    type=int,
    multiple=True,
    required=True,
    help="Statement to move (repeatable).",
)
@pass_ctx
def speakers_split(ctx: Context, speaker_id: int, name: str, statement_ids) -> None:
    """Move statements of SPEAKER_ID to a new speaker NAME."""
    from ledger.services import speakers

    with ctx.database().write() as session:
        new = speakers.split(session, speaker_id, list(statement_ids), name)
        new_id = new.id
    click.echo(f"moved {len(statement_ids)} statement(s) to new speaker {new_id} ({name!r})")


@cli.command("sources")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@pass_ctx
def sources_cmd(ctx: Context, fmt: str) -> None:
    """List imported sources."""
    from ledger.services.query import list_sources

    with ctx.database().read() as session:
        rows = list_sources(session)
    emit(
        rows,
        fmt,
        columns=[
            ("id", "id", 6),
            ("published_on", "published", 10),
            ("outlet", "outlet", 20),
            ("title", "title", 40),
            ("origin", "file", 40),
            ("statements", "statements", 10),
        ],
    )


@cli.command("stats")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@pass_ctx
def stats_cmd(ctx: Context, fmt: str) -> None:
    """Counts of what the ledger holds."""
    from ledger.services.query import stats

    with ctx.database().read() as session:
        data = stats(session)
    if fmt == "json":
        print_json(data)
        return
    rows = []
    for key, value in data.items():
        if isinstance(value, dict):
            for k, v in value.items():
                rows.append({"what": f"{key.removeprefix('statements_by_')}: {k}", "count": v})
        else:
            rows.append({"what": key, "count": value})
    print_table(rows, [("what", "what", 40), ("count", "count", 12)])


@cli.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "jsonl", "csv", "claimreview", "prov"]),
    default="jsonl",
    show_default=True,
)
@filter_options
@click.option("--rated", is_flag=True, help="Only statements whose claim has a final rating.")
@click.option("--org-name", metavar="NAME", help="claimreview: the fact-checking organisation.")
@click.option("--org-url", metavar="URL", help="claimreview: the organisation's site.")
@click.option("--base-url", metavar="URL", help="claimreview: review pages ({id} or /claims/ID).")
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (default: standard output).")
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@click.option("--no-text", is_flag=True, help="JSONL: leave the source texts out.")
@click.option(
    "--all", "all_", is_flag=True, help="Full dump of every record (for 'ledger restore')."
)
@pass_ctx
def export_cmd(
    ctx: Context,
    fmt,
    speaker,
    source,
    status,
    since,
    until,
    search,
    hedging,
    rated,
    org_name,
    org_url,
    base_url,
    output,
    force,
    no_text,
    all_,
) -> None:
    """Export statements with every field, offsets included (claimreview: rated claims;
    prov: W3C PROV-JSON provenance)."""
    from ledger.export.tabular import jsonl_rows
    from ledger.services.query import iter_statements

    if all_:
        from ledger.cli.team_commands import export_all

        narrowing = (speaker, source, status, since, until, search, hedging, no_text)
        return export_all(ctx, fmt, output, force, *narrowing)
    f = _filter(speaker, source, status, since, until, search, hedging)
    if fmt in ("claimreview", "prov"):
        from ledger.cli.review_commands import export_reviewed

        return export_reviewed(ctx, fmt, f, output, force, org_name, org_url, base_url)
    with ctx.database().read() as session, output_file(output, force) as out:
        rows = iter_statements(session, f)
        if rated:
            from ledger.cli.review_commands import rated_only

            rows = rated_only(session, rows)
        if fmt == "jsonl":
            rows = jsonl_rows(session, rows, with_text=not no_text)
        n = emit(rows, fmt, out)
    if output:
        click.echo(f"exported {n} statement{'s' if n != 1 else ''} to {output}", err=True)


@cli.command("verify")
@pass_ctx
def verify_cmd(ctx: Context) -> None:
    """Recompute the history's hash chain and check the tables agree with it."""
    from ledger.store.journal import verify

    with ctx.database().read() as session:
        result = verify(session)
    if not result.ok:
        raise IntegrityFailure(f"verify failed: {result.problem}")
    click.echo(f"ok: {result.events} events, chain intact; {result.rows} records agree with it")


def _subject(record: str) -> str:
    from ledger.store.journal import table_of

    record = record.strip()
    if is_number(record):
        return f"statement:{record}"
    if ":" in record and table_of(record) is not None and record.split(":", 1)[1]:
        return record
    raise InputError(
        f"{record!r} is not a record id: use 12 (a statement) or TABLE:ID, e.g. source:3, claim:5"
    )


@cli.command("history")
@click.argument("record", required=False)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=50,
    show_default=True,
    help="Without RECORD: the last N events.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "jsonl"]),
    default="table",
    show_default=True,
)
@pass_ctx
def history_cmd(ctx: Context, record: str | None, limit: int, fmt: str) -> None:
    """The events of one record (12, statement:12, source:3 …), or the latest events."""
    from sqlalchemy import select

    from ledger.store.journal import history
    from ledger.store.models import Event

    with ctx.database().read() as session:
        if record:
            events = history(session, _subject(record))
            if not events:
                raise InputError(f"no events for {_subject(record)}")
        else:
            events = list(
                reversed(
                    session.scalars(select(Event).order_by(Event.seq.desc()).limit(limit)).all()
                )
            )
        rows = [
            {
                "seq": e.seq,
                "at": e.at,
                "actor": e.actor,
                "action": e.action,
                "subject": e.subject,
                "payload": json.loads(e.payload),
                "hash": e.hash,
            }
            for e in events
        ]
    for r in rows:
        r["changes"] = ", ".join(
            f"{k}={v}" for k, v in (r["payload"] or {}).items() if k not in ("id",)
        )[:300]
    emit(
        rows,
        fmt,
        columns=[
            ("seq", "seq", 8),
            ("at", "at", 27),
            ("actor", "actor", 14),
            ("action", "action", 7),
            ("subject", "subject", 16),
            ("changes", "state", 60),
        ],
    )


@cli.group("db")
def db_cmd() -> None:
    """Schema migrations: upgrade, downgrade, current, check."""


def _raw_db(ctx: Context):
    from ledger.store.db import open_database

    return open_database(ctx.db_url, migrate=False)


@db_cmd.command("upgrade")
@click.argument("revision", default="head")
@pass_ctx
def db_upgrade(ctx: Context, revision: str) -> None:
    """Upgrade the schema (default: to head), backing up an SQLite file first."""
    from ledger.store import migrate

    db = _raw_db(ctx)
    current = migrate.current_revision(db)
    if current is not None:
        backup = migrate.backup_before_upgrade(db, current)
        if backup:
            click.echo(f"backup at {backup}", err=True)
    migrate.upgrade(db, revision)
    click.echo(f"schema at {migrate.current_revision(db)}")


@db_cmd.command("downgrade")
@click.argument("revision")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_ctx
def db_downgrade(ctx: Context, revision: str, yes: bool) -> None:
    """Downgrade the schema to REVISION (base drops every table)."""
    from ledger.store import migrate

    if not yes:
        click.confirm(f"downgrade schema to {revision}? Data in dropped tables is lost", abort=True)
    db = _raw_db(ctx)
    migrate.downgrade(db, revision)
    click.echo(f"schema at {migrate.current_revision(db) or 'base'}")


@db_cmd.command("current")
@pass_ctx
def db_current(ctx: Context) -> None:
    """Print the schema revision of the database and of this software."""
    from ledger.store import migrate

    db = _raw_db(ctx)
    click.echo(
        f"database: {migrate.current_revision(db) or 'empty'}; software head: {migrate.head_revision(db)}"
    )


@db_cmd.command("check")
@pass_ctx
def db_check(ctx: Context) -> None:
    """Check the database schema is at head and matches the models."""
    from ledger.store import migrate

    db = _raw_db(ctx)
    current, head = migrate.current_revision(db), migrate.head_revision(db)
    if current != head:
        raise LedgerError(
            f"schema is at {current or 'empty'}, software head is {head}: run 'ledger db upgrade'"
        )
    diffs = migrate.pending_differences(db)
    if diffs:
        raise LedgerError(f"schema differs from the models in {len(diffs)} place(s): {diffs[0]}")
    click.echo(f"ok: schema at {head} and matches the models")
