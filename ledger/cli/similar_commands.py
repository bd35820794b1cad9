"""The `similar` and `checked` commands: has this been checked before? Stored statements
and imported fact-checks most like a query (`similar`) or like a stored statement
(`checked`, which can also put the statement into a fact-check's rated claim)."""

from __future__ import annotations

import sys

import click

from ledger.cli import Context, cli, pass_ctx
from ledger.cli.options import ID, STREAM_FORMATS, format_option
from ledger.cli.output import print_json, print_table, text_or_stdin_lines
from ledger.store.safe_json import safe_dumps

_COLUMNS = [
    ("score", "score", 7),
    ("statement_id", "stmt", 7),
    ("claim_id", "claim", 7),
    ("rating", "rating", 14),
    ("rated_by", "rated by", 14),
    ("speaker", "speaker", 22),
    ("quote", "quote", 70),
]


@cli.command("similar")
@click.argument("text")
@click.option("--top", type=click.IntRange(min=1, max=1000), default=5, show_default=True)
@click.option("--speaker", help="Who said it (for TEXT, and plain lines read from stdin).")
@click.option("--date", "when", help="When it was said, YYYY-MM-DD (as --speaker).")
@format_option(STREAM_FORMATS, "table")
@pass_ctx
def similar_cmd(
    ctx: Context, text: str, top: int, speaker: str | None, when: str | None, fmt: str
) -> None:
    """Stored statements most similar to TEXT (- reads one query a line): has this been checked before?

    A line of standard input may be a JSON object {"text", "speaker", "date": "YYYY-MM-DD",
    "context": ["SPEAKER: previous sentence", ...]}: the speaker, the date and the context
    then help to rank fact-checks of that speaker's claims, made near that date, first.
    """
    from ledger.services import similar

    default_date = similar.parse_query_date(when, "--date")
    default_speaker = (" ".join(speaker.split()) or None) if speaker else None
    lines = text_or_stdin_lines(text)
    queries = [
        similar.query_from_line(q, default_speaker, default_date, f"line {n}")
        if text == "-"
        else similar.PriorQuery(q, speaker=default_speaker, date=default_date)
        for n, q in enumerate(lines, 1)
    ]
    with ctx.database().read() as session:
        for q in queries:
            matches = similar.similar(session, q, top) if q.text.strip() else []
            record = {"query": q.text, "matches": matches}
            if fmt == "jsonl":
                sys.stdout.write(safe_dumps(record) + "\n")
            elif fmt == "json":
                print_json(record)
            else:
                print_table(matches, _COLUMNS, title=None)


@cli.command("checked")
@click.argument("statement_id", type=ID)
@click.option("--top", type=click.IntRange(min=1, max=100), default=5, show_default=True)
@click.option(
    "--link",
    "fact_check_id",
    type=ID,
    help="Put the statement into this fact-check's rated claim (a confirmed link).",
)
@format_option(STREAM_FORMATS, "table")
@pass_ctx
def checked_cmd(
    ctx: Context, statement_id: int, top: int, fact_check_id: int | None, fmt: str
) -> None:
    """Imported fact-checks of the claim STATEMENT_ID makes (by its text, speaker and date)."""
    from ledger.services import prior_checks

    if fact_check_id is not None:
        with ctx.database().write() as session:
            row = prior_checks.link_to_fact_check(session, statement_id, fact_check_id)
        if fmt in ("json", "jsonl"):
            sys.stdout.write(safe_dumps(row, indent=2 if fmt == "json" else None) + "\n")
        else:
            rating = f", rated {row['rating']} by {row['rated_by']}" if row["rating"] else ""
            click.echo(
                f"statement {row['statement_id']} is in claim {row['claim_id']} with fact-check "
                f"{row['fact_check_id']}{rating}"
            )
        return
    with ctx.database().read() as session:
        rows = prior_checks.prior_fact_checks(session, statement_id, top)
    if fmt == "jsonl":
        for r in rows:
            sys.stdout.write(safe_dumps(r) + "\n")
    elif fmt == "json":
        print_json(rows)
    else:
        print_table(
            rows,
            [("fact_check_id", "check", 7), *_COLUMNS[:1], *_COLUMNS[3:], ("url", "url", 40)],
            title=None,
        )
