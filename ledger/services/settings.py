"""Ledger-wide review settings: how many approvals make a decision final, the claim rating
scale (with its schema.org ClaimReview numbers), how long a review lease lasts, and the
order the review queue and `ledger next` hand statements out in (`queue_order`).

Values are stored as JSON in the journaled `setting` table; a key without a row has its
default. Changing a setting needs the admin role. A change of `required_approvals` must
re-derive every reviewed statement's status and claim's rating in the same transaction:
`ledger.services.derivation.change_setting` does both (derivation reads settings, so
settings cannot call it).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.errors import InputError
from ledger.services import roles
from ledger.store.models import Claim, Setting

#: names a rating may not take: they are the review log's own entry kinds
RESERVED_VERDICTS = ("note", "evidence", "retract")

#: ClaimReview numbers: 1 (worst) .. 5 (best) for ratings on the truth scale; `unproven`
#: says nothing about truth, so it carries no number (Google needs only alternateName).
DEFAULT_RATING_SCALE: list[dict[str, Any]] = [
    {
        "name": "true",
        "alternateName": "True",
        "ratingValue": 5,
        "bestRating": 5,
        "worstRating": 1,
        "description": "Accurate, with nothing significant missing.",
    },
    {
        "name": "mostly true",
        "alternateName": "Mostly true",
        "ratingValue": 4,
        "bestRating": 5,
        "worstRating": 1,
        "description": "Accurate, but needs clarification or context.",
    },
    {
        "name": "misleading",
        "alternateName": "Misleading",
        "ratingValue": 2,
        "bestRating": 5,
        "worstRating": 1,
        "description": "Contains some truth but leaves a false impression.",
    },
    {
        "name": "false",
        "alternateName": "False",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
        "description": "Not accurate.",
    },
    {
        "name": "unproven",
        "alternateName": "Unproven",
        "ratingValue": None,
        "bestRating": None,
        "worstRating": None,
        "description": "The evidence available does not settle it either way.",
    },
]

DEFAULTS: dict[str, Any] = {
    "required_approvals": 1,
    "rating_scale": DEFAULT_RATING_SCALE,
    "lease_minutes": 30,
    # where automatic signed checkpoints go (services/checkpoints); None: none are taken
    "checkpoint_dir": None,
    # the review queue's default order and `ledger next`'s: most check-worthy unreviewed
    # first, or oldest (import order) first
    "queue_order": "checkworthy",
    # SQLite: a team shares the file, so roles apply to the names users act under (--as)
    # rather than to OS users (ledger.store.identity.role_holder)
    "shared_by_team": False,
}
QUEUE_ORDERS = ("checkworthy", "oldest")
MAX_APPROVALS = 10
MAX_LEASE_MINUTES = 7 * 24 * 60


def _known(key: str) -> str:
    if key not in DEFAULTS:
        raise InputError(f"unknown setting {key!r}: one of {', '.join(DEFAULTS)}")
    return key


def get_setting(session: Session, key: str) -> Any:
    """The value of `key`, or its default when it was never set."""
    row = session.get(Setting, _known(key))
    return copy.deepcopy(DEFAULTS[key] if row is None else row.value)


def all_settings(session: Session) -> dict[str, Any]:
    """Every setting with its value in force, defaults included."""
    return {key: get_setting(session, key) for key in DEFAULTS}


def rating_scale(session: Session) -> list[dict[str, Any]]:
    """The claim rating scale: name, alternateName, ratingValue, bestRating, worstRating."""
    return get_setting(session, "rating_scale")


def rating_entry(session: Session, name: str) -> dict[str, Any]:
    """The scale entry whose name matches `name` case-insensitively."""
    wanted = " ".join(str(name).split()).casefold()
    scale = rating_scale(session)
    for entry in scale:
        if entry["name"].casefold() == wanted:
            return entry
    names = ", ".join(repr(e["name"]) for e in scale)
    raise InputError(f"rating {name!r} is not on the rating scale: one of {names}")


def _flag(key: str, value: Any) -> bool:
    """true/false (also yes/no, on/off, 1/0) as given on the command line, or a bool."""
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in ("true", "yes", "on", "1"):
        return True
    if word in ("false", "no", "off", "0"):
        return False
    raise InputError(f"{key} must be true or false (not {str(value)[:40]!r})")


def _int(key: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, str):
        try:
            value = int(value.strip())
        except ValueError:
            raise InputError(f"{key} must be a whole number, not {value!r}") from None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"{key} must be a whole number, not {value!r}")
    if not low <= value <= high:
        raise InputError(f"{key} must be between {low} and {high}, not {value}")
    return value


def _number(where: str, field: str, value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"{where}: {field} must be a whole number or null, not {value!r}")
    return value


def validate_scale(value: Any) -> list[dict[str, Any]]:
    """A clean rating scale, or InputError naming the first entry that does not fit."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as err:
            raise InputError(f"rating_scale is not valid JSON: {err}") from None
    if not isinstance(value, list) or not value:
        raise InputError("rating_scale must be a non-empty JSON list of ratings")
    out, seen = [], set()
    for i, entry in enumerate(value, 1):
        where = f"rating_scale entry {i}"
        if not isinstance(entry, dict):
            raise InputError(f"{where} is not an object")
        unknown = set(entry) - {
            "name",
            "alternateName",
            "ratingValue",
            "bestRating",
            "worstRating",
            "description",
        }
        if unknown:
            raise InputError(f"{where} has unknown field(s): {', '.join(sorted(unknown))}")
        name = entry.get("name")
        if not isinstance(name, str) or not " ".join(name.split()):
            raise InputError(f"{where} needs a non-empty name")
        name = " ".join(name.split())
        if len(name) > 60:
            raise InputError(f"{where}: name is longer than 60 characters")
        if name.casefold() in RESERVED_VERDICTS:
            raise InputError(f"{where}: {name!r} is reserved")
        if name.casefold() in seen:
            raise InputError(f"{where}: rating {name!r} appears twice")
        seen.add(name.casefold())
        alt = entry.get("alternateName") or name[:1].upper() + name[1:]
        if not isinstance(alt, str):
            raise InputError(f"{where}: alternateName must be text")
        value_, best, worst = (
            _number(where, f, entry.get(f)) for f in ("ratingValue", "bestRating", "worstRating")
        )
        if value_ is not None:
            if best is None or worst is None:
                raise InputError(f"{where}: a ratingValue needs bestRating and worstRating")
            # Google: worstRating >= 1, bestRating > worstRating, value within them
            if worst < 1 or best <= worst or not worst <= value_ <= best:
                raise InputError(
                    f"{where}: needs 1 <= worstRating < bestRating and ratingValue between them"
                )
        elif best is not None or worst is not None:
            raise InputError(f"{where}: bestRating/worstRating without a ratingValue")
        description = entry.get("description")
        if description is not None and not isinstance(description, str):
            raise InputError(f"{where}: description must be text")
        out.append(
            {
                "name": name,
                "alternateName": alt,
                "ratingValue": value_,
                "bestRating": best,
                "worstRating": worst,
                "description": description,
            }
        )
    return out


def queue_order_value(value: Any) -> str:
    """`value` as a queue order (checkworthy or oldest), or InputError naming them."""
    order = value.strip().casefold() if isinstance(value, str) else value
    if order not in QUEUE_ORDERS:
        raise InputError(f"queue_order must be one of {', '.join(QUEUE_ORDERS)}, not {value!r}")
    return order


def queue_order(session: Session) -> str:
    """The order in force for the review queue and `ledger next`."""
    return queue_order_value(get_setting(session, "queue_order"))


def _folder(key: str, value: Any) -> str | None:
    """An existing folder given by its absolute path, or None (empty or null) to unset."""
    if value is None or (isinstance(value, str) and value.strip() in ("", "null")):
        return None
    if not isinstance(value, str):
        raise InputError(f"{key} must be a folder's absolute path, or empty to unset")
    path = Path(value.strip())
    if not path.is_absolute():
        raise InputError(f"{key} must be an absolute path (not {value!r})")
    if not path.is_dir():
        raise InputError(f"{key}: no folder {str(path)!r}")
    return str(path)


def set_setting(session: Session, key: str, value: Any, *, user: str | None = None) -> Any:
    """Store `value` (text from the CLI is parsed) under `key`; needs the admin role.

    Changing `required_approvals` here leaves the derived caches as they were: change it
    with `derivation.change_setting`."""
    roles.require(session, user, "settings")
    _known(key)
    if key == "required_approvals":
        value = _int(key, value, 1, MAX_APPROVALS)
    elif key == "lease_minutes":
        value = _int(key, value, 1, MAX_LEASE_MINUTES)
    elif key == "checkpoint_dir":
        value = _folder(key, value)
    elif key == "queue_order":
        value = queue_order_value(value)
    elif key == "shared_by_team":
        value = _flag(key, value)
    elif key == "rating_scale":
        value = validate_scale(value)
        names = {e["name"] for e in value}
        in_use = sorted(
            {
                (c.id, c.rating)
                for c in session.scalars(select(Claim).where(Claim.rating.is_not(None)))
                if c.rating not in names
            }
        )
        if in_use:
            cid, rating = in_use[0]
            raise InputError(
                f"rating {rating!r} is in use (claim {cid} and {len(in_use) - 1} more): "
                "keep it on the scale, or re-rate those claims first"
            )
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    elif row.value != value:
        row.value = value
    session.flush()
    return copy.deepcopy(value)
