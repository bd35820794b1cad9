"""Claim-linking commands: link, links, claims, claim (similar has its own module)."""

from __future__ import annotations

import sys

import click

from ledger.cli import Context, cli, pass_ctx
from ledger.cli.options import ID, LIST_FORMATS, STREAM_FORMATS, TEXT_FORMATS, format_option
from ledger.cli.output import emit, plain, print_json, print_table
from ledger.store.models import LINK_RELATIONS, LINK_STATUSES


@cli.group("link", invoke_without_command=True)
@click.option(
    "--rebuild",
    is_flag=True,
    help="Recompute every link and claim from scratch (reviewer decisions are kept).",
)
@click.pass_context
def link_cmd(click_ctx: click.Context, rebuild: bool) -> None:
    """Link statements into claims; `link confirm|reject A B` records a reviewer's decision."""
    if click_ctx.invoked_subcommand is not None:
        return
    from ledger.services import claims, link_index

    ctx: Context = click_ctx.obj
    if rebuild:
        with ctx.database().write() as session:
            stats = claims.rebuild(session)
        link_index.save_index(ctx.database())  # after the commit: never a rolled-back index
        click.echo(
            f"rebuilt: {stats['links']} links ({stats['added']} added, {stats['updated']} updated, {stats['removed']} removed)"
        )
        return
    from ledger.services.links import link_counts

    with ctx.database().read() as session:
        counts = link_counts(session)
    total = sum(n for _, _, n in counts)
    detail = ", ".join(f"{rel} {dec}: {n}" for rel, dec, n in counts) or "none"
    click.echo(
        f"{total} links ({detail}); statements are linked as they are imported, --rebuild recomputes all"
    )


def _decide(ctx: Context, a: int, b: int, decision: str) -> None:
    from ledger.services import claims

    with ctx.database().write() as session:
        row = claims.decide_link(session, a, b, decision)
    click.echo(f"link {row['a']}–{row['b']} ({row['relation']}) {row['status']}")


@link_cmd.command("confirm")
@click.argument("a", type=ID)
@click.argument("b", type=ID)
@pass_ctx
def link_confirm(ctx: Context, a: int, b: int) -> None:
    """Confirm that statements A and B make the same claim."""
    _decide(ctx, a, b, "confirm")


@link_cmd.command("reject")
@click.argument("a", type=ID)
@click.argument("b", type=ID)
@pass_ctx
def link_reject(ctx: Context, a: int, b: int) -> None:
    """Reject the link between A and B: they never share a claim again by themselves."""
    _decide(ctx, a, b, "reject")


def _diff_text(diff) -> str:
    if not diff:
        return ""
    parts = []
    for op in diff:
        if op.get("op") == "equal":
            parts.append(op.get("a", ""))
        elif op.get("op") == "delete":
            parts.append(f"[-{op.get('a', '')}-]")
        elif op.get("op") == "insert":
            parts.append(f"{{+{op.get('b', '')}+}}")
        else:
            parts.append(f"[-{op.get('a', '')}-]{{+{op.get('b', '')}+}}")
    return " ".join(p for p in parts if p)


@cli.command("links")
@click.option("--relation", type=click.Choice(LINK_RELATIONS))
@click.option("--status", type=click.Choice(LINK_STATUSES))
@format_option(STREAM_FORMATS, "table")
@pass_ctx
def links_cmd(ctx: Context, relation, status, fmt) -> None:
    """List links between statements."""
    from ledger.services import links

    with ctx.database().read() as session:
        rows = links.list_links(session, relation, status)

        def table(rs):
            for r in rs:
                r["diff_text"] = _diff_text(r["diff"])
            print_table(
                rs,
                [
                    ("a", "a", 7),
                    ("b", "b", 7),
                    ("relation", "relation", 10),
                    ("score", "score", 6),
                    ("status", "status", 9),
                    ("a_quote", "a quote", 40),
                    ("diff_text", "diff", 50),
                ],
            )

        emit(rows, fmt, sys.stdout, table)


@cli.command("claims")
@format_option(LIST_FORMATS, "table")
@click.option("--linked", is_flag=True, help="Only claims that appear more than once.")
@pass_ctx
def claims_cmd(ctx: Context, fmt: str, linked: bool) -> None:
    """List claims with their number of appearances."""
    from ledger.services import claims

    with ctx.database().read() as session:
        rows = claims.list_claims(session)
        if linked:
            rows = (r for r in rows if r["appearances"] > 1)
        if fmt == "csv":
            from ledger.export.tabular import write_csv

            write_csv(
                rows,
                sys.stdout,
                [
                    "id",
                    "canonical_text",
                    "first_statement_id",
                    "appearances",
                    "rating",
                    "rating_final",
                    "status",
                    "version",
                ],
            )
            return
        emit(
            rows,
            fmt,
            columns=[
                ("id", "id", 7),
                ("appearances", "seen", 5),
                ("rating", "rating", 12),
                ("first_statement_id", "first", 7),
                ("canonical_text", "claim", 80),
            ],
        )


@cli.command("claim")
@click.argument("claim_id", type=ID)
@format_option(TEXT_FORMATS, "text")
@pass_ctx
def claim_cmd(ctx: Context, claim_id: int, fmt: str) -> None:
    """Every appearance of a claim in date order, the first marked, diffs for altered quotes."""
    from ledger.services import claims

    with ctx.database().read() as session:
        detail = claims.claim_detail(session, claim_id)
    if fmt == "json":
        print_json(detail)
        return
    from rich.text import Text

    from ledger.cli.output import console
    from ledger.services.views import date_label

    out = console()
    out.print(Text.assemble((f"claim {detail['id']}: ", "bold"), plain(detail["canonical_text"])))
    if detail["rating"]:
        out.print(
            Text.assemble(
                ("rating: ", "bold"),
                plain(detail["rating"]),
                plain("" if detail["rating_final"] else " (not final)"),
            )
        )
    for a in detail["appearances"]:
        mark = "FIRST " if a["first"] else "      "
        # as precise as it is known ("week of 2024-06-03"); undated: its source's date
        when = (
            date_label(a["stated_on"], a.get("stated_on_precision"))
            or (f"published {a['published_on']}" if a["published_on"] else None)
            or "undated"
        )
        rel = f" [{a['relation_to_first']} {a['score']}]" if a["relation_to_first"] else ""
        out.print(
            Text.assemble(
                (mark, "bold green"),
                plain(
                    f"#{a['statement_id']} {when} {a['speaker'] or 'unattributed'} — {a['outlet'] or a['title'] or 'source ' + str(a['source_id'])}{rel}"
                ),
            )
        )
        out.print(Text.assemble("        ", plain(a["quote"])))
        if a["diff"] and a["relation_to_first"] == "altered":
            line = Text("        diff: ")
            for op in a["diff"]:
                kind = op.get("op")
                if kind == "equal":
                    line.append(op.get("a", "") + " ")
                if kind in ("delete", "replace"):
                    line.append(op.get("a", ""), style="red strike")
                    line.append(" ")
                if kind in ("insert", "replace"):
                    line.append(op.get("b", ""), style="green underline")
                    line.append(" ")
            out.print(line)
