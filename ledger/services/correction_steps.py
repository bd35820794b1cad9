"""What each correction does to the rows, once it is accepted: the speaker of a statement,
its span, a statement added from a span of a source, a retraction, a claim's wording.

Each step checks its input against the rows as they are (so a proposal is checked when it
is made and again when it is applied), changes them through the ORM (the journal records
every changed row) and recomputes what depends on them (`relinking.relink`). The record
of the correction itself, its roles and its four-eyes approvals are
`ledger.services.corrections`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.errors import InputError, is_number
from ledger.extract import classify_hedging
from ledger.extract.names import name_key
from ledger.services import relinking, speakers
from ledger.store.ids import get_by_id, parse_id
from ledger.store.models import Claim, Source, Speaker, SpeakerAlias, Statement

#: the status of a statement a correction took out of the ledger
RETRACTED = "retracted"
#: the status of a claim whose canonical text a reviewer wrote (reclustering keeps it)
EDITED = "edited"
MAX_CLAIM_TEXT = 2000
_QUOTE_MARKS = "\"'“”‘’«»„‚"


def _text(value: Any, what: str, limit: int) -> str:
    if not isinstance(value, str):
        raise InputError(f"{what} must be text")
    text = " ".join(value.split())
    if not text:
        raise InputError(f"{what} must not be empty")
    if len(text) > limit:
        raise InputError(f"{what} is limited to {limit} characters (this one has {len(text)})")
    if any(ch < " " or ch == "\x7f" for ch in text):
        raise InputError(f"{what} must not contain control characters")
    return text


def speaker_name(value: Any) -> str:
    """A speaker given by id or name, checked (the speaker is found or made on apply)."""
    name = _text(value, "a speaker name", 300)
    if not is_number(name) and not name_key(name):
        raise InputError("a speaker name needs at least one letter or digit")
    return name


def claim_text(value: Any) -> str:
    return _text(value, "a claim's text", MAX_CLAIM_TEXT)


def _offset(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InputError(f"{what} must be a whole number, not {value!r}")
    if isinstance(value, str):
        if not is_number(value.strip()):
            raise InputError(f"{what} must be a whole number, not {value!r}")
        value = int(value.strip())
    return value


def span(source: Source, start: Any, end: Any) -> tuple[int, int]:
    """(start, end) checked against the source's text: a non-blank quote within it."""
    start, end = _offset(start, "start"), _offset(end, "end")
    size = len(source.text)
    if not 0 <= start < end <= size:
        raise InputError(
            f"span {start}-{end} is not within source {source.id} (its text has {size} "
            "characters: 0 <= start < end <= length)"
        )
    if not source.text[start:end].strip():
        raise InputError(f"span {start}-{end} of source {source.id} is only white space")
    return start, end


def _taken(session: Session, source_id: int, start: int, end: int, other: int | None) -> None:
    """Refuse a span another statement of the source has (a retracted one too: its row
    stays, and a source holds one statement per span and kind)."""
    q = select(Statement.id, Statement.status).where(
        Statement.source_id == source_id, Statement.start == start, Statement.end == end
    )
    found = [(sid, status) for sid, status in session.execute(q) if sid != other]
    if found:
        sid, status = found[0]
        gone = " (retracted)" if status == RETRACTED else ""
        raise InputError(f"statement {sid}{gone} already has span {start}-{end}")


def resolve_speaker(session: Session, ref: str, create: bool) -> tuple[int | None, bool]:
    """The speaker `ref` names (an id, or a name or alias naming exactly one speaker), and
    whether it is new; without `create` a name nobody has gives (None, True)."""
    if is_number(ref):
        sp = get_by_id(session, Speaker, parse_id(ref))
        if sp is None:
            raise InputError(f"no speaker with id {ref}")
        return sp.id, False
    key = name_key(ref)
    ids = set(session.scalars(select(Speaker.id).where(Speaker.name_key == key))) | set(
        session.scalars(select(SpeakerAlias.speaker_id).where(SpeakerAlias.alias_key == key))
    )
    if len(ids) > 1:
        raise InputError(
            f"{ref!r} names {len(ids)} speakers ({', '.join(map(str, sorted(ids)))}): give the id"
        )
    if ids:
        return ids.pop(), False
    if not create:
        return None, True
    speakers.forget_cache(session)
    sp = Speaker(name=ref, name_key=key, kind="unknown")
    sp.aliases.append(SpeakerAlias(alias=ref, alias_key=key))
    session.add(sp)
    session.flush()
    return sp.id, True


def _rehedge(st: Statement) -> None:
    """Hedging, its cues (offsets into the source, as stored) and polarity of the quote."""
    hedge = classify_hedging(st.quote)
    st.hedging, st.polarity = hedge.level, hedge.polarity
    at = st.start
    st.hedge_cues = [
        {"text": c.text, "start": c.start + at, "end": c.end + at, "level": c.level}
        for c in hedge.cues
    ]


def check(session: Session, kind: str, target: Statement | Claim | Source, params: dict) -> dict:
    """The correction's parameters, checked against `target` as it is now."""
    if isinstance(target, Statement) and target.status == RETRACTED:
        raise InputError(f"statement {target.id} was retracted: it cannot be corrected")
    if kind == "speaker":
        name = speaker_name(params.get("name"))
        sid, _ = resolve_speaker(session, name, create=False)
        if sid is not None and sid == target.speaker_id:
            raise InputError(f"statement {target.id} is attributed to speaker {sid} already")
        return {"name": name}
    if kind == "span":
        start, end = span(target.source, params.get("start"), params.get("end"))
        if (start, end) == (target.start, target.end):
            raise InputError(f"statement {target.id} has span {start}-{end} already")
        _taken(session, target.source_id, start, end, target.id)
        return {"start": start, "end": end}
    if kind == "add":
        start, end = span(target, params.get("start"), params.get("end"))
        _taken(session, target.id, start, end, None)
        out: dict[str, Any] = {"start": start, "end": end}
        if params.get("speaker") not in (None, ""):
            out["speaker"] = speaker_name(params["speaker"])
            resolve_speaker(session, out["speaker"], create=False)
        return out
    if kind == "retract":
        return {}
    if kind == "claim_text":
        if target.status == "merged":
            raise InputError(f"claim {target.id} was merged into another claim: edit that one")
        text = claim_text(params.get("text"))
        if text == target.canonical_text:
            raise InputError(f"claim {target.id} has that text already")
        return {"text": text}
    raise InputError(f"unknown correction {kind!r}")


def apply(session: Session, kind: str, target: Statement | Claim | Source, params: dict) -> dict:
    """Make the (checked) correction; what it changed, as plain data."""
    params = check(session, kind, target, params)
    if kind == "speaker":
        before = target.speaker_id
        sid, created = resolve_speaker(session, params["name"], create=True)
        target.speaker_id = sid  # the mention stays as the source wrote it
        session.flush()
        relinking.relink(session, [target.id], speakers=[sid])
        return {"speaker_id": sid, "created_speaker": created, "before": before}
    if kind == "span":
        before = {"start": target.start, "end": target.end, "quote": target.quote}
        target.start, target.end = params["start"], params["end"]
        target.quote = target.source.text[target.start : target.end]
        _rehedge(target)
        session.flush()
        relinking.relink(session, [target.id])
        return {"before": before, "quote": target.quote}
    if kind == "add":
        return _add(session, target, params)
    if kind == "retract":
        target.status = RETRACTED
        before = target.claim_id
        session.flush()
        relinking.relink(session, retracted=[target.id])
        return {"claim_id_before": before}
    before_text = target.canonical_text
    target.canonical_text, target.status = params["text"], EDITED
    session.flush()
    return {"before": before_text, "text": target.canonical_text}


def _add(session: Session, source: Source, params: dict) -> dict:
    start, end = params["start"], params["end"]
    text = source.text
    speaker_id = None
    if params.get("speaker"):
        speaker_id, _ = resolve_speaker(session, params["speaker"], create=True)
    # inside quotation marks it is the speaker's own words
    direct = start > 0 and end < len(text) and text[start - 1] in _QUOTE_MARKS
    st = Statement(
        source_id=source.id,
        speaker_id=speaker_id,
        kind="direct" if direct else ("indirect" if speaker_id else "unattributed"),
        quote=text[start:end],
        start=start,
        end=end,
        hedge_cues=[],
    )
    _rehedge(st)
    session.add(st)
    session.flush()
    relinking.relink(session, [st.id], speakers=[speaker_id] if speaker_id else [])
    return {"statement_id": st.id, "speaker_id": speaker_id}
