"""Proof commands: verify (the history's chain, and that it extends a signed checkpoint),
checkpoint (sign one, export the public key), proof and verify-proof (inclusion proofs).

The work is `ledger.services.checkpoints`'s (and `ledger.store.verify`'s for the chain);
these commands parse options and print.
"""

from __future__ import annotations

import json

import click

from ledger.cli import Context, cli, pass_ctx
from ledger.errors import InputError, IntegrityFailure

_PUBLIC_KEY_HELP = (
    "Pin the signer: the checkpoint must be signed by this public key (PEM or note key)."
)
_public_key_option = click.option(
    "--public-key",
    "public_key",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help=_PUBLIC_KEY_HELP,
)


def _checkpoint_option(help_text: str):
    """`--checkpoint FILE` (the parameter `checkpoint_file`), with the command's own help."""
    return click.option(
        "--checkpoint",
        "checkpoint_file",
        metavar="FILE",
        type=click.Path(dir_okay=False),
        help=help_text,
    )


@cli.command("verify")
@_checkpoint_option("Also prove the history extends this signed checkpoint (consistency proof).")
@_public_key_option
@pass_ctx
def verify_cmd(ctx: Context, checkpoint_file: str | None, public_key: str | None) -> None:
    """Recompute the history's hash chain and check the tables agree with it (and the
    stored Merkle tree, when there is one, with the events).

    With --checkpoint, first check the checkpoint's signature (and signer, with
    --public-key) and prove the history extends the checkpointed one (its last event, and
    a consistency proof): a rollback, truncation, fork or rewrite fails (exit 1).
    """
    from ledger.services import checkpoints
    from ledger.store.verify import verify

    if public_key and not checkpoint_file:
        raise InputError("--public-key pins the signer of a --checkpoint: give one")
    check = None
    if checkpoint_file:
        pinned = checkpoints.read_public_key(public_key) if public_key else None
        checkpoint = checkpoints.read_checkpoint(checkpoint_file, pinned)
        check = checkpoints.verify_checkpoint(ctx.database(), checkpoint)
    with ctx.database().read() as session:
        result = verify(session)
    if not result.ok:
        raise IntegrityFailure(f"verify failed: {result.problem}")
    problem = checkpoints.stored_tree_problem(ctx.database())
    if problem:
        raise IntegrityFailure(f"verify failed: {problem}")
    click.echo(f"ok: {result.events} events, chain intact; {result.rows} records agree with it")
    if check is not None:
        c = check.checkpoint
        pin = "the pinned key" if public_key else "a key not pinned (use --public-key)"
        click.echo(
            f"ok: extends checkpoint {c.origin} of {c.size} events ({c.time}), signed by "
            f"{c.key_id}, {pin}; now {check.size} events, root {check.root.hex()}"
        )


@cli.command("checkpoint")
@click.option(
    "-o", "--output", metavar="FILE", help="Write the checkpoint to FILE (default: stdout)."
)
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@click.option(
    "--key",
    "key_file",
    metavar="FILE",
    help="The Ed25519 signing key (default: LEDGER_SIGNING_KEY, else the user's config folder); created on first use.",
)
@click.option(
    "--public-key-out",
    metavar="FILE",
    help="Write the signing key's public half (PEM) to FILE; without -o, only that.",
)
@click.option(
    "--series",
    is_flag=True,
    help="Write into the checkpoint folder (LEDGER_CHECKPOINT_DIR or the checkpoint_dir setting), as the automatic checkpoints do.",
)
@pass_ctx
def checkpoint_cmd(
    ctx: Context,
    output: str | None,
    force: bool,
    key_file: str | None,
    public_key_out: str | None,
    series: bool,
) -> None:
    """Sign a checkpoint of the history: its size, Merkle root, time and the signer's key."""
    from ledger.services import checkpoints
    from ledger.services.output_files import output_file

    if series and output:
        raise InputError("--series writes into the checkpoint folder: leave out -o")
    path = checkpoints.key_path(key_file)
    key = checkpoints.load_key(path)
    public = checkpoints.raw_public(key)
    if public_key_out:
        written = checkpoints.export_public_key(key, public_key_out, force)
        click.echo(
            f"public key {checkpoints.key_id(public)} written to {written} "
            f"(note key: {checkpoints.verifier_key(public)})",
            err=True,
        )
        if not output and not series:
            return
    db = ctx.database()
    if series:
        with db.read() as session:
            folder = checkpoints.series_dir(session)
        if folder is None:
            raise InputError(
                f"no checkpoint folder: set {checkpoints.DIR_ENV} or the checkpoint_dir setting"
            )
        written = checkpoints.write_to_series(db, folder, path)
        if written is None:
            with db.read() as session:
                checkpoints.origin_of(session)  # an empty history is an error, not "covered"
        click.echo(
            f"checkpoint written to {written}"
            if written
            else "the newest checkpoint in the folder covers the whole history",
            err=True,
        )
        return
    checkpoint = checkpoints.sign_history(db, path)
    with output_file(output, force) as out:
        out.write(checkpoint.text)
    if output:
        click.echo(
            f"checkpoint of {checkpoint.size} events signed by {checkpoint.key_id} written to {output}",
            err=True,
        )


@cli.command("proof")
@click.argument("item")
@_checkpoint_option(
    "Prove against this signed checkpoint (default: the current history, unsigned)."
)
@_public_key_option
@click.option("-o", "--output", metavar="FILE", help="Write the proof to FILE (default: stdout).")
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@pass_ctx
def proof_cmd(
    ctx: Context,
    item: str,
    checkpoint_file: str | None,
    public_key: str | None,
    output: str | None,
    force: bool,
) -> None:
    """Print inclusion proofs (JSON) for the events of ITEM (12, statement:12, claim:5 …)."""
    from ledger.services import checkpoints
    from ledger.services.output_files import json_text, output_file

    checkpoint = None
    if checkpoint_file:
        pinned = checkpoints.read_public_key(public_key) if public_key else None
        checkpoint = checkpoints.read_checkpoint(checkpoint_file, pinned)
    elif public_key:
        raise InputError("--public-key pins the signer of a --checkpoint: give one")
    proof = checkpoints.prove(ctx.database(), item, checkpoint)
    with output_file(output, force) as out:
        out.write(json_text(proof, indent=2) + "\n")


@cli.command("verify-proof")
@click.argument("proof_file", type=click.Path(dir_okay=False))
@_public_key_option
def verify_proof_cmd(proof_file: str, public_key: str | None) -> None:
    """Check an inclusion proof from 'ledger proof', or every record of an export made
    with --with-proof (JSON, JSONL or ClaimReview), without the database."""
    from ledger.services import checkpoints

    items = _read_json_items(proof_file)
    pinned = checkpoints.read_public_key(public_key) if public_key else None
    pin_note = "" if public_key else " (not pinned)"
    if isinstance(items, dict) and items.get("format") == checkpoints.PROOF_FORMAT:
        try:
            check = checkpoints.verify_proof(items, pinned)
        except checkpoints.CheckpointError as err:
            raise checkpoints.CheckpointError(f"{proof_file}: {err}") from None
        signed = (
            f"checkpoint signed by {check.signed_by}{pin_note}"
            if check.signed_by
            else "the current head it names (no checkpoint: not signed)"
        )
        one = check.events == 1
        click.echo(
            f"ok: {check.events} {'event' if one else 'events'} of {check.subject} "
            f"{'is' if one else 'are'} in the tree of {check.tree_size} events of {signed}"
        )
        return
    _verify_export(proof_file, items if isinstance(items, list) else [items], pinned, pin_note)


def _read_json_items(path: str):
    """A JSON document, or the objects of a JSONL file (one a line)."""
    try:
        with open(path, encoding="utf-8") as fh:
            raw = fh.read()
    except OSError as err:
        raise InputError(f"{path}: cannot read it ({err.strerror})") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 JSON") from None
    try:
        return json.loads(raw)
    except RecursionError:
        raise InputError(f"{path}: not JSON (nested too deeply)") from None
    except ValueError as whole:
        lines = [line for line in raw.splitlines() if line.strip()]
        if len(lines) < 2:
            raise InputError(f"{path}: not JSON ({whole})") from None
        items = []
        for n, line in enumerate(lines, 1):
            try:
                items.append(json.loads(line))
            except (ValueError, RecursionError) as err:
                raise InputError(f"{path}: line {n} is not JSON ({err})") from None
        return items


def _verify_export(path: str, items: list, pinned: bytes | None, pin_note: str) -> None:
    """Every record of an export carries proofs that hold, all against one checkpoint."""
    from ledger.services import checkpoints
    from ledger.services.export_proofs import check_exported

    if not items:
        raise InputError(f"{path}: no records to check")
    proofs, seen = 0, set()
    for n, item in enumerate(items, 1):
        try:
            check = check_exported(item, pinned)
        except checkpoints.CheckpointError as err:
            raise checkpoints.CheckpointError(f"{path}: record {n}: {err}") from None
        proofs += check.records
        seen.add((check.tree_size, check.signed_by))
    if len(seen) > 1:
        raise checkpoints.CheckpointError(
            f"{path}: the records are proven by different checkpoints"
        )
    ((size, signer),) = seen
    n = len(items)
    click.echo(
        f"ok: {n} exported {'record agrees' if n == 1 else 'records agree'} with the history "
        f"({proofs} {'proof' if proofs == 1 else 'proofs'}), in the tree of {size} events "
        f"of the checkpoint signed by {signer}{pin_note}"
    )
