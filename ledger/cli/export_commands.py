"""`ledger export`, every flavour: statements as JSON, JSONL or CSV (`--rated`: only finally
rated claims), ClaimReview JSON-LD, W3C PROV-JSON, and the full dump (`--all`) that
`ledger restore` reads.
"""

from __future__ import annotations

import click

from ledger.cli import Context, cli, pass_ctx
from ledger.cli.options import filter_options, force_option, format_option, statement_filter
from ledger.cli.output import emit
from ledger.errors import InputError
from ledger.services.output_files import output_file

EXPORT_FORMATS = ("json", "jsonl", "csv", "claimreview", "prov")


def _exported(n: int, what: str, output: str | None = None) -> None:
    """The closing line on stderr: how many `what`s went where."""
    where = f" to {output}" if output else ""
    click.echo(f"exported {n} {what}{'s' if n != 1 else ''}{where}", err=True)


@cli.command("export")
@format_option(EXPORT_FORMATS, "jsonl")
@filter_options
@click.option("--rated", is_flag=True, help="Only statements whose claim has a final rating.")
@click.option("--org-name", metavar="NAME", help="claimreview: the fact-checking organisation.")
@click.option("--org-url", metavar="URL", help="claimreview: the organisation's site.")
@click.option("--base-url", metavar="URL", help="claimreview: review pages ({id} or /claims/ID).")
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (default: standard output).")
@force_option
@click.option("--no-text", is_flag=True, help="JSONL: leave the source texts out.")
@click.option(
    "--all", "all_", is_flag=True, help="Full dump of every record (for 'ledger restore')."
)
@click.option(
    "--with-proof",
    is_flag=True,
    help="json, jsonl, claimreview: each record with an inclusion proof against a signed "
    "checkpoint (a new one unless --checkpoint); check with 'ledger verify-proof FILE'.",
)
@click.option(
    "--checkpoint",
    "checkpoint_file",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="--with-proof: prove against this signed checkpoint instead of signing a new one.",
)
@click.option(
    "--key",
    "key_file",
    metavar="FILE",
    help="--with-proof: the signing key for the new checkpoint (as for 'ledger checkpoint').",
)
@pass_ctx
def export_cmd(
    ctx: Context,
    fmt,
    speaker,
    source,
    status,
    since,
    until,
    search,
    hedging,
    rated,
    org_name,
    org_url,
    base_url,
    output,
    force,
    no_text,
    all_,
    with_proof,
    checkpoint_file,
    key_file,
) -> None:
    """Export statements with every field, offsets included (claimreview: rated claims;
    prov: W3C PROV-JSON provenance)."""
    if (checkpoint_file or key_file) and not with_proof:
        raise InputError("--checkpoint and --key go with --with-proof")
    if with_proof and (all_ or fmt not in ("json", "jsonl", "claimreview")):
        raise InputError("--with-proof goes with --format json, jsonl or claimreview")
    checkpoint = _proof_checkpoint(ctx, checkpoint_file, key_file) if with_proof else None
    if all_:
        narrowing = (speaker, source, status, since, until, search, hedging, no_text)
        return _export_all(ctx, fmt, output, force, any(narrowing))
    f = statement_filter(speaker, source, status, since, until, search, hedging)
    if fmt == "claimreview":
        return _export_claimreview(ctx, output, force, org_name, org_url, base_url, checkpoint)
    if fmt == "prov":
        return _export_prov(ctx, f, output, force)
    from ledger.export.tabular import jsonl_rows
    from ledger.services.export_proofs import Prover
    from ledger.services.exports import rated_only
    from ledger.services.query import iter_statements

    with ctx.database().read() as session, output_file(output, force) as out:
        rows = iter_statements(session, f)
        if rated:
            rows = rated_only(session, rows)
        if checkpoint is not None:
            rows = map(Prover(session, checkpoint).statement_row, rows)
        if fmt == "jsonl":
            rows = jsonl_rows(session, rows, with_text=not no_text)
        n = emit(rows, fmt, out)
    if output:
        _exported(n, "statement", output)


def _export_claimreview(
    ctx: Context,
    output: str | None,
    force: bool,
    org_name: str | None,
    org_url: str | None,
    base_url: str | None,
    checkpoint=None,
) -> None:
    """`--format claimreview`: the finally rated claims as ClaimReview JSON-LD."""
    from ledger.export.claimreview import write_claim_reviews
    from ledger.services.export_proofs import Prover

    with ctx.database().read() as session:
        if not org_name or not org_url:
            raise InputError("--format claimreview needs --org-name NAME and --org-url URL")
        prove = Prover(session, checkpoint).claim_review if checkpoint is not None else None
        with output_file(output, force) as out:
            count, notes = write_claim_reviews(
                session, out, org_name=org_name, org_url=org_url, base_url=base_url, prove=prove
            )
    for note in notes:
        click.echo(f"ledger: note: {note}", err=True)
    _exported(count, "claim review")


def _proof_checkpoint(ctx: Context, checkpoint_file: str | None, key_file: str | None):
    """The checkpoint an export's proofs are made against: the given one (its signature
    checked), else a new one signed now with the signing key."""
    from ledger.services import checkpoints

    if checkpoint_file:
        if key_file:
            raise InputError("--checkpoint is already signed: leave out --key")
        return checkpoints.read_checkpoint(checkpoint_file, None)
    checkpoint = checkpoints.sign_history(ctx.database(), checkpoints.key_path(key_file))
    click.echo(
        f"signed checkpoint of {checkpoint.size} events by {checkpoint.key_id} for the proofs",
        err=True,
    )
    return checkpoint


def _export_prov(ctx: Context, f, output: str | None, force: bool) -> None:
    """`--format prov`: the filtered statements' provenance as W3C PROV-JSON."""
    from ledger.export.prov import write_prov

    with ctx.database().read() as session, output_file(output, force) as out:
        n = write_prov(session, out, f)
    _exported(n, "statement")


def _export_all(ctx: Context, fmt: str, output: str | None, force: bool, narrowed: bool) -> None:
    """`--all`: every record, for `ledger restore`."""
    from ledger.services.roles import require
    from ledger.store import migrate
    from ledger.store.dump import write_dump
    from ledger.store.identity import acting_user

    if fmt != "jsonl":
        raise InputError("--all writes a full dump as JSONL: use --format jsonl")
    if narrowed:
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
