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
