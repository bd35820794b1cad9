"""Check-worthiness commands: `rescore` (statements stored without a score, or all)."""

from __future__ import annotations

import click

from ledger.cli import Context, cli, pass_ctx
from ledger.cli.options import SUMMARY_FORMATS, format_option
from ledger.cli.output import print_json


@cli.command("rescore")
@click.option(
    "--all",
    "every",
    is_flag=True,
    help="Score every statement again (after a refit), not only those without a score.",
)
@format_option(SUMMARY_FORMATS, "table")
@pass_ctx
def rescore_cmd(ctx: Context, every: bool, fmt: str) -> None:
    """Give stored statements their check-worthiness (journaled; versions unchanged)."""
    from ledger.services.rescore import rescore

    result = rescore(ctx.database(), every=every)
    if fmt == "json":
        print_json({"seen": result.seen, "changed": result.changed})
        return
    what = "statement" if result.seen == 1 else "statements"
    click.echo(f"rescored {result.changed} of {result.seen} {what} looked at")
