"""Who may do what: the three roles, the actions each allows, and assigning roles to users.

Roles are ranked: `reviewer` < `editor` < `admin`, and each includes the ones below it.

- An empty `user_role` table is single-user mode: everyone is `admin`, so a fresh ledger
  just works for one fact-checker.
- Once any role is assigned, a user without a row is a `reviewer`: they can look and
  decide on statements, but not rate claims, export verified claims or change settings.
- The ledger never loses its last admin: a role change that would leave no admin is refused.

The user is the acting user: on SQLite `ledger.config.current_actor()` (`--as`,
`LEDGER_ACTOR` or the OS user); on PostgreSQL the journal's acting user (the database
role; a superuser connection may name another user with `--as`). On an SQLite file a
check applies to the OS user who runs the command, whatever name they act under, unless
the file's `shared_by_team` setting is on (`ledger.store.identity.role_holder`): the
file's owner is its root of trust, and a name is anyone's to claim. These roles guard the
workflow against mistakes; they are not a security boundary against someone who can
write to the database file or connect as its owner (on PostgreSQL, use database grants).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.config import current_actor
from ledger.errors import InputError, PermissionDenied
from ledger.store.identity import acting_user, role_holder
from ledger.store.models import ROLES, UserRole

__all__ = ["ROLES", "ACTIONS", "role_of", "require", "can", "set_role", "list_roles"]

_RANK = {role: i for i, role in enumerate(ROLES)}

#: action -> the least role that may take it, and how to name it in a refusal
ACTIONS: dict[str, tuple[str, str]] = {
    "decide": ("reviewer", "deciding on a statement"),
    "note": ("reviewer", "adding a note"),
    "evidence": ("reviewer", "adding evidence"),
    "assign_self": ("reviewer", "taking or giving back an assignment"),
    "undo": ("reviewer", "undoing a decision"),
    "lease": ("reviewer", "leasing review work"),
    "propose_correction": ("reviewer", "proposing a correction"),
    "assign": ("editor", "assigning statements to others"),
    "rate": ("editor", "rating a claim"),
    "merge_speakers": ("editor", "merging speakers"),
    "confirm_links": ("editor", "confirming or rejecting links"),
    "correct": ("editor", "correcting statements and claims"),
    "export_verified": ("editor", "exporting verified claims"),
    "settings": ("admin", "changing settings"),
    "roles": ("admin", "changing user roles"),
}


def _user(user: str | None, session: Session | None = None) -> str:
    name = user if user is not None else acting_user(session) if session else current_actor()
    name = name.strip()
    if not name:
        raise InputError("a user name must not be empty")
    if len(name) > 120:
        raise InputError(f"user name {name[:40]!r}… is longer than 120 characters")
    if any(ch < " " or ch == "\x7f" for ch in name):
        raise InputError(f"user name {name!r} contains control characters")
    return name


def role_of(session: Session, user: str | None = None) -> str:
    """The role of `user` (default: the acting user); see the module docstring for defaults."""
    name = _user(user, session)
    row = session.get(UserRole, name)
    if row is not None:
        return row.role
    anyone = session.scalar(select(UserRole.username).limit(1))
    return "admin" if anyone is None else "reviewer"


def can(session: Session, user: str | None, action: str) -> bool:
    """Whether `user` may take `action` (for a UI that hides what a user cannot do)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}: one of {', '.join(ACTIONS)}")
    holder = role_holder(session, _user(user, session))
    return _RANK[role_of(session, holder)] >= _RANK[ACTIONS[action][0]]


def require(session: Session, user: str | None, action: str) -> None:
    """Raise PermissionDenied unless `user` may take `action` (one of ACTIONS)."""
    if can(session, user, action):
        return
    name = _user(user, session)
    holder = role_holder(session, name)
    needed, what = ACTIONS[action]
    role = role_of(session, holder)
    claimed = (
        f"; on this SQLite file roles are the OS user's, not those of the name {name!r} "
        "(unless an admin sets shared_by_team)"
        if holder != name
        else ""
    )
    raise PermissionDenied(
        f"{holder} is a {role}: {what} needs the {needed} role "
        f"(an admin can grant it: ledger roles {holder} {needed}){claimed}"
    )


def list_roles(session: Session) -> list[dict[str, Any]]:
    """Every assigned role, by user name."""
    return [
        {"user": r.username, "role": r.role}
        for r in session.scalars(select(UserRole).order_by(UserRole.username))
    ]


def set_role(
    session: Session, user: str, role: str | None, *, by: str | None = None
) -> dict[str, Any]:
    """Give `user` a role (None removes their row). Needs admin; never leaves no admin."""
    actor = _user(by, session)
    require(session, actor, "roles")
    name = _user(user)
    if role is not None and role not in ROLES:
        raise InputError(f"role {role!r} is not one of {', '.join(ROLES)}")
    row = session.get(UserRole, name)
    before = row.role if row else None
    if before == role:
        return {"user": name, "role": role_of(session, name), "changed": False}
    admins = set(session.scalars(select(UserRole.username).where(UserRole.role == "admin")).all())
    rows = session.scalar(select(func.count()).select_from(UserRole)) or 0
    rows_after = rows + (1 if row is None and role else 0) - (1 if row and role is None else 0)
    admins_after = (admins - {name}) | ({name} if role == "admin" else set())
    if rows_after and not admins_after:
        hint = (
            f"make yourself admin first: ledger roles {actor} admin"
            if not admins
            else "name another admin first"
        )
        raise InputError(f"this would leave the ledger without an admin: {hint}")
    holder = role_holder(session, actor)
    if not rows and holder != actor and holder not in admins_after:
        # the first role given on a single-user SQLite file, by someone acting under
        # another name: the OS user, the admin until now, must keep the role, or nobody
        # who can run a command holds it
        raise InputError(
            f"roles on this SQLite file are OS users': make yourself admin first "
            f"(ledger roles {holder} admin), or have a team share the file "
            "(ledger settings shared_by_team true)"
        )
    if role is None:
        session.delete(row)
    elif row is None:
        session.add(UserRole(username=name, role=role))
    else:
        row.role = role
    session.flush()
    return {"user": name, "role": role_of(session, name), "changed": True, "before": before}
