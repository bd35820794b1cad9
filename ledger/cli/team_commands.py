"""Team commands: next (leased review work), release, leases, backup and restore."""

from __future__ import annotations

import click

from ledger.cli import Context, cli, pass_ctx
from ledger.cli.options import (
    ID,
    SUMMARY_FORMATS,
    TEXT_FORMATS,
    force_option,
    format_option,
)
from ledger.cli.output import plain, print_json, print_table
from ledger.store.models import STATEMENT_STATUSES


@cli.command("next")
@click.option(
    "--status",
    type=click.Choice(STATEMENT_STATUSES),
    default="unreviewed",
    show_default=True,
    help="Which statements to hand out.",
)
@click.option(
    "--minutes",
    type=click.FloatRange(min=0, min_open=True),
    help="Lease time (default: the lease_minutes setting).",
)
@click.option(
    "--order",
    type=click.Choice(("checkworthy", "oldest")),
    help="Most check-worthy or oldest first (default: the queue_order setting).",
)
@format_option(TEXT_FORMATS, "text")
@pass_ctx
def next_cmd(ctx: Context, status: str, minutes: float | None, order: str | None, fmt: str) -> None:
    """Lease the next statement nobody else is working on, and show it."""
    from rich.text import Text

    from ledger.cli.output import console
    from ledger.services.leases import next_item
    from ledger.store.identity import acting_user

    with ctx.database().write() as session:
        item = next_item(
            session, acting_user(session), status=status, lease_minutes=minutes, order=order
        )
    if item is None:
        if fmt == "json":
            print_json(None)
        else:
            click.echo(f"nothing {status} is free")
        return
    if fmt == "json":
        print_json(item)
        return
    out = console()
    for key in (
        "id",
        "speaker",
        "kind",
        "stated_on",
        "title",
        "source",
        "status",
        "version",
        "checkworthiness",
    ):
        if item.get(key) not in (None, ""):
            out.print(Text.assemble((f"{key:>10}: ", "bold"), plain(item[key])))
    out.print(Text.assemble(("     quote: ", "bold"), plain(item["quote"])))
    out.print(
        Text.assemble(
            ("     lease: ", "bold"), plain(f"{item['lease_owner']} until {item['lease_until']}")
        )
    )


@cli.command("release")
@click.argument("statement_id", type=ID)
@pass_ctx
def release_cmd(ctx: Context, statement_id: int) -> None:
    """Give back your lease on STATEMENT_ID."""
    from ledger.services.leases import release
    from ledger.store.identity import acting_user

    with ctx.database().write() as session:
        released = release(session, statement_id, acting_user(session))
    click.echo(
        f"released statement {statement_id}"
        if released
        else f"you held no lease on statement {statement_id}"
    )


@cli.command("leases")
@click.option("--mine", is_flag=True, help="Only your own leases.")
@format_option(SUMMARY_FORMATS, "table")
@pass_ctx
def leases_cmd(ctx: Context, mine: bool, fmt: str) -> None:
    """Live review leases: who works on which statement until when."""
    from ledger.services.leases import leases_of
    from ledger.store.identity import acting_user

    with ctx.database().read() as session:
        rows = leases_of(session, acting_user(session) if mine else None)
    if fmt == "json":
        print_json(rows)
        return
    print_table(
        rows,
        [("id", "statement", 10), ("lease_owner", "reviewer", 24), ("lease_until", "until", 32)],
    )


@cli.command("backup")
@click.argument("file")
@force_option
@pass_ctx
def backup_cmd(ctx: Context, file: str, force: bool) -> None:
    """Back up the ledger to FILE (SQLite; on PostgreSQL, print the pg_dump command)."""
    from ledger.services.backup import backup_sqlite, pg_dump_command

    db = ctx.database()
    if db.dialect == "postgresql":
        click.echo(pg_dump_command(db, file))
        click.echo(
            "ledger: PostgreSQL is backed up with pg_dump: run the command above "
            "(or 'ledger export --all --format jsonl -o FILE' for a portable dump)",
            err=True,
        )
        return
    path = backup_sqlite(db, file, force)
    click.echo(f"backed up to {path}")


@cli.command("restore")
@click.argument("file")
@pass_ctx
def restore_cmd(ctx: Context, file: str) -> None:
    """Fill an empty ledger from FILE: an SQLite backup or an 'export --all' dump."""
    from ledger.services.backup import restore

    report = restore(ctx.database(), file)
    parts = ", ".join(f"{n} {kind}" for kind, n in report.counts.items() if kind != "event")
    click.echo(f"restored {parts or 'nothing'}; {report.events} events, history verified")
