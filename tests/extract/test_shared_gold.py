"""The shared seed gold and corpora, read at run time (skipped when ../shared is absent)."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from ledger.extract import extract

from .conftest import SHARED

SEED = SHARED / "seeds" / "000_9f7aeff779be286b.txt"
GOLD = SHARED / "gold" / "seed_statements.json"

pytestmark = pytest.mark.skipif(
    not (SEED.is_file() and GOLD.is_file()), reason="shared seed gold not available"
)


def _load():
    raw = SEED.read_text(encoding="utf-8")
    m = re.match(r"\s*date (\d{4}-\d{2}-\d{2})", raw)
    assert m, "seed format changed"
    body_start = m.end()
    found = [
        s.shifted(body_start) for s in extract(raw[body_start:], date.fromisoformat(m.group(1)))
    ]
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["statements"]
    return raw, found, gold


def _overlap(a, b):
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return inter / max(1, min(a[1] - a[0], b[1] - b[0]))


def _match(found, g):
    best = max(found, key=lambda s: _overlap((s.start, s.end), (g["start"], g["end"])))
    return best if _overlap((best.start, best.end), (g["start"], g["end"])) >= 0.5 else None


def test_every_required_statement_is_found_with_its_speaker():
    raw, found, gold = _load()
    for s in found:
        assert raw[s.start : s.end] == s.quote
    for g in gold:
        if not g["required"]:
            continue
        s = _match(found, g)
        assert s is not None, g["content"]
        if g["speaker"]:
            want = set(re.findall(r"\w+", g["speaker"].lower())) - {"s"}
            got = set(re.findall(r"\w+", (s.speaker.name if s.speaker else "").lower()))
            assert want & got, (g["content"], s.speaker)


def test_no_statement_outside_the_gold():
    _, found, gold = _load()
    for s in found:
        assert any(_overlap((s.start, s.end), (g["start"], g["end"])) >= 0.5 for g in gold), s


def test_dates_pronouns_and_hedges_of_the_seed():
    _, found, gold = _load()
    by_content = {g["content"]: _match(found, g) for g in gold}
    burns = [s for s in found if s.speaker and s.speaker.name == "William Burns"]
    assert burns and burns[0].stated_on == date(2023, 2, 26)
    he = [s for s in burns if s.speaker_mention == "he"]
    assert he and he[0].kind == "mixed"
    it = [s for s in found if s.speaker_mention == "It"]
    assert it and all(s.speaker.name == "Beijing" for s in it)
    for g in gold:
        s = by_content[g["content"]]
        if s is not None and "hedged" in g:
            assert (s.hedging != "none") == g["hedged"], g["content"]
