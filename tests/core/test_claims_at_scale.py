"""Claims at scale on the store: a page that repeats three claims makes a bounded number
of links per statement, its claims come from membership, a rebuild gives the same links
and claims; `conflicts` links never join a claim, and a confirmed conflict keeps its two
statements apart."""

from __future__ import annotations

import json
import random

from sqlalchemy import select, update

from ledger.linking.linker import BOUNDS

CLAIMS = [
    ("Mayor Wilma Burns", "The harbour bridge will stay closed for at least six more weeks"),
    ("Otto Lang", "Our hospitals cannot take another winter without more nurses on every ward"),
    ("Ada Kovac", "The new tax on sugar drinks raised far less money than the ministry promised"),
]
SWAPS = ["quietly", "surely", "almost", "really", "local", "public", "early", "several"]


def _page(n: int, seed: int) -> str:
    """A page of `n` paragraphs, each one of three claims, now and then with a word changed."""
    rng = random.Random(seed)
    paras = ["Title: Three claims, again and again", ""]
    for _ in range(n):
        who, quote = rng.choice(CLAIMS)
        words = quote.split()
        if rng.random() < 0.3:
            words[rng.randrange(1, len(words))] = rng.choice(SWAPS)
        verb = rng.choice(["said", "told reporters", "insisted"])
        paras.append(f'"{" ".join(words)}," {who} {verb}.')
        paras.append("")
    return "\n".join(paras)


def _jsonl(cli, db, *args) -> list[dict]:
    return [json.loads(x) for x in cli(*args, "--format", "jsonl", db=db).out.splitlines()]


def _state(cli, db) -> tuple[set, set]:
    """(links as (a, b, relation, status), claims as frozensets of statement ids)."""
    links = {(lk["a"], lk["b"], lk["relation"], lk["status"]) for lk in _jsonl(cli, db, "links")}
    members: dict[int, set[int]] = {}
    for s in _jsonl(cli, db, "statements"):
        members.setdefault(s["claim_id"], set()).add(s["id"])
    return links, {frozenset(m) for m in members.values()}


def test_a_page_repeating_three_claims_makes_bounded_links(cli, sqlite_url, tmp_path):
    page = tmp_path / "again.txt"
    page.write_text(_page(160, 1), encoding="utf-8")
    assert cli("import", page, db=sqlite_url).code == 0
    statements = _jsonl(cli, sqlite_url, "statements")
    links, claims = _state(cli, sqlite_url)
    assert len(statements) == 160
    # a complete graph would be about 160 / 3 / 2 = 27 links per statement; bounded: at
    # most 10 on average, and a statement makes at most Bounds.links
    assert len(links) <= 10 * len(statements)
    per_b: dict[int, int] = {}
    for _, b, _, _ in links:
        per_b[b] = per_b.get(b, 0) + 1
    assert max(per_b.values()) <= BOUNDS.links
    # the three claims are still whole: their statements are joined through a few members
    biggest = sorted((len(c) for c in claims), reverse=True)
    assert sum(biggest[:3]) >= 0.95 * len(statements), biggest[:6]
    # a claim's appearances are its members, however few of them are linked to the first
    listed = {c["id"]: c["appearances"] for c in _jsonl(cli, sqlite_url, "claims")}
    claim_id, size = max(listed.items(), key=lambda kv: kv[1])
    detail = json.loads(cli("claim", str(claim_id), "--format", "json", db=sqlite_url).out)
    assert len(detail["appearances"]) == size == biggest[0]
    related = [a for a in detail["appearances"] if not a["first"]]
    assert all(a["relation_to_first"] in ("repeat", "altered") for a in related)
    assert all(a["link_status"] in ("auto", None) for a in related)
    assert cli("link", "--rebuild", db=sqlite_url).code == 0
    assert _state(cli, sqlite_url) == (links, claims)
    assert cli("verify", db=sqlite_url).code == 0


def _rows(n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        who, quote = rng.choice(CLAIMS)
        words = quote.split()
        for _ in range(rng.choice((0, 0, 1, 2))):
            words[rng.randrange(1, len(words))] = rng.choice(SWAPS)
        rows.append(
            {
                "quote": " ".join(words) + ".",
                "speaker": who if rng.random() < 0.8 else rng.choice(["Ida Moss", "Jon Park"]),
                "kind": rng.choice(["direct", "direct", "indirect"]),
                "ref": f"r{i}",
                "source": {"title": f"story {i % 7}", "outlet": "Post"},
            }
        )
    return rows


def test_many_variants_imported_in_parts_equal_a_rebuild(cli, sqlite_url, tmp_path):
    rows = _rows(180, 2)
    for part in range(0, len(rows), 60):
        f = tmp_path / f"part{part}.jsonl"
        f.write_text("".join(json.dumps(r) + "\n" for r in rows[part : part + 60]))
        assert cli("import", f, db=sqlite_url).code == 0
    links, claims = _state(cli, sqlite_url)
    assert len(links) <= BOUNDS.links * len(rows)  # a complete graph: ~30 per statement
    assert max(len(c) for c in claims) >= 40
    assert cli("link", "--rebuild", db=sqlite_url).code == 0
    assert _state(cli, sqlite_url) == (links, claims)


ROWS = [
    {
        "quote": "About 200 litres of diesel leaked into the river from the old depot last night.",
        "speaker": "Wilma Burns",
        "kind": "direct",
        "ref": "a",
        "source": {"title": "one", "outlet": "Post"},
    },
    {
        "quote": "About 200 litres of diesel leaked into the river from the old depot last night.",
        "speaker": "Wilma Burns",
        "kind": "direct",
        "ref": "b",
        "source": {"title": "two", "outlet": "Globe"},
    },
    {
        "quote": "The harbour bridge will stay closed for at least six more weeks this spring.",
        "speaker": "Otto Lang",
        "kind": "direct",
        "ref": "c",
        "source": {"title": "three", "outlet": "Herald"},
    },
]


def test_conflicts_never_join_and_a_confirmed_one_keeps_its_pair_apart(cli, db, db_url, tmp_path):
    from ledger.store.models import Link

    f = tmp_path / "in.jsonl"
    f.write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    assert cli("import", f, db=db_url).code == 0
    ref = {s["ref"]: s for s in _jsonl(cli, db_url, "statements")}
    a, b, c = ref["a"]["id"], ref["b"]["id"], ref["c"]["id"]
    assert ref["a"]["claim_id"] == ref["b"]["claim_id"] != ref["c"]["claim_id"]
    # A conflict suggested between two claims: confirming it says they do conflict, so
    # the two claims stay apart.
    with db.write() as s:
        s.add(
            Link(a_id=a, b_id=c, relation="conflicts", score=80.0, method="t", decided="suggested")
        )
    r = cli("link", "confirm", str(a), str(c), db=db_url)
    assert r.code == 0 and "conflicts" in r.out and "confirmed" in r.out
    claim = {s["ref"]: s["claim_id"] for s in _jsonl(cli, db_url, "statements")}
    assert claim["a"] == claim["b"] != claim["c"]
    # A conflict between two statements of one claim: confirming it splits them.
    with db.write() as s:
        s.execute(
            update(Link)
            .where(Link.a_id == a, Link.b_id == b)
            .values(relation="conflicts", decided="suggested")
        )
    assert cli("link", "confirm", str(a), str(b), db=db_url).code == 0
    claim = {s["ref"]: s["claim_id"] for s in _jsonl(cli, db_url, "statements")}
    assert claim["a"] != claim["b"]
    # A rebuild keeps both confirmed conflicts and the claims they keep apart.
    assert cli("link", "--rebuild", db=db_url).code == 0
    with db.read() as s:
        kept = {
            (lk.a_id, lk.b_id): (lk.relation, lk.decided)
            for lk in s.scalars(select(Link).where(Link.decided == "confirmed"))
        }
    assert kept == {(a, c): ("conflicts", "confirmed"), (a, b): ("conflicts", "confirmed")}
    claim = {s["ref"]: s["claim_id"] for s in _jsonl(cli, db_url, "statements")}
    assert len({claim["a"], claim["b"], claim["c"]}) == 3
    assert cli("verify", db=db_url).code == 0


def test_first_appearance_uses_the_precision_of_stated_on(cli, sqlite_url, tmp_path):
    """A week-precision date is not earlier than a day inside that week: the precision
    reaches every LinkItem the services build (import, the claim book, a rebuild)."""
    quote = "The harbour bridge will stay closed for at least six more weeks this spring."
    rows = [
        dict(ROWS[2], quote=quote, ref="week", stated_on="2024-03-04"),
        dict(ROWS[2], quote=quote, ref="day", stated_on="2024-03-06"),
        dict(ROWS[2], quote=quote, ref="later", stated_on="2024-03-20"),
    ]
    rows[0]["stated_on_precision"] = "week"
    for n, row in enumerate(rows):  # one import each: the claim book updates the claim
        f = tmp_path / f"in{n}.jsonl"
        f.write_text(json.dumps(dict(row, source={"title": f"s{n}"})) + "\n", encoding="utf-8")
        assert cli("import", f, db=sqlite_url).code == 0
    ref = {s["id"]: s["ref"] for s in _jsonl(cli, sqlite_url, "statements")}
    for _ in range(2):
        (claim,) = _jsonl(cli, sqlite_url, "claims")
        assert ref[claim["first_statement_id"]] == "day"
        detail = json.loads(cli("claim", str(claim["id"]), "--format", "json", db=sqlite_url).out)
        shown = {ref[a["statement_id"]]: a["stated_on_precision"] for a in detail["appearances"]}
        assert shown == {"week": "week", "day": "day", "later": "day"}
        assert cli("link", "--rebuild", db=sqlite_url).code == 0
