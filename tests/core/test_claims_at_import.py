"""Claims built while importing, one source at a time, are the claims a full rebuild gives:
the same groups of statements, the same first appearance and the same canonical text, with
and without a reviewer's rejected link in the way."""

from __future__ import annotations

import json
import random

import pytest

BASES = [
    "the harbour bridge will stay closed for at least six more weeks this spring",
    "our hospitals cannot take another winter without more nurses on every ward",
    "the new tax on sugar drinks raised far less money than the ministry promised",
    "nobody in this government has ever met the families living next to the plant",
    "the river has flooded the lower town three times since the dam was finished",
]
SPEAKERS = ["Wilma Burns", "Otto Lang", "Ada Kovac"]


def _variant(rng: random.Random, base: str) -> str:
    words = base.split()
    roll = rng.random()
    if roll < 0.45:
        return base  # a repeat
    i = rng.randrange(len(words))
    if roll < 0.75:
        words[i] = rng.choice(["never", "almost", "really", "quietly", "surely"])  # altered
    elif roll < 0.9:
        del words[i]  # a word dropped
    else:
        words = words[: len(words) // 2] + ["and", "that", "is", "the", "truth"]
    return " ".join(words)


def _rows(seed: int, n: int) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        base = rng.choice(BASES)
        day = rng.randint(1, 28)
        rows.append(
            {
                "quote": _variant(rng, base).capitalize() + ".",
                "speaker": rng.choice(SPEAKERS),
                "kind": rng.choice(["direct", "direct", "indirect"]),
                "ref": f"r{seed}-{i}",
                "stated_on": f"2024-03-{day:02d}" if rng.random() < 0.5 else None,
                "source": {
                    "title": f"story {seed}-{i}",
                    "outlet": rng.choice(["Post", "Globe", "Herald"]),
                    "published_on": f"2024-03-{min(28, day + rng.randint(0, 3)):02d}",
                },
            }
        )
    return rows


def _import(cli, db, tmp_path, rows, name):
    f = tmp_path / name
    f.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    r = cli("import", f, db=db)
    assert r.code == 0, r.err


def _jsonl(cli, db, *args) -> list[dict]:
    return [json.loads(x) for x in cli(*args, "--format", "jsonl", db=db).out.splitlines()]


def _same_after_rebuild(cli, db) -> set:
    """The claims as import made them, checked to be what `link --rebuild` makes."""
    incremental = _claims(cli, db)
    assert cli("link", "--rebuild", db=db).code == 0
    assert _claims(cli, db) == incremental
    assert cli("verify", db=db).code == 0
    return incremental


def _claims(cli, db) -> set:
    """Each open claim as (its statements' refs, the first's ref, canonical text)."""
    rows = _jsonl(cli, db, "statements")
    refs = {s["id"]: s["ref"] for s in rows}
    members: dict[int, set[str]] = {}
    for s in rows:
        members.setdefault(s["claim_id"], set()).add(s["ref"])
    out = set()
    for c in _jsonl(cli, db, "claims"):
        if c["status"] == "merged":
            assert c["id"] not in members
            continue
        out.add(
            (frozenset(members.pop(c["id"])), refs[c["first_statement_id"]], c["canonical_text"])
        )
    assert not members, "statements whose claim is missing"
    return out


@pytest.mark.parametrize("seed", [1, 2])
def test_claims_made_during_import_equal_a_rebuild(cli, db_url, tmp_path, seed):
    rows = _rows(seed, 40)
    for i in range(0, len(rows), 4):  # several imports, each source its own transaction
        _import(cli, db_url, tmp_path, rows[i : i + 4], f"part{i}.jsonl")
    incremental = _same_after_rebuild(cli, db_url)
    assert any(len(group) >= 3 for group, _, _ in incremental), "nothing was linked"


def test_a_rejected_link_keeps_its_pair_apart_as_more_copies_arrive(cli, db_url, tmp_path):
    rows = _rows(3, 30)
    _import(cli, db_url, tmp_path, rows[:15], "first.jsonl")
    links = [lk for lk in _jsonl(cli, db_url, "links") if lk["status"] == "auto"]
    assert links
    a, b = links[0]["a"], links[0]["b"]
    assert cli("link", "reject", str(a), str(b), db=db_url).code == 0
    # more copies of both quotes arrive, each linking to one side of the rejected pair
    quotes = {lk["a"]: lk["a_quote"] for lk in links} | {lk["b"]: lk["b_quote"] for lk in links}
    for n, sid in enumerate((a, b, a)):
        copy = dict(rows[0], quote=quotes[sid], ref=f"copy{n}", source={"title": f"copy {n}"})
        rows.insert(16 + 4 * n, copy)
    for i in range(15, len(rows), 3):
        _import(cli, db_url, tmp_path, rows[i : i + 3], f"more{i}.jsonl")
    claim = {s["id"]: s["claim_id"] for s in _jsonl(cli, db_url, "statements")}
    assert claim[a] != claim[b]
    _same_after_rebuild(cli, db_url)


def test_a_claim_changed_behind_the_importers_back_is_read_again(cli, sqlite_url, tmp_path):
    import sqlite3

    rows = _rows(5, 12)
    _import(cli, sqlite_url, tmp_path, rows[:6], "first.jsonl")
    # every claim's version moves without an event: the importer's cached rows are stale
    path = sqlite_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE claim SET version = version + 10")
    # earlier copies: the claims' first appearances move, so the claims are written
    copies = [
        dict(r, ref=f"again{i}", stated_on="2024-01-02", source={"title": f"again {i}"})
        for i, r in enumerate(rows)
    ]
    _import(cli, sqlite_url, tmp_path, copies, "again.jsonl")
    claims = _same_after_rebuild(cli, sqlite_url)
    assert any(f"again{i}" in group for group, _, _ in claims for i in range(6))
