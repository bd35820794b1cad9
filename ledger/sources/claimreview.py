"""Reading schema.org ClaimReview: the fact-checks other organisations publish.

Pure: text in, `ClaimReview` dataclasses and one-line problems out, no database. Read are
a ClaimReview JSON-LD document, a JSON list of them, an `@graph` holding them (other nodes
in it are skipped), a `DataFeed` (`dataFeedElement[].item[]`, an item being one object or
a list; an element may also be a ClaimReview itself) and JSONL, one ClaimReview a line.
JSON-LD `{"@id": …}` references to nodes elsewhere in the document are followed, and
`{"@value": …}` literals read as their value.

Every value is untrusted: a string must be a string (no NUL, no lone surrogate, not over
its column's length), a URL an http(s) URL with a host (`urls.http_url`), a date ISO 8601
(a year or a month is kept with that precision). A bad review is one problem naming the
file and the item (`feed.json: dataFeedElement[3].item[0]: no claimReviewed`) and the
others are read; only a file that is not JSON, or holds no ClaimReview at all, fails whole.

What identifies a review across re-imports (`review_key`) is its url; several reviews on
one page (the same url, different claims) are told apart by their claim text; a review
without a url is known by its content. `content_sha256` is the digest of what is stored
of it, so a re-import tells a changed review from the same one.

The module is over 500 lines because it is one format's reader, in three parts that share
the same node helpers (types, references, values): detection, the walk over the shapes a
file comes in, and the validation of one review. Split, each part would reach into the
others' private helpers.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ledger.errors import InputError
from ledger.sources.urls import http_url

#: column lengths of what is stored (store/models.py): longer is refused, never cut
MAX_NAME = 300  # fact_check.organisation, .claimant, speaker.name, source.outlet
MAX_RATING = 120  # fact_check.rating
MAX_URL = 4_000
#: nodes of one document looked at for `@id` references (a 25 MB feed has about a million)
MAX_NODES = 5_000_000

_SCHEMA_PREFIX = re.compile(r"^(?:https?://schema\.org/|schema:)", re.I)
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?)?)?")
_DATE_TAIL = re.compile(r"^(?:Z|[+-]\d{2}:?\d{2})?$")
_ORGANISATIONS = {
    "organization",
    "organisation",
    "newsmediaorganization",
    "governmentorganization",
    "politicalparty",
    "corporation",
    "ngo",
    "educationalorganization",
    "medicalorganization",
    "performinggroup",
    "sportsorganization",
}


@dataclass(frozen=True)
class Claimant:
    """Who made the claim reviewed (`itemReviewed.author`)."""

    name: str
    kind: str = "unknown"  # person, organisation or unknown (SPEAKER_KINDS)
    role: str | None = None  # jobTitle
    affiliation: str | None = None


@dataclass
class ClaimReview:
    """One review, validated. `where` names it within its file ("dataFeedElement[3].item[0]",
    "line 4", "[2]", "@graph[1]"; "" for a file that is one review)."""

    where: str
    claim: str  # claimReviewed, whitespace collapsed
    url: str | None = None
    title: str | None = None  # headline (else name)
    organisation: str | None = None  # author.name
    organisation_url: str | None = None
    reviewed_on: date | None = None  # datePublished
    rating: str | None = None  # reviewRating.alternateName (else name)
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None
    claimant: Claimant | None = None
    claim_date: date | None = None  # itemReviewed.datePublished
    claim_date_precision: str | None = None  # day, month or year
    #: the claim's appearances: {"url", "title", "published_on", "outlet", "first"}
    appearances: list[dict[str, Any]] = field(default_factory=list)
    content_sha256: str = ""
    review_key: str = ""

    def stored(self) -> dict[str, Any]:
        """What is stored of the review, as JSON values (what `content_sha256` digests)."""
        c = self.claimant
        return {
            "claim": self.claim,
            "url": self.url,
            "title": self.title,
            "organisation": self.organisation,
            "organisation_url": self.organisation_url,
            "reviewed_on": self.reviewed_on.isoformat() if self.reviewed_on else None,
            "rating": self.rating,
            "rating_value": self.rating_value,
            "best_rating": self.best_rating,
            "worst_rating": self.worst_rating,
            "claimant": None
            if c is None
            else {"name": c.name, "kind": c.kind, "role": c.role, "affiliation": c.affiliation},
            "claim_date": self.claim_date.isoformat() if self.claim_date else None,
            "claim_date_precision": self.claim_date_precision,
            "appearances": self.appearances,
        }


@dataclass
class ParsedReviews:
    """A file's reviews, and a one-line problem for each item that could not be read."""

    reviews: list[ClaimReview] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    #: items that repeat an earlier item of the file exactly: (where, earlier where)
    repeats: list[tuple[str, str]] = field(default_factory=list)


class _Bad(Exception):
    """One item's problem (its message names the field), turned into a line by the walker."""


# --- detection -----------------------------------------------------------------------------


def _json(text: str) -> Any:
    # NaN and Infinity are not JSON; the standard parser accepts them unless told
    return json.loads(text, parse_constant=_no_constant)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def type_names(node: Any) -> set[str]:
    """The schema.org types a JSON-LD node declares, lower case, without prefix."""
    if not isinstance(node, dict):
        return set()
    raw = node.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {_type_name(v) for v in values if isinstance(v, str)}


@functools.lru_cache(maxsize=256)
def _type_name(value: str) -> str:
    return _SCHEMA_PREFIX.sub("", value).strip().lower()


def _is_reviewish(node: Any) -> bool:
    types = type_names(node)
    if "claimreview" in types or "datafeed" in types:
        return True
    if isinstance(node, dict) and isinstance(node.get("@graph"), list):
        return any(_is_reviewish(n) for n in node["@graph"][:1000])
    return False


def looks_like_claimreview(text: str, jsonl: bool = False) -> bool:
    """Whether `text` holds ClaimReview: a document (object or list) of them, or JSONL
    whose first line holds one. With `jsonl` (a `.jsonl` file) only the first line is read."""
    stripped = text.lstrip()
    if not stripped.startswith(("{", "[")):
        return False
    try:
        if not jsonl:
            try:
                value = _parsed(stripped)
            except (ValueError, RecursionError):
                pass
            else:
                values = value[:1000] if isinstance(value, list) else [value]
                if any(_is_reviewish(v) for v in values):
                    return True
                _LAST.clear()
                return False
        first = stripped.split("\n", 1)[0]
        try:
            value = _json(first)
        except (ValueError, RecursionError):
            return False
        values = value[:1000] if isinstance(value, list) else [value]
        return any(_is_reviewish(v) for v in values)
    except RecursionError:  # graphs in graphs: not a document anyone publishes
        _LAST.clear()
        return False


# --- values ----------------------------------------------------------------------------------


def _literal(value: Any) -> Any:
    """A JSON-LD value object ({"@value": "x", "@language": "en"}) as its value."""
    if isinstance(value, dict) and "@value" in value:
        return value["@value"]
    return value


def _string(
    value: Any, at: str, most: int | None = None, collapse: bool = True, several: bool = True
) -> str | None:
    """A string value, stripped (and whitespace collapsed), or None when absent or empty.
    schema.org allows several values of a property: with `several`, the first one counts."""
    if value.__class__ is str and value.isascii() and "\x00" not in value:
        # the usual case, quickly: nothing to check but the length
        value = " ".join(value.split()) if collapse else value.strip()
        if most is not None and len(value) > most:
            raise _Bad(f"{at}: {len(value):,} characters, over the {most} this field holds")
        return value or None
    value = _literal(value)
    if isinstance(value, list) and several:
        value = next((v for v in map(_literal, value) if v not in (None, "")), None)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _Bad(f"{at}: must be a string, got {_json_type(value)}")
    if "\x00" in value:
        raise _Bad(f"{at}: contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as err:
        code = ord(err.object[err.start])
        raise _Bad(f"{at}: \\u{code:04x} is half of a surrogate pair, not a character") from None
    value = " ".join(value.split()) if collapse else value.strip()
    if not value:
        return None
    if most is not None and len(value) > most:
        raise _Bad(f"{at}: {len(value):,} characters, over the {most} this field holds")
    return value


def _json_type(value: Any) -> str:
    return {dict: "an object", list: "a list", bool: "true/false", type(None): "null"}.get(
        type(value), "a number" if isinstance(value, int | float) else type(value).__name__
    )


def _url(value: Any, at: str) -> str | None:
    url = _string(value, at, MAX_URL, collapse=False)
    if url is not None and not http_url(url):
        raise _Bad(f"{at}: {url[:80]!r} is not an http(s) URL with a host")
    return url


def _number(value: Any) -> float | None:
    """A numeric rating value (a number, or a string that is one), else None."""
    value = _literal(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and len(value) <= 40:
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if isinstance(value, int) and not isinstance(value, bool):
        if abs(value) > 1e300:
            return None
        value = float(value)
    if isinstance(value, float) and math.isfinite(value):
        return value
    return None


def parse_when(value: Any, at: str) -> tuple[date | None, str | None]:
    """An ISO 8601 date (a date-time's date part): (the date, "day"); a year-month or a
    year is (its first day, "month" or "year")."""
    text = _string(value, at, 60)
    if text is None:
        return None, None
    m = _DATE.match(text)
    if m and _DATE_TAIL.match(text[m.end() :]):
        year, month, day = m.group(1), m.group(2), m.group(3)
        try:
            if day is not None:
                return date(int(year), int(month), int(day)), "day"
            if month is not None:
                return date(int(year), int(month), 1), "month"
            if int(year) >= 1:
                return date(int(year), 1, 1), "year"
        except ValueError:
            pass
    raise _Bad(f"{at}: {text[:40]!r} is not a date (want YYYY-MM-DD)")


# --- one review ------------------------------------------------------------------------------


class _Resolver:
    """Follows `{"@id": …}` references to the node of the document that has that id."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.nodes: dict[str, dict] | None = None

    def _index(self) -> dict[str, dict]:
        nodes: dict[str, dict] = {}
        stack, seen = [self.document], 0
        while stack and seen < MAX_NODES:
            node = stack.pop()
            seen += 1
            if isinstance(node, dict):
                ident = node.get("@id")
                if isinstance(ident, str) and len(node) > 1 and ident not in nodes:
                    nodes[ident] = node
                stack.extend(v for v in node.values() if isinstance(v, dict | list))
            elif isinstance(node, list):
                stack.extend(v for v in node if isinstance(v, dict | list))
        return nodes

    def __call__(self, value: Any) -> Any:
        if isinstance(value, dict) and len(value) <= 2 and isinstance(value.get("@id"), str):
            if set(value) <= {"@id", "@type"}:
                if self.nodes is None:
                    self.nodes = self._index()
                return self.nodes.get(value["@id"], value)
        return value


def _one(value: Any, resolve: _Resolver) -> Any:
    """The first of several values (schema.org allows a list anywhere), references followed."""
    if isinstance(value, list):
        value = next((v for v in value if v not in (None, "")), None)
    return resolve(value)


def _object(value: Any, at: str, resolve: _Resolver) -> dict | None:
    value = _one(value, resolve)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise _Bad(f"{at}: must be an object, got {_json_type(value)}")
    return value


def _claimant(value: Any, resolve: _Resolver) -> Claimant | None:
    value = _one(value, resolve)
    if value is None:
        return None
    if isinstance(value, str):  # a bare name
        name = _string(value, "itemReviewed.author", MAX_NAME)
        return Claimant(name) if name else None
    if not isinstance(value, dict):
        raise _Bad(f"itemReviewed.author: must be an object, got {_json_type(value)}")
    name = _string(value.get("name"), "itemReviewed.author.name", MAX_NAME)
    if name is None:
        return None
    types = type_names(value)
    kind = "person" if "person" in types else "organisation" if types & _ORGANISATIONS else None
    role = _string(value.get("jobTitle"), "itemReviewed.author.jobTitle", MAX_NAME)
    aff = _one(value.get("affiliation"), resolve)
    if isinstance(aff, dict):
        aff = aff.get("name")
    affiliation = _string(aff, "itemReviewed.author.affiliation", MAX_NAME)
    return Claimant(name, kind or "unknown", role, affiliation)


def _work(value: Any, at: str, resolve: _Resolver) -> dict[str, Any] | None:
    """One appearance of the claim: a CreativeWork (url, headline, date, publisher) or a URL."""
    value = resolve(value)
    if isinstance(value, str):
        return {"url": _url(value, at), "title": None, "published_on": None, "outlet": None}
    if not isinstance(value, dict):
        raise _Bad(f"{at}: must be an object or a URL, got {_json_type(value)}")
    when, _ = parse_when(value.get("datePublished"), f"{at}.datePublished")
    publisher = _one(value.get("publisher") or value.get("author"), resolve)
    if isinstance(publisher, dict):
        publisher = publisher.get("name")
    work = {
        "url": _url(value.get("url"), f"{at}.url"),
        "title": _string(value.get("headline") or value.get("name"), f"{at}.headline"),
        "published_on": when.isoformat() if when else None,
        "outlet": _string(publisher, f"{at}.publisher", MAX_NAME),
    }
    return work if work["url"] or work["title"] else None


def _appearances(item: dict, resolve: _Resolver) -> list[dict[str, Any]]:
    raw = item.get("appearance")
    listed = raw if isinstance(raw, list) else [] if raw is None else [raw]
    out: list[dict[str, Any]] = []
    for i, value in enumerate(listed):
        work = _work(value, f"itemReviewed.appearance[{i}]", resolve)
        if work is not None:
            out.append({**work, "first": False})
    first = (
        _work(item["firstAppearance"], "itemReviewed.firstAppearance", resolve)
        if (item.get("firstAppearance") is not None)
        else None
    )
    if first is not None:
        same = next((w for w in out if first["url"] and w["url"] == first["url"]), None)
        if same is not None:
            same["first"] = True
        else:
            out.insert(0, {**first, "first": True})
    return out


def _review(node: dict, where: str, resolve: _Resolver) -> ClaimReview:
    claim = _string(node.get("claimReviewed"), "claimReviewed", several=False)
    if claim is None:
        raise _Bad("no claimReviewed")
    review = ClaimReview(where=where, claim=claim)
    review.url = _url(node.get("url"), "url")
    review.title = _string(node.get("headline") or node.get("name"), "headline")
    org = _one(node.get("author"), resolve)
    if isinstance(org, dict):
        review.organisation = _string(org.get("name"), "author.name", MAX_NAME)
        review.organisation_url = _url(org.get("url"), "author.url")
    elif org is not None:
        review.organisation = _string(org, "author", MAX_NAME)
    review.reviewed_on, _ = parse_when(node.get("datePublished"), "datePublished")
    rating = _object(node.get("reviewRating"), "reviewRating", resolve)
    if rating is not None:
        label = rating.get("alternateName")
        if _literal(label) in (None, "", []):
            label = rating.get("name")
        review.rating = _string(label, "reviewRating.alternateName", MAX_RATING)
        review.rating_value = _number(rating.get("ratingValue"))
        review.best_rating = _number(rating.get("bestRating"))
        review.worst_rating = _number(rating.get("worstRating"))
    item = _object(node.get("itemReviewed"), "itemReviewed", resolve)
    if item is not None:
        review.claimant = _claimant(item.get("author"), resolve)
        review.claim_date, review.claim_date_precision = parse_when(
            item.get("datePublished"), "itemReviewed.datePublished"
        )
        review.appearances = _appearances(item, resolve)
    try:
        body = json.dumps(review.stored(), sort_keys=True, ensure_ascii=False)
    except (ValueError, RecursionError):  # (every value is checked above; a safety net)
        raise _Bad("cannot be read as JSON values") from None
    review.content_sha256 = hashlib.sha256(body.encode("utf-8")).hexdigest()
    return review


# --- the file --------------------------------------------------------------------------------


def _path(where: str, step: str) -> str:
    if not where:
        return step.lstrip(".")
    return where + step


def _items(
    value: Any, where: str, resolve: _Resolver, in_graph: bool = False
) -> Iterator[tuple[str, Any]]:
    """(where, ClaimReview node or a problem string) for every review in `value`."""
    if isinstance(value, list):
        for i, node in enumerate(value):
            yield from _items(node, _path(where, f"[{i}]"), resolve, in_graph)
        return
    node = resolve(value)
    types = type_names(node)
    if "claimreview" in types:
        yield where, node
    elif "datafeed" in types:
        elements = node.get("dataFeedElement")
        if elements is None:
            return
        elements = elements if isinstance(elements, list) else [elements]
        for i, element in enumerate(elements):
            at = _path(where, f".dataFeedElement[{i}]")
            element = resolve(element)
            if "claimreview" in type_names(element):
                yield at, element
            elif isinstance(element, dict) and "item" in element:
                items = element["item"]
                if isinstance(items, list):
                    for j, it in enumerate(items):
                        yield from _feed_item(it, f"{at}.item[{j}]", resolve)
                else:
                    yield from _feed_item(items, f"{at}.item", resolve)
            else:
                yield at, "not a DataFeedItem with an item, nor a ClaimReview"
    elif isinstance(node, dict) and "@graph" in node:
        graph = node["@graph"]
        graph = graph if isinstance(graph, list) else [graph]
        for i, g in enumerate(graph):
            yield from _items(g, _path(where, f".@graph[{i}]"), resolve, in_graph=True)
    elif not in_graph:  # a graph holds other nodes (the page, the organisation): skipped
        shown = sorted(types)[0][:40] if types else None
        yield (
            where,
            (f"not a ClaimReview (@type {shown!r})" if shown else "not a ClaimReview (no @type)"),
        )


def _feed_item(value: Any, at: str, resolve: _Resolver) -> Iterator[tuple[str, Any]]:
    node = resolve(value)
    if "claimreview" in type_names(node):
        yield at, node
    elif isinstance(node, dict) and "claimReviewed" in node and "@type" not in node:
        yield at, node  # a feed item is a ClaimReview even when it does not say so
    else:
        yield from _items(node, at, resolve)


_LAST: list[tuple[str, Any]] = []  # the document detection parsed, for the parse that follows


def _parsed(text: str) -> Any:
    """`text` as one JSON value; the last one is remembered, as a file is read twice
    (detected, then parsed), and a feed of 20,000 reviews takes a while to parse."""
    if _LAST and _LAST[0][0] == text:
        return _LAST[0][1]
    value = _json(text)
    _LAST[:] = [(text, value)]
    return value


def _read_document(text: str, origin: str) -> tuple[Any, bool]:
    """(the document, False), or (None, True) when `text` is more than one JSON value (JSONL)."""
    try:
        return _parsed(text), False
    except RecursionError:
        raise InputError(f"{origin}: nested too deeply to read") from None
    except json.JSONDecodeError as err:
        if err.msg == "Extra data":
            return None, True
        raise InputError(
            f"{origin}: line {err.lineno}: not valid JSON ({err.msg} at column {err.colno})"
        ) from None
    except ValueError as err:  # NaN, or an integer over sys.get_int_max_str_digits() digits
        if "digits" in str(err):
            raise InputError(
                f"{origin}: number too long (over {sys.get_int_max_str_digits():,} digits)"
            ) from None
        raise InputError(f"{origin}: not valid JSON ({err})") from None
    finally:
        _LAST.clear()


def _lines(text: str) -> Iterator[tuple[str, Any]]:
    """JSONL: (where, value or a problem string) per non-empty line."""
    for lineno, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        where = f"line {lineno}"
        try:
            yield where, _json(raw)
        except RecursionError:
            yield where, "nested too deeply to read"
        except json.JSONDecodeError as err:
            yield where, f"not valid JSON ({err.msg} at column {err.colno})"
        except ValueError:
            yield where, "not valid JSON (a number too long, NaN or Infinity)"


def parse_reviews(text: str, origin: str, jsonl: bool = False) -> ParsedReviews:
    """The reviews in `text` (from `origin`): one JSON document, or JSONL (one a line) with
    `jsonl` or when the text is more than one JSON value. Raises InputError only when
    the file as a whole cannot be read or holds no review; a bad item is a problem."""
    found: list[tuple[str, Any, _Resolver | None]] = []
    document = None
    if not jsonl:
        document, jsonl = _read_document(text.strip(), origin)
    if jsonl:
        for where, value in _lines(text):
            if isinstance(value, str):  # a problem
                found.append((where, value, None))
                continue
            resolve = _Resolver(value)
            try:
                found.extend((at, node, resolve) for at, node in _items(value, where, resolve))
            except RecursionError:
                found.append((where, "nested too deeply to read", None))
    else:
        resolve = _Resolver(document)
        try:
            found = [(at, node, resolve) for at, node in _items(document, "", resolve)]
        except RecursionError:
            raise InputError(f"{origin}: nested too deeply to read") from None
    out = ParsedReviews()
    for where, node, resolve in found:
        name = f"{origin}: {where}" if where else origin
        if isinstance(node, str) or resolve is None:
            out.problems.append(f"{name}: {node}")
            continue
        try:
            out.reviews.append(_review(node, where, resolve))
        except _Bad as bad:
            out.problems.append(f"{name}: {bad}")
        except RecursionError:
            out.problems.append(f"{name}: nested too deeply to read")
    if not out.reviews and not out.problems:
        raise InputError(f"{origin}: no ClaimReview in it")
    _give_keys(out, origin)
    return out


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _give_keys(out: ParsedReviews, origin: str) -> None:
    """Each review's `review_key`; a later item that is an earlier one again is left out
    (a repeat when the same, a problem when it says something else)."""
    claims_of_url: dict[str, set[str]] = {}
    for r in out.reviews:
        if r.url:
            claims_of_url.setdefault(r.url, set()).add(r.claim)
    kept: list[ClaimReview] = []
    first: dict[str, ClaimReview] = {}
    for r in out.reviews:
        if r.url is None:
            r.review_key = _digest("content", r.content_sha256)
        elif len(claims_of_url[r.url]) > 1:  # one page, several claims
            r.review_key = _digest("url", r.url, "claim", r.claim)
        else:
            r.review_key = _digest("url", r.url)
        earlier = first.get(r.review_key)
        if earlier is None:
            first[r.review_key] = r
            kept.append(r)
        elif earlier.content_sha256 == r.content_sha256:
            out.repeats.append((r.where, earlier.where))
        else:
            out.problems.append(
                f"{origin}: {r.where}: the same review as {earlier.where} (same url and "
                "claimReviewed) says something else; the first is kept"
            )
    out.reviews = kept
