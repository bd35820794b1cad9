"""The `similar` command: has this been checked before? Stored statements and imported
fact-checks most like a query."""

from __future__ import annotations

import sys

import click

from ledger.cli import Context, cli, pass_ctx
from ledger.cli.options import STREAM_FORMATS, format_option
from ledger.cli.output import print_json, print_table, text_or_stdin_lines
from ledger.store.safe_json import safe_dumps


@cli.command("similar")
@click.argument("text")
@click.option("--top", type=click.IntRange(min=1, max=1000), default=5, show_default=True)
@format_option(STREAM_FORMATS, "table")
@pass_ctx
def similar_cmd(ctx: Context, text: str, top: int, fmt: str) -> None:
    """Stored statements most similar to TEXT (- reads one query a line): has this been checked before?"""
    from ledger.services import similar

    queries = text_or_stdin_lines(text)
    with ctx.database().read() as session:
        for q in queries:
            matches = similar.similar(session, q, top) if q.strip() else []
            if fmt == "jsonl":
                sys.stdout.write(safe_dumps({"query": q, "matches": matches}) + "\n")
            elif fmt == "json":
                print_json({"query": q, "matches": matches})
            else:
                print_table(
                    matches,
                    [
                        ("score", "score", 7),
                        ("statement_id", "stmt", 7),
                        ("claim_id", "claim", 7),
                        ("speaker", "speaker", 24),
                        ("quote", "quote", 80),
                    ],
                    title=None,
                )
