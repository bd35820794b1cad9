"""Team commands: next (leased review work), release, leases, backup, restore, db grant."""

from __future__ import annotations

import click

from ledger.cli import Context, cli, pass_ctx
from ledger.cli.core_commands import db_cmd
from ledger.cli.output import output_file, plain, print_json, print_table
from ledger.store.models import ROLES, STATEMENT_STATUSES


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
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@pass_ctx
def next_cmd(ctx: Context, status: str, minutes: float | None, fmt: str) -> None:
    """Lease the next statement nobody else is working on, and show it."""
    from rich.text import Text

    from ledger.cli.output import console
    from ledger.services.leases import next_item
    from ledger.store.identity import acting_user

    with ctx.database().write() as session:
        item = next_item(session, acting_user(session), status=status, lease_minutes=minutes)
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
    for key in ("id", "speaker", "kind", "stated_on", "title", "source", "status", "version"):
        if item.get(key) not in (None, ""):
            out.print(Text.assemble((f"{key:>10}: ", "bold"), plain(item[key])))
    out.print(Text.assemble(("     quote: ", "bold"), plain(item["quote"])))
    out.print(
        Text.assemble(
            ("     lease: ", "bold"), plain(f"{item['lease_owner']} until {item['lease_until']}")
        )
    )


@cli.command("release")
@click.argument("statement_id", type=int)
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
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
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
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
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


@db_cmd.command("grant")
@click.argument("role", type=click.Choice(ROLES))
@click.argument("user")
@pass_ctx
def db_grant(ctx: Context, role: str, user: str) -> None:
    """Give USER the ledger ROLE; on PostgreSQL also the matching database privileges."""
    from ledger.services.grants import grant
    from ledger.store.identity import acting_user

    with ctx.database().write() as session:
        done = grant(session, role, user, by=acting_user(session))
    if done["created_role"]:
        click.echo(f"created database role {user} (LOGIN, no password)", err=True)
    extra = f" and {done['privileges']} database grants" if done["privileges"] else ""
    click.echo(f"{user} is now {role}{extra}")
    if not done["privileges"]:
        click.echo(
            "ledger: note: SQLite has no database users; file permissions guard the database",
            err=True,
        )


def export_all(ctx: Context, fmt: str, output: str | None, force: bool, *narrowing) -> None:
    """`ledger export --all`: the full dump (wired into the export command)."""
    from ledger.errors import InputError
    from ledger.store.dump import write_dump
    from ledger.services.roles import require
    from ledger.store import migrate
    from ledger.store.identity import acting_user

    if fmt != "jsonl":
        raise InputError("--all writes a full dump as JSONL: use --format jsonl")
    if any(narrowing):
        raise InputError("--all dumps every record: it takes no filters or --no-text")
    db = ctx.database()
    schema = migrate.current_revision(db)
    with db.read() as session:
        # a full dump holds every rating: the same right as exporting verified claims
        require(session, acting_user(session), "export_verified")
    with db.read() as session, output_file(output, force) as out:
        n = write_dump(session, out, schema)
    if output:
        click.echo(f"exported {n} records to {output}", err=True)
