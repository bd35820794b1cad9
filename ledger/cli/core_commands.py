"""Core commands: import, extract, hedging, statements, show, speakers, sources, stats
and history (`export` is in export_commands, `db` in db_commands, `verify` in proof_commands)."""

from __future__ import annotations

import sys
from dataclasses import replace

import click

from ledger.cli import Context, cli, pass_ctx
from ledger.cli.options import (
    ID,
    LIST_FORMATS,
    STREAM_FORMATS,
    SUMMARY_FORMATS,
    TEXT_FORMATS,
    date_value,
    decoding_choice,
    decoding_options,
    filter_options,
    format_option,
    input_format_option,
    statement_filter,
)
from ledger.cli.output import emit, plain, print_json, print_table, text_or_stdin_lines
from ledger.errors import LedgerError, printable
from ledger.sources.formats import SOURCE_KINDS
from ledger.sources.inputs import DEFAULT_MAX_MB
from ledger.store.safe_json import safe_dumps


def _with_stated(rows: list[dict]) -> list[dict]:
    """Rows for a table: `stated` is `stated_on` as precise as it is known ("week of …")."""
    from ledger.services.views import date_label

    for r in rows:
        r["stated"] = date_label(r.get("stated_on"), r.get("stated_on_precision"))
    return rows


STATEMENT_COLUMNS = [
    ("id", "id", 7),
    ("status", "status", 10),
    ("speaker", "speaker", 24),
    ("kind", "kind", 12),
    ("stated", "stated", 18),
    ("published_on", "published", 10),
    ("hedging", "hedge", 6),
    ("checkworthiness", "check", 6),
    ("quote", "quote", 70),
]


@cli.command("import")
@click.argument("paths", nargs=-1, required=True)
@input_format_option(alias=True)
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
@decoding_options
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
    ctx: Context, paths, input_fmt, glob, title, outlet, url, date_, kind, max_size, progress, jobs
) -> None:
    """Import sources: files, folders (recursively) and - for standard input."""
    from ledger.services.importing import import_inputs
    from ledger.services.pipeline import Overrides
    from ledger.sources.inputs import discover

    overrides = Overrides(
        title=title, outlet=outlet, url=url, published_on=date_value(date_, "--date"), kind=kind
    ).reading(**decoding_choice())
    inputs, problems = discover(list(paths), glob)
    db = ctx.database()
    for p in problems:
        click.echo(f"ledger: {p}", err=True)
    show_bar = progress if progress is not None else (sys.stderr.isatty() and len(inputs) > 1)

    def report_line(outcome) -> None:
        if outcome.warning:
            click.echo(f"ledger: warning: {printable(outcome.warning)}", err=True)
        if outcome.status == "failed":
            click.echo(f"ledger: failed: {outcome.message}", err=True)
        elif outcome.status == "updated":
            click.echo(f"{printable(outcome.origin)}: updated ({outcome.message})", err=True)
        elif outcome.status == "unchanged" and not outcome.review:
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

            report = import_inputs(
                db, inputs, input_fmt, overrides, max_size, on_done=tick, jobs=jobs
            )
    else:
        report = import_inputs(
            db, inputs, input_fmt, overrides, max_size, on_done=report_line, jobs=jobs
        )
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
@format_option(("jsonl", "json", "table"), "jsonl")
@input_format_option()
@click.option("--glob", metavar="PATTERN")
@click.option(
    "--date",
    "date_",
    metavar="YYYY-MM-DD",
    help="Publication date to resolve statement dates against.",
)
@click.option("--max-size", type=float, default=DEFAULT_MAX_MB, show_default=True)
@decoding_options
def extract_cmd(paths, fmt, input_fmt, glob, date_, max_size) -> None:
    """Extract attributed statements without touching the database."""
    from ledger.services.pipeline import Overrides, read_documents, statement_json, statements_of
    from ledger.sources.inputs import discover

    inputs, problems = discover(list(paths), glob)
    overrides = Overrides(published_on=date_value(date_, "--date")).reading(**decoding_choice())
    failed = len(problems)
    for p in problems:
        click.echo(f"ledger: {p}", err=True)
    rows: list[dict] = []
    for inp in inputs:
        try:
            docs, note = read_documents(inp, input_fmt, max_size, overrides)
        except LedgerError as err:
            click.echo(f"ledger: failed: {err}", err=True)
            failed += 1
            continue
        if note:
            click.echo(f"ledger: note: {printable(note)}", err=True)
        for doc in docs:
            for st in statements_of(doc):
                row = statement_json(st, inp.name)
                if fmt == "jsonl":
                    sys.stdout.write(safe_dumps(row) + "\n")
                else:
                    rows.append(row)
    if fmt == "json":
        print_json(rows)
    elif fmt == "table":
        print_table(
            _with_stated(rows),
            [
                ("speaker", "speaker", 24),
                ("kind", "kind", 12),
                ("cue", "cue", 12),
                ("hedging", "hedge", 6),
                ("stated", "stated", 18),
                ("quote", "quote", 80),
            ],
        )
    if failed:
        sys.exit(1)


@cli.command("hedging")
@click.argument("text", required=True)
@format_option(("text", "json", "jsonl"), "text")
def hedging_cmd(text: str, fmt: str) -> None:
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
        if fmt == "text":
            cues = ", ".join(f"{c['text']} ({c['level']})" for c in row["hedge_cues"]) or "no cues"
            click.echo(f"{row['hedging']}\t{row['polarity']}\t{cues}")
        else:
            sys.stdout.write(safe_dumps(row) + "\n")


@cli.command("statements")
@filter_options
@format_option(LIST_FORMATS, "table")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many rows.")
@click.option("--min-checkworthy", type=click.FloatRange(0, 1), help="Score at least (0-1).")
@pass_ctx
def statements_cmd(ctx: Context, fmt, limit, min_checkworthy, **filters) -> None:
    """List statements."""
    from ledger.services.query import iter_statements

    f = replace(statement_filter(**filters), min_checkworthy=min_checkworthy)
    db = ctx.database()
    with db.read() as session:
        rows = iter_statements(session, f)
        if limit:
            rows = (r for i, r in zip(range(limit), rows, strict=False))
        n = emit(rows, fmt, table=lambda rs: print_table(_with_stated(rs), STATEMENT_COLUMNS))
    if fmt == "table":
        click.echo(f"{n} statement{'s' if n != 1 else ''}")


@cli.command("show")
@click.argument("statement_id", type=ID)
@format_option(TEXT_FORMATS, "text")
@pass_ctx
def show_cmd(ctx: Context, statement_id: int, fmt: str) -> None:
    """Show one statement with its source context."""
    from rich.text import Text

    from ledger.cli.output import console
    from ledger.services.query import get_statement, source_context, source_encoding

    with ctx.database().read() as session:
        row = get_statement(session, statement_id)
        row["source_encoding"] = source_encoding(session, statement_id)
        context = source_context(session, statement_id)
    if fmt == "json":
        print_json({**row, "context": context})
        return
    from ledger.services.views import date_label, time_span_label

    out = console()
    row["stated_on"] = date_label(row["stated_on"], row["stated_on_precision"], full=True)
    row["recording"] = time_span_label(row["time_start"], row["time_end"])
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
        "recording",
        "hedging",
        "polarity",
        "checkworthiness",
        "status",
        "title",
        "outlet",
        "url",
        "published_on",
        "source",
        "source_encoding",
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
@format_option(LIST_FORMATS, "table")
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
@click.argument("keep", type=ID)
@click.argument("other", type=ID)
@pass_ctx
def speakers_merge(ctx: Context, keep: int, other: int) -> None:
    """Merge speaker OTHER into KEEP (its statements and aliases move)."""
    from ledger.services import speakers

    with ctx.database().write() as session:
        sp = speakers.merge(session, keep, other)
        name = sp.name
    click.echo(f"merged speaker {other} into {keep} ({name})")


@speakers_cmd.command("alias")
@click.argument("speaker_id", type=ID)
@click.argument("name")
@pass_ctx
def speakers_alias(ctx: Context, speaker_id: int, name: str) -> None:
    """Give speaker SPEAKER_ID another name."""
    from ledger.services import speakers

    with ctx.database().write() as session:
        speakers.add_alias(session, speaker_id, name)
    click.echo(f"speaker {speaker_id} is also known as {name!r}")


@speakers_cmd.command("split")
@click.argument("speaker_id", type=ID)
@click.argument("name")
@click.option(
    "--statement",
    "statement_ids",
    type=ID,
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
@format_option(LIST_FORMATS, "table")
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
            ("encoding", "encoding", 12),
            ("statements", "statements", 10),
        ],
    )


@cli.command("stats")
@format_option(SUMMARY_FORMATS, "table")
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


@cli.command("history")
@click.argument("record", required=False)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=50,
    show_default=True,
    help="Without RECORD: the last N events.",
)
@format_option(STREAM_FORMATS, "table")
@pass_ctx
def history_cmd(ctx: Context, record: str | None, limit: int, fmt: str) -> None:
    """The events of one record (12, statement:12, source:3 …), or the latest events."""
    from ledger.services.history import change_text, event_rows

    with ctx.database().read() as session:
        rows = event_rows(session, record, limit)
    if fmt == "table":
        for r in rows:
            changes = r["changes"]
            r["changed"] = (
                "; ".join(change_text(c, r["action"]) for c in changes) or "(version only)"
            )
    emit(
        rows,
        fmt,
        columns=[
            ("seq", "seq", 8),
            ("at", "at", 27),
            ("actor", "actor", 14),
            ("action", "action", 7),
            ("subject", "subject", 16),
            ("changed", "changed (old → new)", 70),
        ],
    )
