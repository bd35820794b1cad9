"""ClaimReview JSON-LD (Google's fact-check fields, valid JSON-LD for schema.org checked
with pyld), PROV-JSON (round-tripped through the prov library) and the --rated filter."""

from __future__ import annotations

import json

import pytest
from pyld import jsonld

from ledger.errors import InputError
from ledger.export.claimreview import claim_reviews
from ledger.export.prov import provenance
from ledger.services import decisions, derivation
from ledger.store.models import Statement

SCHEMA = "https://schema.org/"
# schema.org terms the export may use, per type (from the schema.org vocabulary):
# a typo or a property on the wrong type fails the test.
ALLOWED = {
    "ClaimReview": {
        "url",
        "claimReviewed",
        "author",
        "datePublished",
        "reviewRating",
        "itemReviewed",
        "reviewBody",
        "citation",
    },
    "Rating": {"alternateName", "name", "ratingValue", "bestRating", "worstRating"},
    "Claim": {"author", "datePublished", "appearance", "firstAppearance"},
    "CreativeWork": {"url", "headline", "datePublished", "publisher"},
    "Organization": {"name", "url"},
    "Person": {"name", "jobTitle", "affiliation"},
}
# The schema.org context maps every term into the vocabulary and `url` to an IRI; served
# from here because tests never go to the network.
CONTEXT = {"@context": {"@vocab": SCHEMA, "url": {"@type": "@id"}}}


def _loader(url, options=None):
    assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": CONTEXT,
    }


def _check_node(node: dict) -> None:
    """Every expanded node has one schema.org type and only that type's properties."""
    (type_iri,) = node["@type"]
    assert type_iri.startswith(SCHEMA), type_iri
    kind = type_iri.removeprefix(SCHEMA)
    assert kind in ALLOWED, kind
    for key, values in node.items():
        if key.startswith("@"):
            continue
        assert key.startswith(SCHEMA), key
        assert key.removeprefix(SCHEMA) in ALLOWED[kind], (kind, key)
        for value in values:
            if "@type" in value and "@value" not in value:
                _check_node(value)


def _decide_all(db, ids, rating="false"):
    with db.write() as s:
        for sid in ids["statements"][:2]:
            decisions.decide(
                s,
                sid,
                "verified",
                seen_version=derivation.status_of(s, sid)["version"],
                reviewer="vi",
            )
        cid = ids["claims"][0]
        decisions.rate_claim(
            s, cid, rating, seen_version=derivation.claim_status(s, cid)["version"], reviewer="ed"
        )


def test_claimreview_has_googles_fields_and_is_valid_json_ld(ledger):
    db, ids = ledger
    _decide_all(db, ids)
    with db.read() as s:
        docs, notes = claim_reviews(
            s, org_name="Harbour Checks", org_url="https://checks.example", base_url=None
        )
    assert notes == [] and len(docs) == 1
    doc = json.loads(json.dumps(docs[0]))  # plain JSON, nothing Python-only
    # Google: required
    assert doc["@context"] == "https://schema.org" and doc["@type"] == "ClaimReview"
    assert doc["claimReviewed"] == "We will reopen the bridge in May,"
    assert doc["url"] == f"https://checks.example/claims/{ids['claims'][0]}"
    rating = doc["reviewRating"]
    assert rating["@type"] == "Rating" and rating["alternateName"] == "False"
    # Google: recommended
    assert rating["ratingValue"] == 1 and rating["bestRating"] == 5 and rating["worstRating"] == 1
    assert rating["name"] == "False"
    assert doc["author"] == {
        "@type": "Organization",
        "name": "Harbour Checks",
        "url": "https://checks.example",
    }
    assert len(doc["datePublished"]) == 10 and doc["datePublished"][4] == "-"
    item = doc["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "Ana Reyes", "jobTitle": "Mayor"}
    assert item["datePublished"] == "2024-03-04"
    assert [a["url"] for a in item["appearance"]] == [
        "https://news.example/bridge",
        "https://radio.example/mayor",
    ]
    assert item["firstAppearance"]["url"] == "https://news.example/bridge"
    assert item["firstAppearance"]["publisher"] == {"@type": "Organization", "name": "Harbour Post"}
    # valid JSON-LD: pyld expands it with every term in schema.org, and makes RDF of it
    expanded = jsonld.expand(doc, {"documentLoader": _loader})
    assert len(expanded) == 1
    _check_node(expanded[0])
    nquads = jsonld.to_rdf(doc, {"documentLoader": _loader, "format": "application/n-quads"})
    assert (
        f"<{doc['url']}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{SCHEMA}ClaimReview>"
        in nquads
    )


def test_claimreview_carries_the_reviewers_note_and_evidence(ledger):
    db, ids = ledger
    _decide_all(db, ids)
    cid = ids["claims"][0]
    with db.write() as s:
        source_ids = sorted({st.source_id for st in s.query(Statement).all()})
        decisions.rate_claim(
            s,
            cid,
            "false",
            seen_version=derivation.claim_status(s, cid)["version"],
            reviewer="ann",
            note="The council minutes  set the reopening for August.",
            evidence=["https://council.example/minutes/12", f"source:{source_ids[0]}"],
        )
    with db.read() as s:
        (doc,), _ = claim_reviews(s, org_name="Harbour Checks", org_url="https://checks.example")
    # the note of every reviewer who backs the final rating, whitespace tidied
    assert doc["reviewBody"] == "The council minutes set the reopening for August."
    assert [c["url"] for c in doc["citation"]] == [
        "https://council.example/minutes/12",
        "https://news.example/bridge",
    ]
    _check_node(jsonld.expand(doc, {"documentLoader": _loader})[0])


def test_claimreview_leaves_out_unfinished_and_unverified_claims(ledger):

    db, ids = ledger
    with db.write() as s:  # rated, but no statement verified
        decisions.rate_claim(s, ids["claims"][1], "unproven", seen_version=2, reviewer="ed")
        derivation.change_setting(s, "required_approvals", 2)
        for sid in ids["statements"][:2]:
            decisions.decide(
                s,
                sid,
                "verified",
                seen_version=derivation.status_of(s, sid)["version"],
                reviewer="vi",
            )
            decisions.decide(
                s,
                sid,
                "verified",
                seen_version=derivation.status_of(s, sid)["version"],
                reviewer="wu",
            )
        cid = ids["claims"][0]  # one approval of two: not final
        decisions.rate_claim(
            s, cid, "true", seen_version=derivation.claim_status(s, cid)["version"], reviewer="ed"
        )
    with db.read() as s:
        docs, notes = claim_reviews(s, org_name="F", org_url="https://f.example")
    assert docs == [] and notes == []  # the second rating lost its final status with 2 required
    with db.read() as s:
        state = derivation.claim_status(s, ids["claims"][0])
    assert state["verified_statements"] == ids["statements"][:2] and not state["exportable"]
    with db.write() as s:
        derivation.change_setting(s, "required_approvals", 1)
    with db.read() as s:
        docs, notes = claim_reviews(
            s,
            org_name="F",
            org_url="https://f.example",
            base_url="https://f.example/checks/{id}.html",
        )
    assert [d["url"] for d in docs] == [f"https://f.example/checks/{ids['claims'][0]}.html"]
    assert len(notes) == 1 and "none of its statements is verified" in notes[0]
    with db.read() as s:
        assert derivation.claim_status(s, ids["claims"][0])["exportable"]
        assert not derivation.claim_status(s, ids["claims"][1])["exportable"]


def test_unproven_has_no_number_but_its_name(ledger):
    db, ids = ledger
    _decide_all(db, ids, rating="unproven")
    with db.read() as s:
        (doc,), _ = claim_reviews(s, org_name="F", org_url="https://f.example")
    assert doc["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Unproven",
        "name": "Unproven",
    }


@pytest.mark.parametrize(
    "org_name,org_url,base_url",
    [
        ("", "https://f.example", None),
        ("F", "f.example", None),
        ("F", "javascript:x", None),
        ("F", "https://f.example", "ftp://f.example"),
    ],
)
def test_claimreview_needs_an_organisation_with_a_web_address(ledger, org_name, org_url, base_url):
    db, _ = ledger
    with db.read() as s, pytest.raises(InputError):
        claim_reviews(s, org_name=org_name, org_url=org_url, base_url=base_url)


def test_claimreview_warns_when_pages_are_off_the_organisations_domain(ledger):
    db, ids = ledger
    _decide_all(db, ids)
    with db.read() as s:
        docs, notes = claim_reviews(
            s, org_name="F", org_url="https://f.example", base_url="https://other.example"
        )
    assert len(docs) == 1 and "domain" in notes[0]


def test_prov_document(ledger):
    from prov.model import ProvDocument

    db, ids = ledger
    _decide_all(db, ids)
    with db.read() as s:
        doc = provenance(s)
    text = doc.serialize(format="json")
    back = ProvDocument.deserialize(content=text, format="json")
    assert back == doc
    data = json.loads(text)
    s1 = f"ledger:statement-{ids['statements'][0]}"
    assert data["entity"][s1]["prov:value"] == "We will reopen the bridge in May,"
    quotations = [
        d
        for d in data["wasDerivedFrom"].values()
        if d.get("prov:type", {}).get("$") == "prov:Quotation"
    ]
    assert {(d["prov:generatedEntity"], d["prov:usedEntity"]) for d in quotations} == {
        (f"ledger:statement-{ids['statements'][0]}", "ledger:source-1"),
        (f"ledger:statement-{ids['statements'][1]}", "ledger:source-2"),
        (f"ledger:statement-{ids['statements'][2]}", "ledger:source-2"),
    }
    attributed = {(d["prov:entity"], d["prov:agent"]) for d in data["wasAttributedTo"].values()}
    assert (s1, "ledger:speaker-1") in attributed
    assert data["agent"]["ledger:speaker-2"]["prov:type"]["$"] == "prov:Organization"
    reviews = data["activity"]
    assert len(reviews) == 3  # two verdicts and one rating
    assoc = {(d["prov:activity"], d["prov:agent"]) for d in data["wasAssociatedWith"].values()}
    assert {agent for _, agent in assoc} == {"ledger:user-vi", "ledger:user-ed"}
    used = {(d["prov:activity"], d["prov:entity"]) for d in data["used"].values()}
    assert len(used) == 3 and (next(iter(sorted(reviews))), s1) in used
    assert "wasDerivedFrom" in data and "specializationOf" in data


def test_prov_follows_the_statement_filter(ledger):
    from ledger.services.query import StatementFilter

    db, ids = ledger
    _decide_all(db, ids)
    with db.read() as s:
        data = json.loads(
            provenance(s, StatementFilter(status="verified")).serialize(format="json")
        )
    statements = [k for k in data["entity"] if k.startswith("ledger:statement-")]
    assert len(statements) == 2


def test_first_appearance_not_verified_is_named_in_a_note(ledger):
    """Only verified statements are appearances: when the claim's first appearance is not
    one, the earliest verified statement stands in, and a note says so."""
    db, ids = ledger
    first, second = ids["statements"][:2]
    cid = ids["claims"][0]
    with db.write() as s:
        seen = derivation.status_of(s, second)["version"]
        decisions.decide(s, second, "verified", seen_version=seen, reviewer="vi")
        seen = derivation.claim_status(s, cid)["version"]
        decisions.rate_claim(s, cid, "false", seen_version=seen, reviewer="ed")
    with db.read() as s:
        (doc,), notes = claim_reviews(s, org_name="F", org_url="https://f.example")
    item = doc["itemReviewed"]
    assert item["firstAppearance"]["url"] == "https://radio.example/mayor"
    assert item["datePublished"] == "2024-03-08"
    assert notes == [
        f"claim {cid}: its first appearance (statement {first}) is not verified: "
        f"firstAppearance is statement {second}, the earliest verified one"
    ]


@pytest.mark.parametrize(
    "stated_on, precision, expected",
    [
        ("2024-06-05", "day", "2024-06-05"),
        ("2024-06-03", "week", "2024-06"),  # 3-9 June: inside June
        ("2024-05-27", "week", "2024"),  # 27 May - 2 June: inside 2024 only
        ("2024-12-30", "week", None),  # 30 December - 5 January: no month or year holds it
        ("2024-05-01", "month", "2024-05"),
        ("2023-01-01", "year", "2023"),
        (None, None, "2024-06-07"),  # undated: its source's date
    ],
)
def test_claim_date_says_no_more_than_is_known(stated_on, precision, expected):
    from datetime import date

    from ledger.export.claimreview import claim_date
    from ledger.store.models import Source, Statement

    st = Statement(
        stated_on=date.fromisoformat(stated_on) if stated_on else None,
        stated_on_precision=precision,
    )
    assert claim_date(st, Source(published_on=date(2024, 6, 7))) == expected


def test_csv_names_the_source_by_url_or_file_name_and_rated_rows_carry_the_rating(
    cli, db_url, tmp_path
):
    import csv
    import io

    folder = tmp_path / "newsroom-private" / "inbox"
    folder.mkdir(parents=True)
    (folder / "ferry.txt").write_text(
        'date 2025-02-03\n\n"The ferry runs until May," said captain Ilse Marr.\n',
        encoding="utf-8",
    )
    (folder / "pier.txt").write_text(
        "---\nurl: https://news.example/pier\n---\n"
        '"The pier reopens in June," said harbour master Ken Aldo.\n',
        encoding="utf-8",
    )
    assert cli("import", folder, db=db_url).code == 0
    out = cli("export", "--format", "csv", db=db_url).out
    assert "newsroom-private" not in out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["source"] for r in rows} == {"ferry.txt", "https://news.example/pier"}
    assert all(r["claim_rating"] == "" for r in rows)  # not without --rated

    ferry = next(r for r in rows if r["source"] == "ferry.txt")
    assert cli("verdict", ferry["id"], "verified", db=db_url).code == 0
    r = cli("rate", ferry["claim_id"], "true", "--note", "timetable, page 2", db=db_url)
    assert r.code == 0, r.err
    rated = list(
        csv.DictReader(io.StringIO(cli("export", "--format", "csv", "--rated", db=db_url).out))
    )
    assert [(r["id"], r["claim_rating"], r["claim_rating_note"]) for r in rated] == [
        (ferry["id"], "true", "timetable, page 2")
    ]
    # JSON keeps the full origin for the ledger's owner
    assert "newsroom-private" in cli("export", "--format", "json", db=db_url).out
