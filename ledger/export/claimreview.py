"""schema.org ClaimReview JSON-LD for every claim whose rating is final.

One standalone JSON-LD document per claim (each with its own `@context`, ready to go in
a `<script type="application/ld+json">` on the claim's fact-check page), written as a JSON
array. The fields follow Google's fact-check structured-data guidelines:

- required: `claimReviewed`, `reviewRating` (with `alternateName`), `url`;
- recommended: `author` (the organisation), `datePublished` (when the rating became
  final), `itemReviewed` (a `Claim` with its `author` — the speaker —, `datePublished`,
  every `appearance` and the `firstAppearance`); the rating's `name`, and, for ratings on
  the numeric scale, `ratingValue`, `bestRating` and `worstRating`.

Only statements whose status is final `verified` count as appearances: a claim is
exported when its rating is final and at least one of its quotes was checked against its
source. Claims left out are reported as notes, never silently dropped. Exporting needs
the editor role.

The first appearance is the earliest verified statement in `ledger.linking.order_key`
order, the order `ledger claim` shows and the claim's `first_statement_id` is kept by, so
the two agree; when the claim's first appearance is not verified, a note says which
statement stands in for it. `itemReviewed.datePublished` says only as much as the
statement's date precision knows (`claim_date`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.errors import InputError
from ledger.extract.dates import interval
from ledger.linking import LinkItem, order_key
from ledger.services import roles
from ledger.services.derivation import claim_status
from ledger.services.settings import rating_entry
from ledger.sources.urls import http_url
from ledger.store.models import Claim, Source, Speaker, Statement
from ledger.store.paging import keyset_rows
from ledger.store.safe_json import safe_dumps

CONTEXT = "https://schema.org"
#: Google shows at most about this many characters of claimReviewed on a phone
SHORT_CLAIM = 75


def _http_url(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
        raise InputError(f"{option} {value!r} is not an absolute http(s) URL")
    return value


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def review_url(base_url: str, claim_id: int) -> str:
    """The fact-check page of a claim: `{id}` in `base_url` is replaced, else /claims/ID."""
    if "{id}" in base_url:
        return base_url.replace("{id}", str(claim_id))
    return f"{base_url.rstrip('/')}/claims/{claim_id}"


def _speaker(sp: Speaker | None) -> dict[str, Any] | None:
    if sp is None:
        return None
    kind = "Organization" if sp.kind in ("organisation", "organization", "group") else "Person"
    out: dict[str, Any] = {"@type": kind, "name": sp.name}
    if kind == "Person" and sp.role:
        out["jobTitle"] = sp.role
    if kind == "Person" and sp.affiliation:
        out["affiliation"] = {"@type": "Organization", "name": sp.affiliation}
    return out


def _work(src: Source) -> dict[str, Any]:
    out: dict[str, Any] = {"@type": "CreativeWork"}
    if src.url:
        out["url"] = src.url
    if src.title:
        out["headline"] = src.title
    if src.published_on:
        out["datePublished"] = src.published_on.isoformat()
    if src.outlet:
        out["publisher"] = {"@type": "Organization", "name": src.outlet}
    return out


def _when(st: Statement, src: Source) -> tuple:
    """The statement's place in first-appearance order: the one order `ledger claim` and
    the claim book use (`ledger.linking.order_key`, over the interval of `stated_on`)."""
    return order_key(
        LinkItem(
            id=st.id,
            text="",
            stated_on=st.stated_on,
            published_on=src.published_on,
            order=st.id,
            stated_on_precision=st.stated_on_precision,
        )
    )


def claim_date(st: Statement, src: Source) -> str | None:
    """`itemReviewed.datePublished`: when the claim was made, as ISO 8601 says no more than
    is known — a day, `YYYY-MM` for a month, `YYYY` for a year; a week is written as the
    month (or year) that holds all of it, since consumers of ClaimReview read calendar
    dates, not ISO week dates; None when no such month or year exists (a week across New
    Year). A statement without a date of its own is dated by its source."""
    if st.stated_on is None:
        return src.published_on.isoformat() if src.published_on else None
    first, last = interval(st.stated_on, st.stated_on_precision)
    if first == last:
        return first.isoformat()
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.year:04d}-{first.month:02d}"
    if first.year == last.year:
        return f"{first.year:04d}"
    return None


def claim_review(
    session: Session, claim: Claim, org: dict[str, Any], base_url: str, notes: list[str]
) -> dict[str, Any] | None:
    """The ClaimReview of one claim, or None (with a note) when it cannot be exported."""
    state = claim_status(session, claim.id)
    if not state["final"] or claim.status == "merged":
        return None
    # statement.status is the derived status, kept in step with the review log
    rows = list(
        session.execute(
            select(Statement, Source, Speaker)
            .join(Source, Statement.source_id == Source.id)
            .outerjoin(Speaker, Statement.speaker_id == Speaker.id)
            .where(Statement.claim_id == claim.id, Statement.status == "verified")
        ).all()
    )
    if not rows:
        notes.append(
            f"claim {claim.id} is rated {state['rating']!r} but none of its statements is "
            "verified: left out"
        )
        return None
    rows.sort(key=lambda r: _when(r[0], r[1]))
    first_st, first_src, first_sp = rows[0]
    if claim.first_statement_id is not None and claim.first_statement_id != first_st.id:
        notes.append(
            f"claim {claim.id}: its first appearance (statement {claim.first_statement_id}) "
            f"is not verified: firstAppearance is statement {first_st.id}, the earliest "
            "verified one"
        )
    entry = rating_entry(session, state["rating"])
    rating: dict[str, Any] = {
        "@type": "Rating",
        "alternateName": entry["alternateName"],
        "name": entry["alternateName"],
    }
    if entry.get("ratingValue") is not None:
        rating.update(
            ratingValue=entry["ratingValue"],
            bestRating=entry["bestRating"],
            worstRating=entry["worstRating"],
        )
    appearances, seen = [], set()
    for _, src, _ in rows:
        if src.id not in seen:
            seen.add(src.id)
            appearances.append(_work(src))
    item: dict[str, Any] = {"@type": "Claim"}
    author = _speaker(first_sp)
    if author:
        item["author"] = author
    else:
        notes.append(f"claim {claim.id}: its first appearance has no speaker, so no Claim author")
    first_date = claim_date(first_st, first_src)
    if first_date:
        item["datePublished"] = first_date
    elif first_st.stated_on is not None:
        notes.append(
            f"claim {claim.id}: its first appearance was made in the week of "
            f"{first_st.stated_on.isoformat()}, across New Year: no Claim datePublished"
        )
    item["appearance"] = appearances
    item["firstAppearance"] = _work(first_src)
    url = review_url(base_url, claim.id)
    text = " ".join(claim.canonical_text.split())
    if len(text) > SHORT_CLAIM:
        notes.append(
            f"claim {claim.id}: claimReviewed has {len(text)} characters; Google suggests "
            f"under {SHORT_CLAIM}"
        )
    doc = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "@id": url,
        "url": url,
        "claimReviewed": text,
        "author": org,
        "datePublished": state["final_at"][:10],
        "reviewRating": rating,
        "itemReviewed": item,
    }
    if state["rating_notes"]:
        doc["reviewBody"] = "\n\n".join(" ".join(n.split()) for n in state["rating_notes"])
    citations = _citations(session, state["evidence"])
    if citations:
        doc["citation"] = citations
    return doc


def _citations(session: Session, evidence: list[str]) -> list[dict[str, Any]]:
    """The claim's evidence as schema.org citations: http(s) URLs as they are, `source:ID`
    and `statement:ID` as their source's work (title, outlet, URL); a source with no
    public URL is left out (its local origin is the newsroom's own business)."""
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for ref in evidence:
        kind, _, num = ref.partition(":")
        url = None
        if kind in ("http", "https"):
            work: dict[str, Any] = {"@type": "CreativeWork", "url": ref}
            url = ref
        elif kind in ("source", "statement") and num.isdigit():
            source_id: int | None = int(num)
            if kind == "statement":
                st = session.get(Statement, int(num))
                source_id = st.source_id if st is not None else None
            src = session.get(Source, source_id) if source_id is not None else None
            if src is None or not src.url or not http_url(src.url):
                continue
            work, url = _work(src), src.url
        else:
            continue
        if url not in seen:
            seen.add(url)
            out.append(work)
    return out


def claim_reviews(
    session: Session,
    *,
    org_name: str,
    org_url: str,
    base_url: str | None = None,
    user: str | None = None,
    prove: Callable[[dict[str, Any], int], dict[str, Any]] | None = None,
) -> tuple[list[dict[str, Any]], list[str]]:
    """ClaimReview documents of every exportable claim, and notes on what was left out;
    `prove(doc, claim_id)` adds a document's proof (`services.export_proofs`)."""
    roles.require(session, user, "export_verified")
    name = " ".join((org_name or "").split())
    if not name:
        raise InputError("ClaimReview needs the fact-checking organisation: --org-name NAME")
    org_url = _http_url(org_url, "--org-url")
    if org_url is None:
        raise InputError("ClaimReview needs the organisation's site: --org-url URL")
    base = _http_url(base_url, "--base-url") or org_url
    notes: list[str] = []
    host, org_host = _host(base), _host(org_url)
    if host != org_host and not host.endswith("." + org_host):
        notes.append(
            f"the review pages ({host}) are not on the organisation's domain ({org_host}): "
            "Google wants the ClaimReview url on the domain of the page that hosts it"
        )
    org = {"@type": "Organization", "name": name, "url": org_url}
    docs: list[dict[str, Any]] = []
    rated = select(Claim).where(Claim.rating_final.is_(True))
    for claim in keyset_rows(session, rated, Claim.id, batch=500):
        doc = claim_review(session, claim, org, base, notes)
        if doc is not None:
            docs.append(prove(doc, claim.id) if prove else doc)
    return docs, notes


def claim_reviews_json(docs: list[dict[str, Any]]) -> str:
    """The documents as one JSON array (and a newline), `<`, `>` and `&` escaped too: the
    JSON-LD goes into a page's `<script>`, where `</script>` in a quote would end it."""
    return safe_dumps(docs, indent=2, html=True) + "\n"


def write_claim_reviews(session: Session, out: IO[str], **options: Any) -> tuple[int, list[str]]:
    """Write the ClaimReview documents as a JSON array; (count, notes)."""
    docs, notes = claim_reviews(session, **options)
    out.write(claim_reviews_json(docs))
    return len(docs), notes
