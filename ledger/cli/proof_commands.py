"""Proof commands: verify (the history's chain, and in time its signed checkpoints)."""

from __future__ import annotations

import click

from ledger.cli import Context, cli, pass_ctx
from ledger.errors import IntegrityFailure


@cli.command("verify")
@pass_ctx
def verify_cmd(ctx: Context) -> None:
    """Recompute the history's hash chain and check the tables agree with it."""
    from ledger.store.verify import verify

    with ctx.database().read() as session:
        result = verify(session)
    if not result.ok:
        raise IntegrityFailure(f"verify failed: {result.problem}")
    click.echo(f"ok: {result.events} events, chain intact; {result.rows} records agree with it")
