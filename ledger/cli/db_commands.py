"""`ledger db`: the schema (upgrade, downgrade, current, check) and database privileges
(grant).

The migration commands open the database without bringing it to head first: looking at or
moving the schema is their whole job.
"""

from __future__ import annotations

import click

from ledger.cli import Context, cli, pass_ctx
from ledger.errors import LedgerError
from ledger.store.models import ROLES


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


@db_cmd.command("grant")
@click.argument("role", type=click.Choice(ROLES))
@click.argument("user")
@pass_ctx
def db_grant(ctx: Context, role: str, user: str) -> None:
    """Give USER the ledger ROLE; on PostgreSQL also the matching database privileges.

    PostgreSQL: run it connected as the tables' owner; creating a database role that does
    not exist yet needs the CREATEROLE privilege (or a superuser to create it first).
    """
    from ledger.services.grants import grant
    from ledger.store.identity import acting_user

    with ctx.database().write() as session:
        dialect = session.connection().dialect.name
        done = grant(session, role, user, by=acting_user(session))
    if done["created_role"]:
        click.echo(f"created database role {user} (LOGIN, no password)", err=True)
    extra = f" and {done['privileges']} database grants" if done["privileges"] else ""
    click.echo(f"{user} is now {role}{extra}")
    if done["privileges"]:
        return
    if dialect == "postgresql":
        note = f"{user} owns the tables or is a superuser: its privileges are unchanged"
    else:
        note = (
            "SQLite has no database users: the file's owner is its root of trust, and "
            "roles apply to OS users unless the file is shared_by_team"
        )
    click.echo(f"ledger: note: {note}", err=True)
