"""Handing out review work: leases on statements, so two reviewers never get the same item.

`next_item` gives a reviewer the first statement with the wanted status that nobody else
holds a live lease on, and leases it to them for `lease_minutes` (the `lease_minutes`
setting, else 30). On PostgreSQL the candidate row is taken with
`SELECT … FOR UPDATE SKIP LOCKED`, so concurrent callers skip each other's rows instead of
waiting; on SQLite the write transaction is `BEGIN IMMEDIATE`, which already serialises
writers, and the lease is set through the ORM's version-checked UPDATE, so a lost race is
refused rather than doubled. A lease is a journaled change of `statement.lease_owner` and
`statement.lease_until`; an expired lease is free for anyone.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from ledger.errors import ConflictError, InputError
from ledger.services.query import get_statement
from ledger.services.roles import require
from ledger.services.settings import get_setting, queue_order, queue_order_value
from ledger.services.views import Lease
from ledger.store.ids import get_by_id, id_equals
from ledger.store.models import STATEMENT_STATUSES, Statement
from ledger.store.paging import iso
from ledger.store.queue_rank import next_score

#: a lease longer than a week is a typo, not a plan
_MAX_LEASE_MINUTES = 7 * 24 * 60


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:  # SQLite hands back naive UTC
        return value.replace(tzinfo=UTC)
    return value


def lease_time(session: Session, override: float | None = None) -> float:
    """The lease time: `override`, else the `lease_minutes` setting (default 30 minutes)."""
    value: Any = override
    if value is None:
        value = get_setting(session, "lease_minutes")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"lease time {value!r} is not a number of minutes")
    if not 0 < value <= _MAX_LEASE_MINUTES:
        raise InputError(f"lease time must be between 0 and {_MAX_LEASE_MINUTES} minutes")
    return float(value)


def _free(now: datetime, reviewer: str):
    return or_(
        Statement.lease_owner.is_(None),
        Statement.lease_until.is_(None),
        Statement.lease_until < now,
        Statement.lease_owner == reviewer,
    )


def lease_row(st: Statement) -> dict[str, Any]:
    return {
        "id": st.id,
        "lease_owner": st.lease_owner,
        "lease_until": iso(_aware(st.lease_until)),
        "version": st.version,
    }


def lease_of(session: Session, statement_id: int) -> Lease | None:
    """The statement's lease for the reviewer UI, if it has one (an expired one says so:
    `live` False)."""
    row = session.execute(
        select(Statement.lease_owner, Statement.lease_until).where(
            id_equals(Statement.id, statement_id)
        )
    ).first()
    if row is None or not row.lease_owner:
        return None
    until = _aware(row.lease_until)
    return {
        "owner": row.lease_owner,
        "until": until.astimezone(UTC).isoformat(timespec="minutes") if until else None,
        "live": until is None or until >= _now(),
    }


def next_item(
    session: Session,
    reviewer: str,
    *,
    status: str = "unreviewed",
    lease_minutes: float | None = None,
    order: str | None = None,
) -> dict[str, Any] | None:
    """Lease the next statement with `status` to `reviewer` and return it as plain data:
    the most check-worthy first, or the oldest (`order`; default: the `queue_order`
    setting).

    A reviewer who already holds a live lease on such a statement gets that one again (a
    reopened UI does not leak leases). Returns None when nothing is free.
    """
    if not reviewer or not reviewer.strip():
        raise InputError("a lease needs a reviewer name")
    require(session, reviewer, "lease")
    if status not in STATEMENT_STATUSES:
        raise InputError(f"status {status!r} is not one of {', '.join(STATEMENT_STATUSES)}")
    minutes = lease_time(session, lease_minutes)
    now = _now()
    held = session.scalar(
        select(Statement.id)
        .where(
            Statement.status == status,
            Statement.lease_owner == reviewer,
            Statement.lease_until >= now,
        )
        .order_by(Statement.id)
        .limit(1)
    )
    order = queue_order_value(order) if order is not None else queue_order(session)
    ranked = (
        # the highest score first, unscored (NULL: imported before schema 0006) last
        (next_score(), Statement.id) if order == "checkworthy" else (Statement.id,)
    )
    query = (
        select(Statement)
        .where(Statement.status == status, _free(now, reviewer))
        .order_by(*ranked)
        .limit(1)
    )
    if held is not None:
        query = select(Statement).where(Statement.id == held)
    if session.get_bind().dialect.name == "postgresql":
        # Rows another transaction is leasing right now are skipped, not waited for.
        query = query.with_for_update(skip_locked=True, of=Statement)
    st = session.scalar(query)
    if st is None:
        return None
    st.lease_owner = reviewer
    st.lease_until = now + timedelta(minutes=minutes)
    session.flush()  # version-checked UPDATE: a lost race raises instead of doubling
    row = get_statement(session, st.id)
    row.update(lease_row(st))
    return row


def release(session: Session, statement_id: int, reviewer: str) -> bool:
    """Give a lease back. False when `reviewer` held none on the statement (or it expired);
    ConflictError when someone else holds a live lease on it."""
    st = get_by_id(session, Statement, statement_id)
    if st is None:
        raise InputError(f"no statement with id {statement_id}")
    if st.lease_owner is None:
        return False
    until = _aware(st.lease_until)
    if st.lease_owner != reviewer:
        if until is not None and until >= _now():
            raise ConflictError(
                f"statement {statement_id} is leased to {st.lease_owner} until {until.isoformat()}"
            )
        return False
    st.lease_owner = None
    st.lease_until = None
    session.flush()
    return True


def leases_of(session: Session, reviewer: str | None = None) -> list[dict[str, Any]]:
    """Live leases (of one reviewer, or everybody's), oldest statement first."""
    query = select(Statement).where(
        and_(Statement.lease_owner.is_not(None), Statement.lease_until >= _now())
    )
    if reviewer is not None:
        query = query.where(Statement.lease_owner == reviewer)
    return [lease_row(st) for st in session.scalars(query.order_by(Statement.id))]
