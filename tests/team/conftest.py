"""Fixtures for team tests: data stored through the ORM (no extractor needed)."""

from __future__ import annotations

import hashlib

import pytest

from ledger.store.models import Claim, Source, Speaker, Statement


def populate(db, sources: int = 3, per_source: int = 4, tag: str = "") -> list[int]:
    """Store `sources` sources with `per_source` statements each; returns statement ids."""
    ids = []
    with db.write() as s:
        speakers = [
            Speaker(name=f"Speaker {i}{tag}", name_key=f"speaker {i}{tag}", kind="person")
            for i in range(3)
        ]
        s.add_all(speakers)
        for n in range(sources):
            quotes = [f"Claim {n}-{k}{tag}: the figure is {n * 10 + k}." for k in range(per_source)]
            body = "\n\n".join(f"Speaker said: {q}" for q in quotes)
            src = Source(
                content_sha256=hashlib.sha256((body + tag).encode()).hexdigest(),
                title=f"Title {n}{tag}",
                outlet="Outlet",
                text=body,
                origin=f"src{n}{tag}.txt",
            )
            s.add(src)
            s.flush()
            for k, q in enumerate(quotes):
                start = body.index(q)
                claim = Claim(canonical_text=q)
                s.add(claim)
                s.flush()
                st = Statement(
                    source_id=src.id,
                    speaker_id=speakers[k % 3].id,
                    kind="direct",
                    quote=q,
                    start=start,
                    end=start + len(q),
                    claim_id=claim.id,
                    cue="said",
                    hedge_cues=[],
                )
                s.add(st)
                s.flush()
                claim.first_statement_id = st.id
                ids.append(st.id)
    return ids


@pytest.fixture(name="populate")
def populate_fixture():
    return populate


# --- generated articles ------------------------------------------------------------------

_SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ren",
    "tus",
    "va",
    "dor",
    "pe",
    "qui",
    "sal",
    "ton",
    "bri",
    "gan",
    "hel",
    "jor",
    "nu",
    "zet",
    "cra",
    "fol",
    "wim",
]
_FIRST = ["Ada", "Bram", "Cleo", "Dario", "Esme", "Farid", "Gita", "Hugo", "Ines", "Jules"]
_LAST = ["Aalto", "Brandt", "Costa", "Duval", "Eriksen", "Fontaine", "Grau", "Horvat"]


def _word(rng) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))


def article_text(seed: int, index: int, paragraphs: int = 3) -> str:
    """Article `index` of a seeded series: the same (seed, index) gives the same text, so
    overlapping folders hold identical files. Invented words keep quotes from linking."""
    import random
    from datetime import date, timedelta

    rng = random.Random(f"{seed}:{index}")
    published = date(2024, 1, 1) + timedelta(days=rng.randint(0, 600))
    paras = []
    for _ in range(paragraphs):
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        words = " ".join(_word(rng) for _ in range(rng.randint(6, 12)))
        paras.append(
            f"“The {words} will be ready by {rng.randint(1, 28)} May,” {first} {last} said."
        )
    return f"date {published.isoformat()}\n" + "\n\n".join(paras) + "\n"


def write_articles(folder, indexes, seed: int = 1, paragraphs: int = 3) -> list:
    """Write the articles numbered `indexes` of series `seed` into `folder`."""
    from pathlib import Path

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in indexes:
        path = folder / f"a{i:05d}.txt"
        path.write_text(article_text(seed, i, paragraphs), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(name="write_articles")
def write_articles_fixture():
    return write_articles
