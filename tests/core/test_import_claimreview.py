"""Importing fact-checks others published (schema.org ClaimReview): every shape a feed
comes in, detected by content; re-imports that add nothing; a changed review updated with
its event in the history; a bad item named while the others are stored; the ledger's own
ClaimReview export read back; and a property: whatever JSON a file holds, the reader
returns reviews or problems, or one InputError, never anything else."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from ledger.errors import InputError
from ledger.sources.claimreview import parse_reviews
from ledger.sources.formats import detect_format


def review(n: int, **changes) -> dict:
    """A ClaimReview of our own making; `changes` replace its fields."""
    doc = {
        "@type": "ClaimReview",
        "url": f"https://checks.example/reviews/{n}",
        "claimReviewed": f"The harbour tunnel cost {n + 2} hundred million to build.",
        "headline": f"Tunnel cost claim {n} does not add up",
        "datePublished": f"2023-05-{n + 1:02d}",
        "author": {
            "@type": "Organization",
            "name": "Harbour Checks",
            "url": "https://checks.example",
        },
        "reviewRating": {
            "@type": "Rating",
            "alternateName": "Mostly false",
            "ratingValue": 2,
            "bestRating": 5,
            "worstRating": 1,
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Ana Reyes", "jobTitle": "Mayor"},
            "datePublished": "2023-04-20",
            "appearance": [
                {"@type": "CreativeWork", "url": f"https://news.example/tunnel-{n}"},
                "https://radio.example/mayor",
            ],
        },
    }
    doc.update(changes)
    return doc


def feed(reviews: list[dict], per_item: int = 1) -> dict:
    elements = [
        {"@type": "DataFeedItem", "item": reviews[i : i + per_item]}
        for i in range(0, len(reviews), per_item)
    ]
    return {"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": elements}


def rows(url: str, sql: str) -> list[tuple]:
    from sqlalchemy import text

    from ledger.store.db import open_database

    db = open_database(url)
    try:
        with db.read() as s:
            return [tuple(r) for r in s.execute(text(sql)).all()]
    finally:
        db.dispose()


def counts(url: str) -> dict[str, int]:
    from ledger.store.db import open_database
    from ledger.store.models import Claim, Event, FactCheck, Link, Source, Speaker, Statement

    db = open_database(url)
    try:
        with db.read() as s:
            return {
                m.__tablename__: s.scalar(select(func.count()).select_from(m))
                for m in (Source, Statement, Speaker, Claim, Link, FactCheck, Event)
            }
    finally:
        db.dispose()


def test_a_datafeed_becomes_sources_statements_claims_and_fact_checks(cli, db_url, tmp_path):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(feed([review(0), review(1), review(2)], per_item=2)))
    r = cli("import", "--format", "claimreview", path, db=db_url)
    assert r.code == 0, r.err
    assert "imported 3, unchanged 0, failed 0 (3 statements)" in r.out
    got = rows(
        db_url,
        "SELECT f.url, f.organisation, f.organisation_url, f.rating, f.rating_value,"
        " f.best_rating, f.worst_rating, f.claimant, f.claim_date, f.reviewed_on,"
        " s.kind, s.outlet, s.title, s.url, s.published_on, st.quote, st.stated_on,"
        ' sp.name, st.claim_id = f.claim_id, c.rating, st."end" = length(s.text)'
        " FROM fact_check f JOIN source s ON s.id = f.source_id"
        " JOIN statement st ON st.id = f.statement_id JOIN speaker sp ON sp.id = st.speaker_id"
        " JOIN claim c ON c.id = f.claim_id ORDER BY f.id",
    )
    assert len(got) == 3
    first = got[0]
    assert first[:8] == (
        "https://checks.example/reviews/0",
        "Harbour Checks",
        "https://checks.example",
        "Mostly false",
        2.0,
        5.0,
        1.0,
        "Ana Reyes",
    )
    assert str(first[8]) == "2023-04-20" and str(first[9]) == "2023-05-01"
    assert first[10:14] == (
        "fact-check",
        "Harbour Checks",
        "Tunnel cost claim 0 does not add up",
        "https://checks.example/reviews/0",
    )
    assert first[15] == "The harbour tunnel cost 2 hundred million to build."
    assert str(first[16]) == "2023-04-20" and first[17] == "Ana Reyes"
    # the statement's claim is the fact-check's; the organisation's rating is not the ledger's
    assert all(g[18] for g in got) and all(g[19] is None for g in got) and all(g[20] for g in got)
    (appearances,) = rows(db_url, "SELECT appearances FROM fact_check ORDER BY id LIMIT 1")[0]
    appearances = json.loads(appearances) if isinstance(appearances, str) else appearances
    assert [a["url"] for a in appearances] == [
        "https://news.example/tunnel-0",
        "https://radio.example/mayor",
    ]
    # one speaker for the three reviews, with the role the review gave
    assert rows(db_url, "SELECT name, role FROM speaker") == [("Ana Reyes", "Mayor")]
    # the hidden --format and --input-format are the same option
    r = cli("import", "--input-format", "claimreview", path, db=db_url)
    assert r.code == 0 and "imported 0, unchanged 3" in r.out


SHAPES = {
    "single document": lambda rs: {"@context": "https://schema.org", **rs[0]},
    "list": lambda rs: [{"@context": "https://schema.org", **x} for x in rs],
    "graph": lambda rs: {
        "@context": "https://schema.org",
        "@graph": [{"@type": "WebPage", "name": "Our checks"}, *rs],
    },
    "feed, item an object": lambda rs: {
        "@type": "DataFeed",
        "dataFeedElement": [{"@type": "DataFeedItem", "item": x} for x in rs],
    },
    "feed on one line, typed with a prefix": lambda rs: {
        "@type": ["schema:DataFeed"],
        "dataFeedElement": [{"item": [x]} for x in rs],
    },
}


WHERE = {
    "single document": [""],
    "list": ["[0]", "[1]"],
    "graph": ["@graph[1]", "@graph[2]"],
    "feed, item an object": ["dataFeedElement[0].item", "dataFeedElement[1].item"],
    "feed on one line, typed with a prefix": [
        "dataFeedElement[0].item[0]",
        "dataFeedElement[1].item[0]",
    ],
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_every_shape_is_detected_and_read(shape):
    reviews = [review(0), review(1)] if shape != "single document" else [review(0)]
    indent = None if "one line" in shape else 2
    text = json.dumps(SHAPES[shape](reviews), indent=indent)
    assert detect_format(text, "reviews.json") == "claimreview"
    parsed = parse_reviews(text, "reviews.json")
    assert parsed.problems == []
    assert [r.where for r in parsed.reviews] == WHERE[shape]
    assert [r.url for r in parsed.reviews] == [x["url"] for x in reviews]
    assert all(
        r.rating == "Mostly false" and r.claimant.name == "Ana Reyes" for r in parsed.reviews
    )


def test_references_by_id_are_followed():
    org = {"@type": "Organization", "@id": "https://checks.example/#org", "name": "Harbour Checks"}
    doc = {
        "@context": "https://schema.org",
        "@graph": [org, review(0, author={"@id": "https://checks.example/#org"})],
    }
    (r,) = parse_reviews(json.dumps(doc), "page.json").reviews
    assert r.organisation == "Harbour Checks"


def test_jsonl_of_reviews_is_detected_by_content(cli, db_url, tmp_path):
    text = "\n".join(json.dumps(review(n)) for n in range(3)) + "\n"
    assert detect_format(text, "checks.txt") == "claimreview"
    path = tmp_path / "checks.jsonl"
    path.write_text(text)
    assert detect_format(text, str(path)) == "claimreview"
    r = cli("import", path, db=db_url)
    assert r.code == 0 and "imported 3, unchanged 0, failed 0" in r.out, r.out + r.err
    # statement JSONL is still statement JSONL
    plain = json.dumps({"quote": "The tunnel opens in May.", "speaker": "Ana Reyes"})
    assert detect_format(plain + "\n", str(path)) == "jsonl"
    assert detect_format(plain + "\n", "plain.txt") == "jsonl"


def test_reimport_adds_nothing_and_a_changed_rating_updates_with_its_event(cli, db_url, tmp_path):
    path = tmp_path / "feed.json"
    reviews = [review(n) for n in range(3)]
    path.write_text(json.dumps(feed(reviews)))
    assert cli("import", path, db=db_url).code == 0
    before = counts(db_url)
    r = cli("import", path, db=db_url)
    assert r.code == 0 and "imported 0, unchanged 3, failed 0 (0 statements)" in r.out
    assert counts(db_url) == before  # not a row, not an event

    reviews[1]["reviewRating"] = {"@type": "Rating", "alternateName": "False", "ratingValue": 1}
    path.write_text(json.dumps(feed(reviews)))
    r = cli("import", path, db=db_url)
    assert r.code == 0, r.err
    assert "imported 0, updated 1, unchanged 2, failed 0" in r.out
    after = counts(db_url)
    assert {k: v for k, v in after.items() if k != "event"} == {
        k: v for k, v in before.items() if k != "event"
    }
    (fid,) = rows(db_url, "SELECT id FROM fact_check WHERE url LIKE '%/1'")[0]
    r = cli("history", f"fact_check:{fid}", "--format", "json", db=db_url)
    events = json.loads(r.out)
    assert [e["action"] for e in events] == ["insert", "update"]
    assert events[0]["payload"]["rating"] == "Mostly false"
    assert events[1]["payload"]["rating"] == "False"
    assert events[1]["payload"]["rating_value"] == 1.0
    assert events[1]["payload"]["best_rating"] is None
    assert cli("verify", db=db_url).code == 0
    # and again: nothing more
    assert "imported 0, unchanged 3" in cli("import", path, db=db_url).out


def test_a_changed_claimant_and_claim_text_update_the_statement(cli, db_url, tmp_path):
    path = tmp_path / "feed.json"
    reviews = [review(0)]
    path.write_text(json.dumps(feed(reviews)))
    assert cli("import", path, db=db_url).code == 0
    reviews[0]["claimReviewed"] = "The harbour tunnel cost nine hundred million."
    reviews[0]["itemReviewed"]["author"] = {"@type": "Person", "name": "Ben Ortiz"}
    path.write_text(json.dumps(feed(reviews)))
    r = cli("import", path, db=db_url)
    assert "updated 1" in r.out, r.out + r.err
    got = rows(
        db_url,
        "SELECT st.quote, s.text, sp.name, f.claimant FROM fact_check f"
        " JOIN statement st ON st.id = f.statement_id JOIN source s ON s.id = f.source_id"
        " JOIN speaker sp ON sp.id = st.speaker_id",
    )
    text = "The harbour tunnel cost nine hundred million."
    assert got == [(text, text, "Ben Ortiz", "Ben Ortiz")]
    assert cli("verify", db=db_url).code == 0


def test_bad_items_are_named_one_line_each_and_the_others_import(cli, db_url, tmp_path):
    bad = [
        review(1, claimReviewed=None),
        review(2, url="javascript:alert(1)"),
        review(3, datePublished="last Tuesday"),
        review(4, claimReviewed="nul \u0000 inside"),
        review(5, author={"@type": "Organization", "name": "x" * 301}),
        review(6, claimReviewed=["a", "list"]),
        review(7, itemReviewed="not an object"),
    ]
    items = [review(0), *bad, review(8)]
    doc = feed(items)
    doc["dataFeedElement"].append({"@type": "Thing"})
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(doc))
    r = cli("import", path, db=db_url)
    assert r.code == 1 and "Traceback" not in r.err
    failed = [ln for ln in r.err.splitlines() if ln.startswith("ledger: failed:")]
    assert len(failed) == len(bad) + 1, r.err
    assert f"ledger: failed: {path}: dataFeedElement[1].item[0]: no claimReviewed" in failed
    expected = {
        2: "url: 'javascript:alert(1)' is not an http(s) URL",
        3: "datePublished: 'last Tuesday' is not a date",
        4: "claimReviewed: contains a NUL character",
        5: "author.name: 301 characters, over the 300",
        6: "claimReviewed: must be a string, got a list",
        7: "itemReviewed: must be an object, got str",
        9: "dataFeedElement[9]: not a DataFeedItem with an item",
    }
    for n, text in expected.items():
        where = f"{path}: dataFeedElement[{n}].item[0]: " if n < 9 else f"{path}: "
        assert any(ln.startswith(f"ledger: failed: {where}") and text in ln for ln in failed), (
            n,
            r.err,
        )
    assert "imported 2, unchanged 0, failed 8" in r.out
    assert counts(db_url)["fact_check"] == 2
    # a file that is not JSON at all fails whole, in one line
    broken = tmp_path / "broken.json"
    broken.write_text('{"@type": "DataFeed", "dataFeedElement": [')
    r = cli("import", "--format", "claimreview", broken, db=db_url)
    assert r.code == 1 and len(r.err.strip().splitlines()) == 1 and "not valid JSON" in r.err


def test_the_same_claim_checked_twice_imports_twice(cli, db_url, tmp_path):
    same = "The harbour tunnel cost two hundred million to build."
    a = review(0, claimReviewed=same)
    b = review(1, claimReviewed=same)
    b["author"] = {"@type": "Organization", "name": "Other Checks"}
    b["reviewRating"] = {"@type": "Rating", "alternateName": "Half true"}
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(feed([a, b])))
    r = cli("import", path, db=db_url)
    assert r.code == 0 and "imported 2" in r.out, r.out + r.err
    got = rows(db_url, "SELECT organisation, rating, claim_id FROM fact_check ORDER BY id")
    assert [g[:2] for g in got] == [
        ("Harbour Checks", "Mostly false"),
        ("Other Checks", "Half true"),
    ]
    assert got[0][2] == got[1][2]  # one claim, checked by two organisations
    # one page reviewing two claims (one url): two reviews
    c = review(5, url="https://checks.example/reviews/both")
    d = review(6, url="https://checks.example/reviews/both")
    path.write_text(json.dumps([c, d]))
    assert "imported 2" in cli("import", path, db=db_url).out


def _rated_ledger(cli, url: str, tmp_path) -> None:
    """A ledger with one claim rated final, its two statements verified."""
    src = {"url": "https://news.example/tunnel", "title": "Tunnel", "published_on": "2023-04-20"}
    lines = [
        {"quote": "The tunnel cost two hundred million.", "speaker": "Ana Reyes", "source": src},
        {
            "quote": "The tunnel cost two hundred million.",
            "speaker": "Ana Reyes",
            "source": {**src, "url": "https://radio.example/tunnel", "title": "Radio"},
        },
    ]
    path = tmp_path / "statements.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    assert cli("import", path, db=url).code == 0
    ids = [
        json.loads(x)["id"] for x in cli("statements", "--format", "jsonl", db=url).out.splitlines()
    ]
    for sid in ids:
        assert cli("verdict", sid, "verified", db=url).code == 0
    claim = json.loads(cli("statements", "--format", "jsonl", db=url).out.splitlines()[0])[
        "claim_id"
    ]
    assert cli("rate", claim, "false", db=url).code == 0


def test_the_ledgers_own_export_round_trips(cli, db_url, tmp_path):
    origin = f"sqlite:///{tmp_path / 'origin.db'}"
    _rated_ledger(cli, origin, tmp_path)
    out = tmp_path / "cr.json"
    r = cli(
        "export",
        "--format",
        "claimreview",
        "--org-name",
        "Harbour Checks",
        "--org-url",
        "https://checks.example",
        "-o",
        out,
        db=origin,
    )
    assert r.code == 0, r.err
    exported = json.loads(out.read_text())
    assert len(exported) == 1
    r = cli("import", out, db=db_url)  # a fresh ledger, the format detected
    assert r.code == 0 and "imported 1, unchanged 0, failed 0" in r.out, r.out + r.err
    doc = exported[0]
    got = rows(
        db_url,
        "SELECT f.url, f.organisation, f.organisation_url, f.rating, f.rating_value,"
        " f.claimant, f.claim_date, f.reviewed_on, st.quote, f.appearances"
        " FROM fact_check f JOIN statement st ON st.id = f.statement_id",
    )
    (url, org, org_url, rating, value, claimant, claim_date, reviewed, quote, apps) = got[0]
    assert (url, org, org_url) == (doc["url"], "Harbour Checks", "https://checks.example")
    assert (rating, value) == (doc["reviewRating"]["alternateName"], 1.0)
    assert claimant == doc["itemReviewed"]["author"]["name"] == "Ana Reyes"
    assert str(claim_date) == doc["itemReviewed"]["datePublished"] == "2023-04-20"
    assert str(reviewed) == doc["datePublished"]
    assert quote == doc["claimReviewed"]
    apps = json.loads(apps) if isinstance(apps, str) else apps
    assert [a["url"] for a in apps] == [a["url"] for a in doc["itemReviewed"]["appearance"]]
    first = doc["itemReviewed"]["firstAppearance"]["url"]
    assert [a["first"] for a in apps] == [a["url"] == first for a in apps] and apps[0]["first"]
    assert apps[0]["title"] == "Tunnel" and apps[0]["published_on"] == "2023-04-20"
    # the imported verdict is not the ledger's own: nothing here is rated
    assert rows(db_url, "SELECT rating FROM claim") == [(None,)]
    assert "imported 0, unchanged 1" in cli("import", out, db=db_url).out


# --- the reader, by property ------------------------------------------------------------------

FAST = settings(max_examples=80, deadline=None)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)
keys = st.sampled_from(
    [
        "url",
        "claimReviewed",
        "headline",
        "datePublished",
        "author",
        "reviewRating",
        "itemReviewed",
        "@id",
        "@graph",
        "name",
        "alternateName",
        "ratingValue",
        "appearance",
        "firstAppearance",
        "jobTitle",
    ]
)
types = st.sampled_from(["ClaimReview", "DataFeed", "DataFeedItem", "Claim", "Person", "Rating"])
nodes = st.recursive(
    st.fixed_dictionaries({"@type": types}, optional={"claimReviewed": st.text()}) | json_values,
    lambda inner: (
        st.dictionaries(keys, inner, max_size=5).map(lambda d: {"@type": "ClaimReview", **d})
        | st.fixed_dictionaries(
            {"@type": st.just("DataFeed"), "dataFeedElement": st.lists(inner, max_size=3)}
        )
        | st.fixed_dictionaries({"item": inner})
        | st.lists(inner, max_size=3)
    ),
    max_leaves=12,
)


def _read(text: str, name: str = "f.json") -> None:
    try:
        parsed = parse_reviews(text, name)
    except InputError as err:
        msg = str(err)
        assert msg.startswith(f"{name}:") and "\n" not in msg, msg
        return
    for problem in parsed.problems:
        assert problem.startswith(f"{name}") and "\n" not in problem, problem
    for r in parsed.reviews:
        assert r.claim and r.claim == " ".join(r.claim.split())
        assert len(r.review_key) == len(r.content_sha256) == 64
        r.claim.encode("utf-8")
        assert "\x00" not in r.claim
        for url in [r.url, r.organisation_url, *(a["url"] for a in r.appearances)]:
            assert url is None or url.startswith(("http://", "https://"))


@FAST
@given(nodes)
def test_any_json_gives_reviews_problems_or_one_input_error(value):
    _read(json.dumps(value))


@FAST
@given(st.lists(nodes, max_size=4))
def test_any_jsonl_gives_reviews_problems_or_one_input_error(values):
    text = "\n".join(json.dumps(v) for v in values)
    try:
        parsed = parse_reviews(text, "f.jsonl", jsonl=True)
    except InputError as err:
        assert str(err).startswith("f.jsonl:") and "\n" not in str(err)
        return
    for problem in parsed.problems:
        assert problem.startswith("f.jsonl: line ") and "\n" not in problem


@FAST
@given(st.text(max_size=200))
def test_any_text_gives_reviews_problems_or_one_input_error(text):
    _read(text)
