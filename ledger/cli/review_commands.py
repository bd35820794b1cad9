"""Review commands: verdict, rate, note, evidence, undo, assign, review-status, review-log,
pending, settings and roles.

Every command is a thin shell over `ledger.services.decisions`, `.derivation`, `.review_log`,
`.settings` and `.roles`.
Without `--version`, a decision is made on the item's current version ("I decide on what
is there now"); with it, a stale version is refused with who changed what and when.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from ledger.cli import Context, cli, pass_ctx
from ledger.cli.options import (
    ID,
    STREAM_FORMATS,
    SUMMARY_FORMATS,
    TEXT_FORMATS,
    claim_option,
    format_option,
    note_evidence_options,
    version_option,
)
from ledger.cli.output import emit, print_json, print_table
from ledger.store.safe_json import safe_dumps

text_or_json = format_option(TEXT_FORMATS, "text")


def _status_line(state: dict[str, Any]) -> str:
    """One line a person reads: the status, four-eyes progress and version."""
    if "statement_id" in state:
        head = f"statement {state['statement_id']}: {state['status']}"
        pending = state["pending_verdict"]
    else:
        head = f"claim {state['claim_id']}: {state['rating'] or 'not rated'}"
        pending = state["pending_rating"]
    if state.get("final"):
        head += f" (final, {state['approvals']} of {state['required']} approvals)"
    elif pending:
        head += f" ({pending!r} pending: {state['approvals']} of {state['required']} approvals)"
    head += f", version {state['version']}"
    if state.get("assigned_to"):
        head += f", assigned to {state['assigned_to']}"
    return head


def _show(state: dict[str, Any], fmt: str) -> None:
    if fmt == "json":
        print_json(state)
    else:
        click.echo(_status_line(state))


def _current_version(session, item_id: int, claim: bool) -> int:
    from ledger.services import derivation

    state = (
        derivation.claim_status(session, item_id)
        if claim
        else derivation.status_of(session, item_id)
    )
    return state["version"]


@cli.command("verdict")
@click.argument("statement_id", type=ID)
@click.argument("status")
@note_evidence_options("Why (kept with the decision).")
@version_option("The version you reviewed (default: the current one).")
@text_or_json
@pass_ctx
def verdict_cmd(ctx: Context, statement_id: int, status: str, note, evidence, seen, fmt) -> None:
    """Decide on statement STATEMENT_ID: in_review, verified, disputed or rejected."""
    from ledger.services import decisions

    with ctx.database().write() as session:
        version = seen if seen is not None else _current_version(session, statement_id, False)
        state = decisions.decide(
            session,
            statement_id,
            status,
            seen_version=version,
            note=note,
            evidence=list(evidence),
        )
    _show(state, fmt)


@cli.command("rate")
@click.argument("claim_id", type=ID)
@click.argument("rating")
@note_evidence_options("Why (kept with the rating).")
@version_option("The claim version you reviewed (default: the current one).")
@text_or_json
@pass_ctx
def rate_cmd(ctx: Context, claim_id: int, rating: str, note, evidence, seen, fmt) -> None:
    """Rate claim CLAIM_ID on the rating scale (see `ledger settings rating_scale`)."""
    from ledger.services import decisions

    with ctx.database().write() as session:
        version = seen if seen is not None else _current_version(session, claim_id, True)
        state = decisions.rate_claim(
            session, claim_id, rating, seen_version=version, note=note, evidence=list(evidence)
        )
    _show(state, fmt)


@cli.command("note")
@click.argument("item_id", type=ID)
@click.argument("text")
@claim_option
@version_option("The version you reviewed.")
@text_or_json
@pass_ctx
def note_cmd(ctx: Context, item_id: int, text: str, claim: bool, seen, fmt) -> None:
    """Add a note to a statement (or a claim)."""
    from ledger.services import decisions

    with ctx.database().write() as session:
        version = seen if seen is not None else _current_version(session, item_id, claim)
        state = decisions.add_note(
            session,
            None if claim else item_id,
            text,
            seen_version=version,
            claim_id=item_id if claim else None,
        )
    _show(state, fmt)


@cli.command("evidence")
@click.argument("item_id", type=ID)
@click.argument("refs", nargs=-1, required=True)
@claim_option
@click.option("--note", help="What the evidence shows.")
@version_option("The version you reviewed.")
@text_or_json
@pass_ctx
def evidence_cmd(ctx: Context, item_id: int, refs, claim: bool, note, seen, fmt) -> None:
    """Add evidence (http(s) URLs, source:ID or statement:ID) to a statement (or a claim)."""
    from ledger.services import decisions

    with ctx.database().write() as session:
        version = seen if seen is not None else _current_version(session, item_id, claim)
        state = decisions.add_evidence(
            session,
            None if claim else item_id,
            list(refs),
            seen_version=version,
            note=note,
            claim_id=item_id if claim else None,
        )
    _show(state, fmt)


@cli.command("undo")
@click.argument("item_id", type=ID, required=False)
@claim_option
@text_or_json
@pass_ctx
def undo_cmd(ctx: Context, item_id: int | None, claim: bool, fmt: str) -> None:
    """Retract your latest decision (on ITEM_ID, or anywhere). Nothing is deleted."""
    from ledger.services import decisions

    with ctx.database().write() as session:
        state = decisions.undo_last(
            session,
            statement_id=item_id if item_id is not None and not claim else None,
            claim_id=item_id if claim else None,
        )
    if fmt == "json":
        print_json(state)
        return
    gone = state["retracted"]
    click.echo(f"retracted review {gone['id']} ({gone['verdict']!r} on {gone['subject']})")
    click.echo(_status_line(state))


@cli.command("assign")
@click.argument("statement_id", type=ID)
@click.argument("reviewer")
@version_option("The version you saw.")
@text_or_json
@pass_ctx
def assign_cmd(ctx: Context, statement_id: int, reviewer: str, seen, fmt: str) -> None:
    """Assign statement STATEMENT_ID to REVIEWER (- unassigns)."""
    from ledger.services import decisions

    with ctx.database().write() as session:
        version = seen if seen is not None else _current_version(session, statement_id, False)
        state = decisions.assign(
            session, statement_id, None if reviewer == "-" else reviewer, seen_version=version
        )
    _show(state, fmt)


@cli.command("review-status")
@click.argument("item_id", type=ID)
@claim_option
@text_or_json
@pass_ctx
def review_status_cmd(ctx: Context, item_id: int, claim: bool, fmt: str) -> None:
    """The derived status of a statement (or rating of a claim) and its approvals."""
    from ledger.services import derivation

    with ctx.database().read() as session:
        state = (
            derivation.claim_status(session, item_id)
            if claim
            else derivation.status_of(session, item_id)
        )
    _show(state, fmt)


@cli.command("pending")
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True)
@format_option(SUMMARY_FORMATS, "table", show_default=False)
@pass_ctx
def pending_cmd(ctx: Context, limit: int, fmt: str) -> None:
    """Statements waiting for another approval that you have not given (four eyes)."""
    from ledger.services import decisions

    with ctx.database().read() as session:
        rows = decisions.pending_for(session, limit=limit)
    if fmt == "json":
        print_json(rows)
        return
    for r in rows:
        r["progress"] = f"{r['approvals']} of {r['required']}"
        r["by"] = ", ".join(r["approved_by"])
    print_table(
        rows,
        [
            ("statement_id", "id", 7),
            ("pending_verdict", "pending", 10),
            ("progress", "approvals", 10),
            ("by", "approved by", 30),
            ("version", "version", 7),
        ],
    )
    click.echo(f"{len(rows)} statement{'s' if len(rows) != 1 else ''} waiting for you")


LOG_COLUMNS = [
    ("id", "id", 6),
    ("at", "at (UTC)", 16),
    ("reviewer", "reviewer", 16),
    ("verdict", "verdict", 12),
    ("state", "", 10),
    ("note", "note", 50),
    ("evidence_text", "evidence", 40),
]


@cli.command("review-log")
@click.argument("item_id", type=ID)
@claim_option
@format_option(STREAM_FORMATS, "table")
@pass_ctx
def review_log_cmd(ctx: Context, item_id: int, claim: bool, fmt: str) -> None:
    """Every decision on a statement (or claim), oldest first; retractions marked."""
    from ledger.services import derivation, review_log

    with ctx.database().read() as session:
        if claim:
            rows = review_log.review_log(session, claim_id=item_id)
            state = derivation.claim_status(session, item_id)
        else:
            rows = review_log.review_log(session, statement_id=item_id)
            state = derivation.status_of(session, item_id)
    if fmt != "table":
        emit(rows, fmt, sys.stdout)
        return
    for r in rows:
        r["evidence_text"] = ", ".join(r["evidence"])
        r["at"] = (r["created_at"] or "").replace("T", " ")[:16]
        r["state"] = (
            "retracted"
            if r["retracted"]
            else f"undoes {r['retracts_id']}"
            if r["retracts_id"]
            else ""
        )
    print_table(rows, LOG_COLUMNS)
    click.echo(f"{len(rows)} entr{'ies' if len(rows) != 1 else 'y'}; {_status_line(state)}")


@cli.command("settings")
@click.argument("key", required=False)
@click.argument("value", required=False)
@text_or_json
@pass_ctx
def settings_cmd(ctx: Context, key: str | None, value: str | None, fmt: str) -> None:
    """Show settings, one setting, or set KEY to VALUE (admins; rating_scale takes JSON).

    Keys: required_approvals (distinct reviewers who must agree, default 1),
    rating_scale (list of {name, alternateName, ratingValue, bestRating, worstRating}),
    lease_minutes (how long a review lease lasts, default 30), checkpoint_dir (a folder for
    automatic signed checkpoints after each import and each day of decisions; empty: none).
    """
    from ledger.services import derivation, settings

    db = ctx.database()
    if value is not None:
        with db.write() as session:
            derivation.change_setting(session, key, value)
            data = {key: settings.get_setting(session, key)}
    else:
        with db.read() as session:
            data = (
                {key: settings.get_setting(session, key)} if key else settings.all_settings(session)
            )
    if fmt == "json":
        print_json(data if key is None else data[key])
        return
    for k, v in data.items():
        if k == "rating_scale":
            click.echo(f"{k}:")
            print_table(
                v,
                [
                    ("name", "rating", 20),
                    ("alternateName", "alternateName", 20),
                    ("ratingValue", "ratingValue", 11),
                    ("bestRating", "best", 5),
                    ("worstRating", "worst", 5),
                    ("description", "meaning", 50),
                ],
            )
        else:
            click.echo(f"{k}: {safe_dumps(v)}")


@cli.command("roles")
@click.argument("user", required=False)
@click.argument("role", required=False)
@text_or_json
@pass_ctx
def roles_cmd(ctx: Context, user: str | None, role: str | None, fmt: str) -> None:
    """List user roles, show USER's role, or give USER a ROLE (reviewer, editor, admin,
    none to remove). With no roles assigned, everyone is admin (single-user mode)."""
    from ledger.services import roles

    db = ctx.database()
    if role is not None:
        with db.write() as session:
            result = roles.set_role(session, user, None if role == "none" else role)
        if fmt == "json":
            print_json(result)
        else:
            click.echo(f"{result['user']} is {result['role']}")
        return
    with db.read() as session:
        if user is not None:
            data: Any = {"user": user, "role": roles.role_of(session, user)}
        else:
            me = roles.acting_user(session)
            data = {
                "you": me,
                # (on an SQLite file not shared by a team: the OS user's role)
                "your_role": roles.role_of(session, roles.role_holder(session, me)),
                "roles": roles.list_roles(session),
            }
    if fmt == "json":
        print_json(data)
    elif user is not None:
        click.echo(f"{data['user']} is {data['role']}")
    else:
        if data["roles"]:
            print_table(data["roles"], [("user", "user", 40), ("role", "role", 10)])
            click.echo("users not listed are reviewers")
        else:
            click.echo("no roles assigned: single-user mode, everyone is admin")
        click.echo(f"you ({data['you']}) are {data['your_role']}")
