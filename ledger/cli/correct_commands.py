"""`ledger correct …`: corrections of what the extractor got wrong, a thin shell over
`ledger.services.corrections`.

An editor's correction is applied at once; a reviewer's is a proposal that an editor
accepts (`ledger correct accept N`) or declines. With `required_approvals` above 1 every
correction waits for that many people (four eyes). Without `--version` a correction is
made on the item's current version; with it, a stale version is refused (exit code 4)
with who changed what since.
"""

from __future__ import annotations

from typing import Any

import click

from ledger.cli import Context, cli, pass_ctx
from ledger.cli.options import ID, STREAM_FORMATS, TEXT_FORMATS, format_option, version_option
from ledger.cli.output import emit, print_json

text_or_json = format_option(TEXT_FORMATS, "text")


def _line(rec: dict[str, Any]) -> str:
    """One line a person reads: the correction, its state and what it did."""
    kind = rec["kind"].replace("_", "-")
    head = f"correction {rec['id']} ({kind} {rec['subject']}): {rec['state']}"
    if rec["state"] == "pending":
        need = rec.get("required", 1)
        head += (
            f", {len(rec['approved_by'])} of {need} approvals"
            + ("" if rec.get("editor_approved") else ", waiting for an editor")
            + f": ledger correct accept {rec['id']}"
        )
    result = rec.get("result") or {}
    if "statement_id" in result:
        head += f", statement {result['statement_id']} added"
    if result.get("created_speaker"):
        head += f", new speaker {result['speaker_id']}"
    elif "speaker_id" in result and rec["kind"] == "speaker":
        head += f", speaker {result['speaker_id']}"
    if "quote" in result:
        head += f", quote {result['quote'][:60]!r}"
    return head


def _show(rec: dict[str, Any], fmt: str) -> None:
    if fmt == "json":
        print_json(rec)
    else:
        click.echo(_line(rec))


@cli.group("correct")
def correct_group() -> None:
    """Correct statements and claims (editors), or propose corrections (reviewers)."""


def _run(ctx: Context, fmt: str, call: str, *args: Any, **kw: Any) -> None:
    from ledger.services import corrections

    with ctx.database().write() as session:
        rec = getattr(corrections, call)(session, *args, **kw)
    _show(rec, fmt)


_note = click.option("--note", help="Why (kept with the correction).")


@correct_group.command("speaker")
@click.argument("statement_id", type=ID)
@click.argument("name")
@_note
@version_option("The statement version you reviewed (default: the current one).")
@text_or_json
@pass_ctx
def speaker_cmd(ctx: Context, statement_id: int, name: str, note, seen, fmt) -> None:
    """Attribute STATEMENT_ID to NAME: a speaker id, a name or alias of one speaker, or a
    new speaker's name. The mention stays as the source wrote it."""
    _run(ctx, fmt, "correct_speaker", statement_id, name, note=note, seen_version=seen)


@correct_group.command("span")
@click.argument("statement_id", type=ID)
@click.argument("start", type=click.IntRange(min=0))
@click.argument("end", type=click.IntRange(min=0))
@_note
@version_option("The statement version you reviewed (default: the current one).")
@text_or_json
@pass_ctx
def span_cmd(ctx: Context, statement_id: int, start: int, end: int, note, seen, fmt) -> None:
    """Make STATEMENT_ID's quote the source text from START to END (character offsets)."""
    _run(ctx, fmt, "correct_span", statement_id, start, end, note=note, seen_version=seen)


@correct_group.command("add")
@click.argument("source_id", type=ID)
@click.argument("start", type=click.IntRange(min=0))
@click.argument("end", type=click.IntRange(min=0))
@click.option("--speaker", metavar="NAME", help="Who said it (id, name or alias; else new).")
@_note
@text_or_json
@pass_ctx
def add_cmd(ctx: Context, source_id: int, start: int, end: int, speaker, note, fmt) -> None:
    """Add the statement the extractor missed: SOURCE_ID's text from START to END."""
    _run(ctx, fmt, "add_statement", source_id, start, end, speaker, note=note)


@correct_group.command("retract")
@click.argument("statement_id", type=ID)
@click.option("--note", required=True, help="Why it is not a statement (required).")
@version_option("The statement version you reviewed (default: the current one).")
@text_or_json
@pass_ctx
def retract_cmd(ctx: Context, statement_id: int, note: str, seen, fmt) -> None:
    """Retract STATEMENT_ID: it leaves its claim, links, the queue and exports (its rows
    and history stay; nothing is deleted)."""
    _run(ctx, fmt, "retract", statement_id, note, seen_version=seen)


@correct_group.command("claim-text")
@click.argument("claim_id", type=ID)
@click.argument("text")
@_note
@version_option("The claim version you reviewed (default: the current one).")
@text_or_json
@pass_ctx
def claim_text_cmd(ctx: Context, claim_id: int, text: str, note, seen, fmt) -> None:
    """Set CLAIM_ID's canonical text (what ClaimReview publishes as claimReviewed)."""
    _run(ctx, fmt, "correct_claim_text", claim_id, text, note=note, seen_version=seen)


@correct_group.command("accept")
@click.argument("number", type=ID)
@version_option("The version of the corrected item you reviewed (default: the current one).")
@text_or_json
@pass_ctx
def accept_cmd(ctx: Context, number: int, seen, fmt) -> None:
    """Approve pending correction NUMBER (editors); applied once it has its approvals."""
    _run(ctx, fmt, "accept", number, seen_version=seen)


@correct_group.command("decline")
@click.argument("number", type=ID)
@_note
@text_or_json
@pass_ctx
def decline_cmd(ctx: Context, number: int, note, fmt) -> None:
    """Decline pending correction NUMBER (editors; the proposer may withdraw it)."""
    _run(ctx, fmt, "decline", number, note=note)


@correct_group.command("list")
@click.option("--state", type=click.Choice(("pending", "applied", "declined")))
@click.option("--subject", metavar="statement:ID|claim:ID|source:ID")
@format_option(STREAM_FORMATS, "table")
@pass_ctx
def list_cmd(ctx: Context, state: str | None, subject: str | None, fmt: str) -> None:
    """Corrections, by number (pending ones wait for `ledger correct accept N`)."""
    from ledger.services import corrections

    with ctx.database().read() as session:
        rows = corrections.list_corrections(session, state=state, subject=subject)
    flat = [
        {
            **r,
            "what": r["kind"].replace("_", "-"),
            "params": ", ".join(f"{k}={v}" for k, v in r["params"].items()),
            "approvals": ", ".join(r["approved_by"]),
        }
        for r in rows
    ]
    emit(
        flat if fmt == "table" else rows,
        fmt,
        columns=[
            ("id", "#", 6),
            ("what", "correction", 11),
            ("subject", "subject", 16),
            ("params", "to", 40),
            ("state", "state", 9),
            ("proposed_by", "by", 14),
            ("approvals", "approved by", 20),
            ("note", "note", 30),
        ],
    )
