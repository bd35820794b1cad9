"""W3C PROV (PROV-JSON) of the ledger's provenance, built with the `prov` library.

What the document says, for each exported statement:

- the source is an entity (`schema:headline`, `schema:url`, `schema:publisher`,
  `schema:datePublished`, `ledger:sha256` of its text);
- the statement is an entity (its verbatim `prov:value`, offsets, status, and when it was
  made: `ledger:statedOn`, the first day of a `ledger:statedOnPrecision` day, week, month
  or year) that
  `wasDerivedFrom` its source as a `prov:Quotation`, and `wasAttributedTo` its speaker (an
  agent typed `prov:Person` or `prov:Organization`);
- the statement is a `specializationOf` its claim (an entity with its rating);
- every review entry (decision, rating, note, evidence, retraction) is an activity at its
  time that `used` the statement or claim and `wasAssociatedWith` its reviewer (an agent).

Identifiers live in the `ledger:` namespace (`urn:statement-ledger:`); reviewer names are
percent-encoded into them. Exporting needs the editor role (reviewers' notes are inside).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import IO, Any
from urllib.parse import quote

from prov.model import PROV, ProvDocument
from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.services import roles
from ledger.services.query import StatementFilter, iter_statements
from ledger.store.models import Claim, Review, Source, Speaker
from ledger.store.safe_json import escape_json_text

NAMESPACE = "urn:statement-ledger:"
SCHEMA = "https://schema.org/"
_ORG_KINDS = ("organisation", "organization", "group")


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _attrs(**values: Any) -> dict[str, Any]:
    return {k.replace("__", ":"): v for k, v in values.items() if v not in (None, "", [])}


def _user_id(name: str) -> str:
    return "ledger:user-" + quote(name, safe="")


def provenance(
    session: Session, f: StatementFilter | None = None, *, user: str | None = None
) -> ProvDocument:
    """The PROV document of the statements matching `f` (all by default) and their reviews."""
    roles.require(session, user, "export_verified")
    doc = ProvDocument()
    doc.add_namespace("ledger", NAMESPACE)
    schema = doc.add_namespace("schema", SCHEMA)
    sources: set[int] = set()
    speakers: set[int] = set()
    claims: set[int] = set()
    users: set[str] = set()
    statement_ids: list[int] = []
    for row in iter_statements(session, f or StatementFilter()):
        sid = row["source_id"]
        if sid not in sources:
            sources.add(sid)
            src = session.get(Source, sid)
            doc.entity(
                f"ledger:source-{sid}",
                _attrs(
                    prov__type=PROV["Entity"],
                    prov__label=src.title,
                    schema__headline=src.title,
                    schema__url=src.url,
                    schema__publisher=src.outlet,
                    schema__datePublished=src.published_on.isoformat()
                    if src.published_on
                    else None,
                    ledger__sha256=src.content_sha256,
                    ledger__origin=src.origin,
                ),
            )
        statement = doc.entity(
            f"ledger:statement-{row['id']}",
            _attrs(
                prov__value=row["quote"],
                ledger__start=row["start"],
                ledger__end=row["end"],
                ledger__kind=row["kind"],
                ledger__cue=row["cue"],
                ledger__status=row["status"],
                ledger__statedOn=row["stated_on"],
                # statedOn is the first day of a day, week, month or year
                ledger__statedOnPrecision=row["stated_on_precision"],
                ledger__speakerMention=row["speaker_mention"],
            ),
        )
        doc.quotation(statement, f"ledger:source-{sid}")
        if row["speaker_id"] is not None:
            if row["speaker_id"] not in speakers:
                speakers.add(row["speaker_id"])
                sp = session.get(Speaker, row["speaker_id"])
                kind = PROV["Organization"] if sp and sp.kind in _ORG_KINDS else PROV["Person"]
                doc.agent(
                    f"ledger:speaker-{row['speaker_id']}",
                    _attrs(
                        prov__type=kind, prov__label=row["speaker"], schema__jobTitle=row["role"]
                    ),
                )
            doc.wasAttributedTo(statement, f"ledger:speaker-{row['speaker_id']}")
        if row["claim_id"] is not None:
            if row["claim_id"] not in claims:
                claims.add(row["claim_id"])
                claim = session.get(Claim, row["claim_id"])
                doc.entity(
                    f"ledger:claim-{claim.id}",
                    _attrs(
                        prov__label=claim.canonical_text,
                        ledger__rating=claim.rating,
                        ledger__ratingFinal=claim.rating_final,
                    ),
                )
            doc.specializationOf(statement, f"ledger:claim-{row['claim_id']}")
        statement_ids.append(row["id"])
    for chunk_start in range(0, len(statement_ids), 500):
        chunk = statement_ids[chunk_start : chunk_start + 500]
        rows = session.scalars(select(Review).where(Review.statement_id.in_(chunk)))
        _reviews(doc, rows, users, schema)
    for chunk_start in range(0, len(claims), 500):
        chunk = sorted(claims)[chunk_start : chunk_start + 500]
        rows = session.scalars(select(Review).where(Review.claim_id.in_(chunk)))
        _reviews(doc, rows, users, schema)
    return doc


def _reviews(doc: ProvDocument, reviews, users: set[str], schema) -> None:
    for r in reviews:
        when = _aware(r.created_at)
        subject = (
            f"ledger:statement-{r.statement_id}" if r.statement_id else f"ledger:claim-{r.claim_id}"
        )
        activity = doc.activity(
            f"ledger:review-{r.id}",
            when,
            when,
            _attrs(
                prov__type=schema["ReviewAction"],
                ledger__verdict=r.verdict,
                ledger__note=r.note,
                ledger__evidence=", ".join(r.evidence or []),
                ledger__seenVersion=r.seen_version,
                ledger__retracts=f"review-{r.retracts_id}" if r.retracts_id else None,
            ),
        )
        if r.reviewer not in users:
            users.add(r.reviewer)
            doc.agent(_user_id(r.reviewer), {"prov:type": PROV["Person"], "prov:label": r.reviewer})
        doc.wasAssociatedWith(activity, _user_id(r.reviewer))
        doc.used(activity, subject, when)


def prov_json(doc: ProvDocument) -> str:
    """The document as PROV-JSON text (and a newline). The prov library writes its own JSON
    (ASCII-escaped today); it goes through `escape_json_text` all the same."""
    return escape_json_text(doc.serialize(format="json", indent=2)) + "\n"


def write_prov(session: Session, out: IO[str], f: StatementFilter | None = None, **kw: Any) -> int:
    """Write PROV-JSON; returns the number of statements in it."""
    doc = provenance(session, f, **kw)
    out.write(prov_json(doc))
    return sum(
        1
        for rec in doc.get_records()
        if rec.identifier and str(rec.identifier).startswith("ledger:statement-")
    )
