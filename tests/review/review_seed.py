"""A small ledger built through the ORM (no extractor): two sources, two speakers and
three statements; the mayor's promise appears in both sources (claim 1, as linking would
group it), the union's remark is a claim of its own."""

from __future__ import annotations

from datetime import date

TEXT_A = (
    "The council said on Monday that the bridge will reopen in May. "
    '"We will reopen the bridge in May," Mayor Ana Reyes told reporters.'
)
TEXT_B = 'Reyes repeated: "We will reopen the bridge in May." A union spokesperson disagreed.'


def build(db) -> dict:
    from ledger.store.models import Claim, Source, Speaker, Statement

    with db.write() as s:
        a = Source(
            content_sha256="a" * 64,
            title="Bridge to reopen",
            outlet="Harbour Post",
            url="https://news.example/bridge",
            published_on=date(2024, 3, 4),
            text=TEXT_A,
            origin="a.txt",
        )
        b = Source(
            content_sha256="b" * 64,
            title="Mayor repeats promise",
            outlet="City Radio",
            url="https://radio.example/mayor",
            published_on=date(2024, 3, 9),
            text=TEXT_B,
            origin="b.txt",
        )
        mayor = Speaker(name="Ana Reyes", name_key="ana reyes", kind="person", role="Mayor")
        union = Speaker(name="Dock Union", name_key="dock union", kind="organisation")
        s.add_all([a, b, mayor, union])
        s.flush()

        def statement(src, speaker, quote, stated_on, claim=None):
            start = src.text.index(quote)
            if claim is None:
                claim = Claim(canonical_text=quote)
                s.add(claim)
                s.flush()
            st = Statement(
                source_id=src.id,
                speaker_id=speaker.id,
                kind="direct",
                quote=quote,
                start=start,
                end=start + len(quote),
                cue="told",
                stated_on=stated_on,
                claim_id=claim.id,
            )
            s.add(st)
            s.flush()
            if claim.first_statement_id is None:
                claim.first_statement_id = st.id
            return st.id, claim

        q = "We will reopen the bridge in May,"
        s1, c1 = statement(a, mayor, q, date(2024, 3, 4))
        s2, _ = statement(b, mayor, "We will reopen the bridge in May.", date(2024, 3, 8), c1)
        s3, c3 = statement(b, union, "A union spokesperson disagreed.", None)
        claims = [c1.id, c3.id]
    return {"statements": [s1, s2, s3], "claims": claims}
