"""Corrections of what the extractor got wrong: a statement's speaker or span, a statement
it missed, a statement that is not one (retracted), a claim's wording.

A correction is a record, kept in the journaled `setting` table under the key
`correction:N` (no schema change: the value is the record as JSON, and every change of it
is an event in the hash-chained history): what is corrected (`subject`), the checked
parameters, the note, who proposed it and when, on which version of the item, who
approved it, and its state: `pending`, `applied` or `declined`.

- An editor's correction is applied at once (`correct`); a reviewer's is a proposal
  (`propose_correction`) that an editor accepts (`accept`) or declines (`decline`).
- Four eyes: with `required_approvals` = N, a correction is applied once N distinct people
  approved it (the proposer counts), an editor among them, as N reviewers make a verdict
  final. Until then it is pending and changes nothing.
- Every correction is checked twice, when proposed and when applied, against the rows as
  they are; the version the proposer (or the accepting editor) saw is checked as for a
  verdict (`conflicts.check_version`), so a stale one is a `ConflictError` carrying the
  refused correction as its `attempt`.

What a correction does to the rows is `correction_steps`; links and claims are recomputed
in the same transaction (`relinking`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ledger.errors import ConflictError, InputError
from ledger.services import correction_steps, roles, settings
from ledger.services.conflicts import check_version
from ledger.services.decisions import _note, _reviewer
from ledger.services.review_log import load, utc_text
from ledger.store import journal
from ledger.store.ids import get_by_id, parse_id
from ledger.store.models import Claim, Setting, Source, Speaker, Statement

PREFIX = "correction:"
#: correction kinds and what each is about
KINDS: dict[str, type] = {
    "speaker": Statement,
    "span": Statement,
    "add": Source,
    "retract": Statement,
    "claim_text": Claim,
}
STATES = ("pending", "applied", "declined")


def label(kind: str) -> str:
    """The kind as the command line spells it (`claim-text`)."""
    return kind.replace("_", "-")


def _kind(kind: str) -> str:
    k = str(kind or "").strip().lower().replace("-", "_")
    if k not in KINDS:
        raise InputError(f"correction {kind!r} is not one of {', '.join(map(label, KINDS))}")
    return k


def _target(session: Session, kind: str, target_id: int, lock: bool):
    model = KINDS[kind]
    if model is Source:
        src = get_by_id(session, Source, target_id)
        if src is None:
            raise InputError(f"no source with id {target_id}")
        return src
    return load(session, model, target_id, lock=lock)


def _row(session: Session, number: int) -> Setting:
    row = session.get(Setting, f"{PREFIX}{number}")
    if row is None:
        raise InputError(f"no correction {number}")
    return row


def _next_number(session: Session) -> int:
    keys = session.scalars(select(Setting.key).where(Setting.key.like(f"{PREFIX}%")))
    return 1 + max((int(k[len(PREFIX) :]) for k in keys if k[len(PREFIX) :].isdigit()), default=0)


def list_corrections(
    session: Session,
    *,
    state: str | None = None,
    subject: str | None = None,
) -> list[dict[str, Any]]:
    """Every correction record (of `state`, about `subject` such as `statement:5`), by number."""
    if state is not None and state not in STATES:
        raise InputError(f"state {state!r} is not one of {', '.join(STATES)}")
    rows = session.scalars(select(Setting).where(Setting.key.like(f"{PREFIX}%")))
    out = [dict(r.value) for r in rows if isinstance(r.value, dict)]
    if state is not None:
        out = [r for r in out if r.get("state") == state]
    if subject is not None:
        out = [r for r in out if subject in (r.get("subject"), r.get("result_subject"))]
    return sorted(out, key=lambda r: r["id"])


def get_correction(session: Session, number: int) -> dict[str, Any]:
    return dict(_row(session, parse_id(number) if isinstance(number, str) else number).value)


def _attempt(record: dict, by: str, action: str) -> dict[str, Any]:
    """What a `ConflictError` hands back so a shell can offer the correction again."""
    return {
        "action": f"{action} {label(record['kind'])}",
        "kind": record["kind"],
        "target_id": record["target_id"],
        "params": record["params"],
        "note": record.get("note"),
        "reviewer": by,
        "correction": record.get("id"),
    }


def _check_seen(session: Session, obj: Any, seen: int | None, attempt: dict) -> int | None:
    """Refuse a stale `seen` version of a statement or claim; the version it is at."""
    if isinstance(obj, Source):
        return None
    check_version(session, obj, obj.version if seen is None else seen, attempt)
    return obj.version


def _settle(session: Session, record: dict, obj: Any, by: str) -> dict[str, Any]:
    """Apply the record when it has its approvals; store it either way."""
    required = settings.get_setting(session, "required_approvals")
    if record["editor_approved"] and len(record["approved_by"]) >= required:
        attempt = _attempt(record, by, "correct")
        table, item_id = getattr(obj, "__tablename__", "item"), obj.id
        try:
            result = correction_steps.apply(session, record["kind"], obj, record["params"])
        except StaleDataError:
            raise ConflictError(
                f"{table} {item_id} was changed by someone else at the same moment; your "
                f"{attempt['action']!r} was not recorded: reload and correct again",
                subject=f"{table}:{item_id}",
                attempt=attempt,
            ) from None
        record.update(state="applied", applied_by=by, applied_at=_now(), result=result)
        if "statement_id" in result:
            record["result_subject"] = f"statement:{result['statement_id']}"
    record["required"] = required
    key = f"{PREFIX}{record['id']}"
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=record))
    else:
        row.value = dict(record)
    session.flush()
    return dict(record)


def _now() -> str:
    return utc_text(datetime.now(UTC)) or ""


def propose(
    session: Session,
    kind: str,
    target_id: int,
    params: dict[str, Any] | None = None,
    *,
    seen_version: int | None = None,
    note: str | None = None,
    reviewer: str | None = None,
) -> dict[str, Any]:
    """Correct (an editor) or propose to correct (a reviewer) item `target_id`: a statement,
    for `add` a source, for `claim_text` a claim. The correction's record, `state` saying
    whether it was applied or waits for approval."""
    kind = _kind(kind)
    name = _reviewer(session, reviewer)
    roles.require(session, name, "propose_correction")
    note = _note(note)
    if kind == "retract" and not note:
        raise InputError("a retraction needs a note saying why the statement is not one")
    journal.lock_writers(session)  # the record's number, and the rows it checks, hold
    obj = _target(session, kind, target_id, lock=True)
    record: dict[str, Any] = {
        "id": _next_number(session),
        "kind": kind,
        "subject": f"{KINDS[kind].__tablename__}:{obj.id}",
        "target_id": obj.id,
        "params": dict(params or {}),
        "note": note,
    }
    record["seen_version"] = _check_seen(
        session, obj, seen_version, _attempt(record, name, "correct")
    )
    record["params"] = correction_steps.check(session, kind, obj, record["params"])
    record.update(
        proposed_by=name,
        proposed_at=_now(),
        approved_by=[name],
        editor_approved=roles.can(session, name, "correct"),
        state="pending",
    )
    return _settle(session, record, obj, name)


def accept(
    session: Session,
    number: int,
    *,
    seen_version: int | None = None,
    reviewer: str | None = None,
) -> dict[str, Any]:
    """An editor's approval of pending correction `number`; applied once it has enough."""
    name = _reviewer(session, reviewer)
    roles.require(session, name, "correct")
    journal.lock_writers(session)
    record = dict(_row(session, number).value)
    if record["state"] != "pending":
        raise InputError(f"correction {number} is {record['state']} already")
    if name in record["approved_by"]:
        raise InputError(
            f"you approved correction {number} already: it needs "
            f"{record.get('required', 2) - len(record['approved_by'])} more (four eyes)"
        )
    obj = _target(session, record["kind"], record["target_id"], lock=True)
    _check_seen(session, obj, seen_version, _attempt(record, name, "accept"))
    record["approved_by"] = [*record["approved_by"], name]
    record["editor_approved"] = True
    return _settle(session, record, obj, name)


def decline(
    session: Session, number: int, *, note: str | None = None, reviewer: str | None = None
) -> dict[str, Any]:
    """Decline pending correction `number` (an editor), or withdraw one's own proposal."""
    name = _reviewer(session, reviewer)
    journal.lock_writers(session)
    record = dict(_row(session, number).value)
    if record["proposed_by"] != name:
        roles.require(session, name, "correct")
    if record["state"] != "pending":
        raise InputError(f"correction {number} is {record['state']} already")
    record.update(state="declined", declined_by=name, declined_at=_now(), decline_note=_note(note))
    _row(session, number).value = dict(record)
    session.flush()
    return record


# --- one function per correction, as the shells call them ---------------------------------


def correct_speaker(session: Session, statement_id: int, name: str, **kw: Any) -> dict[str, Any]:
    """Attribute a statement to the speaker `name` names (an id, a name or alias of one
    speaker, else a new speaker of that name); the mention stays as written."""
    return propose(session, "speaker", statement_id, {"name": name}, **kw)


def correct_span(
    session: Session, statement_id: int, start: int, end: int, **kw: Any
) -> dict[str, Any]:
    """Move a statement's span to [start, end) of its source (its quote follows)."""
    return propose(session, "span", statement_id, {"start": start, "end": end}, **kw)


def add_statement(
    session: Session,
    source_id: int,
    start: int,
    end: int,
    speaker: str | None = None,
    **kw: Any,
) -> dict[str, Any]:
    """A new statement from [start, end) of a source (of `speaker`, when given)."""
    params: dict[str, Any] = {"start": start, "end": end}
    if speaker:
        params["speaker"] = speaker
    return propose(session, "add", source_id, params, **kw)


def retract(session: Session, statement_id: int, note: str, **kw: Any) -> dict[str, Any]:
    """Take a statement that is not one out of the ledger (status `retracted`: it leaves
    its claim, its links, the queue and the exports; its rows and history stay)."""
    return propose(session, "retract", statement_id, note=note, **kw)


def correct_claim_text(session: Session, claim_id: int, text: str, **kw: Any) -> dict[str, Any]:
    """A claim's canonical text (ClaimReview's `claimReviewed`), kept through reclustering."""
    return propose(session, "claim_text", claim_id, {"text": text}, **kw)


# --- what the reviewer UI's correction dialogs show ---------------------------------------


def source_span(session: Session, statement_id: int) -> dict[str, Any]:
    """The statement's source text and span, for a dialog that selects a new span in it."""
    st = load(session, Statement, statement_id)
    src = st.source
    return {
        "statement_id": st.id,
        "source_id": src.id,
        "title": src.title,
        "text": src.text,
        "start": st.start,
        "end": st.end,
    }


def speaker_choices(session: Session, statement_id: int, limit: int = 30) -> list[dict[str, Any]]:
    """Speakers to offer for a statement: those of its source first, then the most quoted."""
    st = load(session, Statement, statement_id)
    here = select(Statement.speaker_id).where(
        Statement.source_id == st.source_id, Statement.speaker_id.is_not(None)
    )
    ids = list(dict.fromkeys(session.scalars(here.order_by(Statement.id))))
    top = (
        select(Statement.speaker_id)
        .where(Statement.speaker_id.is_not(None))
        .group_by(Statement.speaker_id)
        .order_by(func.count().desc(), Statement.speaker_id)
        .limit(limit)
    )
    ids += [i for i in session.scalars(top) if i not in ids]
    ids = ids[:limit]
    rows = {sp.id: sp for sp in session.scalars(select(Speaker).where(Speaker.id.in_(ids)))}
    return [
        {"id": i, "name": rows[i].name, "role": rows[i].role, "current": i == st.speaker_id}
        for i in ids
        if i in rows
    ]


def corrections_of(
    session: Session, statement_id: int, claim_id: int | None
) -> list[dict[str, Any]]:
    """Every correction (pending, applied, declined) about a statement or its claim, or
    whose result is one of them, by number: the records are read once."""
    subjects = {f"statement:{statement_id}"}
    if claim_id is not None:
        subjects.add(f"claim:{claim_id}")
    return [
        r
        for r in list_corrections(session)
        if r.get("subject") in subjects or r.get("result_subject") in subjects
    ]


def pending_of(session: Session, statement_id: int, claim_id: int | None) -> list[dict[str, Any]]:
    """Pending corrections of a statement (those adding statements to its source too) and
    of its claim, by number."""
    st = load(session, Statement, statement_id)
    subjects = {f"statement:{statement_id}", f"source:{st.source_id}"}
    if claim_id is not None:
        subjects.add(f"claim:{claim_id}")
    return [r for r in list_corrections(session, state="pending") if r["subject"] in subjects]
