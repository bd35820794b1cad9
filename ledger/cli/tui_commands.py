"""`ledger review`: start the Textual reviewer UI.

Textual is imported inside the command only, so `import ledger.cli` never loads it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ledger.cli import Context, cli, pass_ctx
from ledger.errors import InputError

# What textual-serve (`ledger serve`) sets for the app it runs: Textual's web driver, which
# speaks to the server over stdin and stdout, so those are pipes and not a terminal.
WEB_DRIVER = "textual.drivers.web_driver:WebDriver"


@cli.command("review")
@click.option(
    "--keys",
    "keys_file",
    metavar="FILE",
    help="Key remapping file (default: LEDGER_KEYS, else ~/.config/statement-ledger/keys.toml).",
)
@click.option(
    "--page-size",
    type=click.IntRange(10, 1000),
    default=50,
    show_default=True,
    help="Queue rows loaded per page.",
)
@click.option(
    "--org-name",
    metavar="NAME",
    default=lambda: os.environ.get("LEDGER_ORG_NAME", ""),
    help="ClaimReview export: the fact-checking organisation (default: LEDGER_ORG_NAME).",
)
@click.option(
    "--org-url",
    metavar="URL",
    default=lambda: os.environ.get("LEDGER_ORG_URL", ""),
    help="ClaimReview export: the organisation's site (default: LEDGER_ORG_URL).",
)
@pass_ctx
def review_cmd(
    ctx: Context, keys_file: str | None, page_size: int, org_name: str, org_url: str
) -> None:
    """Review statements in a terminal UI: verify, dispute, rate, link, annotate.

    Press ? in the UI for the keys, Ctrl+P for the command palette.
    """
    from ledger.config import current_actor
    from ledger.export.claimreview import claim_reviews

    try:
        from ledger.tui.app import ReviewApp
        from ledger.tui.keys import load_keymap
    except ImportError as err:  # a checkout without Textual installed
        raise InputError(f"the reviewer UI needs Textual: {err}") from None
    keymap = load_keymap(Path(keys_file) if keys_file else None)
    served = os.environ.get("TEXTUAL_DRIVER") == WEB_DRIVER
    if not served and (not sys.stdin.isatty() or not sys.stdout.isatty()):
        raise InputError("ledger review needs a terminal (stdin and stdout are not a tty)")
    db = ctx.database()
    ReviewApp(
        db,
        current_actor(),
        keymap=keymap,
        page_size=page_size,
        org_name=org_name,
        org_url=org_url,
        claim_reviews=claim_reviews,
    ).run()
