"""The `ledger` command line: a thin shell over `ledger.services`.

Errors the user can act on print as one line on stderr with a non-zero exit status; a
Python traceback appears only with `--debug`. Untrusted text (quotes, names, titles) is
printed as plain text, never as Rich markup.
"""

from __future__ import annotations

import sys
import traceback
from dataclasses import dataclass
from typing import TYPE_CHECKING

import click

from ledger.errors import LedgerError

if TYPE_CHECKING:
    from ledger.store.database import Database


@dataclass
class Context:
    db_url: str | None
    debug: bool
    _db: Database | None = None

    def database(self) -> Database:
        """The opened database (brought to head on first use), shared by one command."""
        if self._db is None:
            from ledger.store.db import open_database

            self._db = open_database(self.db_url)
        return self._db


pass_ctx = click.make_pass_decorator(Context)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--db",
    "db_url",
    metavar="URL",
    help="Database URL (default: LEDGER_DATABASE_URL, else sqlite:///ledger.db).",
)
@click.option(
    "--as", "actor", metavar="NAME", help="Who is acting (default: LEDGER_ACTOR, else the OS user)."
)
@click.option("--debug", is_flag=True, help="Show Python tracebacks on errors.")
@click.version_option(package_name="statement-ledger", prog_name="ledger")
@click.pass_context
def cli(click_ctx: click.Context, db_url: str | None, actor: str | None, debug: bool) -> None:
    """Statement Ledger: import sources, extract attributed statements, link, review, export."""
    from ledger.services.acting import act_as

    act_as(actor)
    click_ctx.obj = Context(db_url=db_url, debug=debug)


def main(argv: list[str] | None = None) -> None:
    """Console entry point: run the CLI, turning errors into one-line messages."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        cli.main(args=argv, prog_name="ledger", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("ledger: aborted", err=True)
        sys.exit(130)
    except click.ClickException as err:
        err.show()
        sys.exit(err.exit_code)
    except click.exceptions.Exit as err:
        sys.exit(err.exit_code)
    except LedgerError as err:
        if debug:
            traceback.print_exc()
        click.echo(f"ledger: error: {err}", err=True)
        sys.exit(err.exit_code)
    except KeyboardInterrupt:
        click.echo("ledger: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(1)
    except Exception as err:  # the last line of defence: never a traceback without --debug
        if debug:
            traceback.print_exc()
        click.echo(
            f"ledger: internal error: {type(err).__name__}: {err} (run with --debug for details)",
            err=True,
        )
        sys.exit(70)


# Command modules register themselves on `cli` when imported.
from ledger.cli import checkworthy_commands
from ledger.cli import core_commands
from ledger.cli import correct_commands
from ledger.cli import db_commands
from ledger.cli import export_commands
from ledger.cli import link_commands
from ledger.cli import proof_commands
from ledger.cli import review_commands
from ledger.cli import similar_commands
from ledger.cli import team_commands
from ledger.cli import tui_commands
from ledger.cli import serve_commands
