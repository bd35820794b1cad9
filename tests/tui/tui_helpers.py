"""Helpers for the reviewer UI tests: a small deterministic ledger built through the ORM
(fixed ids, dates and timestamps, so snapshots are stable) and helpers to drive the app."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

REPO_SEEDS = Path(__file__).resolve().parents[2] / "seeds"
T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)

MARKUP_QUOTE = (
    "[bold]not bold[/x] [link=https://evil.example]click[/link] open [ \x1b[31mred\x1b[0m"
)

PARAGRAPHS = [
    (
        "Harbour bridge",
        "Daily Planet",
        date(2024, 3, 1),
        "The harbour bridge has been closed since January.\n\n"
        'Transport minister Jane Roe said: "The bridge will likely reopen in May, '
        'after the last inspection." She added that the cost was unclear.\n\n'
        "Engineers declined to comment.",
        [("The bridge will likely reopen in May, after the last inspection.", "said", "low")],
    ),
    (
        "Bridge follow-up",
        "Evening Post",
        date(2024, 3, 5),
        "Commuters are waiting.\n\n"
        'Roe told reporters: "The bridge will reopen in June, after the last inspection." '
        "\n\n"
        f'Critic John Doe wrote: "{MARKUP_QUOTE}" on his blog.',
        [
            ("The bridge will reopen in June, after the last inspection.", "told", "none"),
            (MARKUP_QUOTE, "wrote", "none"),
        ],
    ),
]


def build_ledger(db) -> dict[str, int]:
    """Two sources, two speakers, three statements; statements 1 and 2 are one claim,
    linked as `altered`; statement 3's quote is full of markup and an ANSI escape."""
    from sqlalchemy import text as sql

    from ledger.linking import word_diff
    from ledger.store.models import Claim, Link, Source, Speaker, SpeakerAlias, Statement

    with db.write() as s:
        roe = Speaker(
            id=1,
            name="Jane Roe",
            name_key="jane roe",
            kind="person",
            role="Transport minister",
            created_at=T0,
        )
        roe.aliases.append(SpeakerAlias(alias="Roe", alias_key="roe"))
        doe = Speaker(id=2, name="John Doe", name_key="john doe", kind="person", created_at=T0)
        s.add_all([roe, doe])
        sid = 0
        speakers = [roe, roe, doe]
        for n, (title, outlet, published, text, quotes) in enumerate(PARAGRAPHS, start=1):
            s.add(
                Source(
                    id=n,
                    content_sha256=f"{n:064d}",
                    title=title,
                    outlet=outlet,
                    url=f"https://news.example/{n}",
                    published_on=published,
                    text=text,
                    origin=f"seed{n}.txt",
                    imported_at=T0,
                )
            )
            s.flush()
            for quote, cue, hedging in quotes:
                start = text.index(quote)
                cues = []
                if hedging == "low":
                    at = text.index("likely")
                    cues = [{"text": "likely", "start": at, "end": at + 6, "level": "low"}]
                sid += 1
                s.add(
                    Statement(
                        id=sid,
                        source_id=n,
                        speaker_id=speakers[sid - 1].id,
                        speaker_mention=speakers[sid - 1].name,
                        kind="direct",
                        quote=quote,
                        start=start,
                        end=start + len(quote),
                        cue=cue,
                        cue_stance="neutral",
                        stated_on=published,
                        venue="press briefing" if sid == 1 else None,
                        hedging=hedging,
                        hedge_cues=cues,
                        created_at=T0,
                    )
                )
        s.flush()
        claim = Claim(
            id=1, canonical_text=PARAGRAPHS[0][4][0][0], first_statement_id=1, created_at=T0
        )
        s.add(claim)
        s.flush()
        for st in s.query(Statement).filter(Statement.id.in_([1, 2])):
            st.claim_id = 1
        a, b = PARAGRAPHS[0][4][0][0], PARAGRAPHS[1][4][0][0]
        s.add(
            Link(
                a_id=1,
                b_id=2,
                relation="altered",
                score=0.91,
                method="test",
                diff=word_diff(a, b),
                decided="auto",
            )
        )
    if db.dialect == "postgresql":  # explicit ids leave the sequences behind
        with db.write() as s:
            for table in ("speaker", "speaker_alias", "source", "statement", "claim", "link"):
                s.execute(
                    sql(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"
                    )
                )
    return {"statements": 3}


async def settle(pilot, rounds: int = 60) -> None:
    """Wait until every worker is done and the screen has caught up."""
    app = pilot.app
    for _ in range(rounds):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in app.workers):
            await pilot.pause()
            if not any(w.is_running for w in app.workers):
                return
    raise AssertionError("workers did not settle")


def make_app(db, reviewer: str = "alice", **kwargs):
    """The app as `ledger review` starts it (with the ClaimReview builder handed in)."""
    from ledger.tui.app import ReviewApp

    from ledger.export.claimreview import claim_reviews

    kwargs.setdefault("claim_reviews", claim_reviews)
    return ReviewApp(db, reviewer, **kwargs)


def drive(app, scenario, size=(80, 24)):
    """Run `scenario(pilot)` against `app` headless, after the first screen has loaded."""
    import asyncio

    async def main():
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            result = await scenario(pilot)
            await settle(pilot)
            return result

    return asyncio.run(main())


async def type_text(pilot, text: str) -> None:
    """Type into the focused input (set directly: pilot.press would map characters to keys)."""
    from textual.widgets import Input

    widget = pilot.app.focused
    assert isinstance(widget, Input), f"focus is on {widget!r}, not an Input"
    widget.value = text
    await pilot.pause()


async def until(pilot, check, seconds: float = 4.0) -> None:
    """Wait (real time: timers run) until `check()` is true or `seconds` have passed."""
    import asyncio

    for _ in range(int(seconds * 10)):
        if check():
            break
        await asyncio.sleep(0.1)
    await settle(pilot)


async def keys(pilot, *names: str) -> None:
    """Press each key in turn, waiting for what it started to finish."""
    for name in names:
        await pilot.press(name)
        await settle(pilot)


async def key_and_text(pilot, key: str, text: str) -> None:
    """Press `key`, type `text` into the dialog it opens, submit it and wait."""
    await pilot.press(key)
    await settle(pilot)
    await type_text(pilot, text)
    await pilot.press("enter")
    await settle(pilot)


def log_of(db, statement_id=None, claim_id=None):
    from ledger.services import review_log

    with db.read() as s:
        return review_log.review_log(s, statement_id=statement_id, claim_id=claim_id)


def notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


#: statement 4 says what statement 1 says with the opposite polarity
CONFLICTING_QUOTE = "The bridge will not reopen in May, after the last inspection."


def add_conflict_and_fact_checks(db) -> dict[str, int]:
    """On top of `build_ledger`: statement 4 (John Doe, "last week": a week-precision date,
    in source 3) with a suggested `conflicts` link to statement 1, and two imported fact-checks (a
    `fact-check` source, its statement in a claim of its own, a `fact_check` row, as the
    ClaimReview import stores them), the first about the bridge's reopening."""
    import hashlib

    from sqlalchemy import text as sql

    from ledger.linking import word_diff
    from ledger.store.models import Claim, FactCheck, Link, Source, Statement

    checks = [
        (
            "The harbour bridge will reopen in May after the inspection",
            "Jane Roe",
            date(2024, 2, 20),
            "Mostly False",
        ),
        ("Commuters wait an hour at the harbour", "Otto Lang", date(2023, 1, 9), "True"),
    ]
    out: dict[str, int] = {}
    with db.write() as s:
        text = f'John Doe said last week: "{CONFLICTING_QUOTE}"'
        s.add(
            Source(
                id=3,
                content_sha256=f"{3:064d}",
                title="Bridge doubts",
                outlet="Harbour Radio",
                url="https://radio.example/3",
                published_on=date(2024, 3, 4),
                text=text,
                origin="seed3.txt",
                imported_at=T0,
            )
        )
        s.flush()
        start = text.index(CONFLICTING_QUOTE)
        s.add(
            Statement(
                id=4,
                source_id=3,
                speaker_id=2,
                speaker_mention="John Doe",
                kind="direct",
                quote=CONFLICTING_QUOTE,
                start=start,
                end=start + len(CONFLICTING_QUOTE),
                cue="said",
                stated_on=date(2024, 2, 26),
                stated_on_precision="week",
                hedging="none",
                hedge_cues=[],
                created_at=T0,
            )
        )
        s.flush()
        s.add(
            Link(
                a_id=1,
                b_id=4,
                relation="conflicts",
                score=0.87,
                method="test",
                diff=word_diff(PARAGRAPHS[0][4][0][0], CONFLICTING_QUOTE),
                decided="suggested",
            )
        )
        for n, (claim_text, claimant, when, rating) in enumerate(checks, start=1):
            url = f"https://checks.example/review/{n}"
            src = Source(
                id=10 + n,
                content_sha256=hashlib.sha256(url.encode()).hexdigest(),
                title=f"Review {n}",
                outlet="Harbour Checks",
                url=url,
                kind="fact-check",
                format="json",
                text=claim_text,
                published_on=date(2024, 2, 25),
                imported_at=T0,
            )
            s.add(src)
            s.flush()
            claim = Claim(id=10 + n, canonical_text=claim_text, created_at=T0)
            s.add(claim)
            s.flush()
            st = Statement(
                id=10 + n,
                source_id=src.id,
                kind="indirect",
                quote=claim_text,
                start=0,
                end=len(claim_text),
                stated_on=when,
                claim_id=claim.id,
                ref=f"review:{n}",
                hedging="none",
                hedge_cues=[],
                created_at=T0,
            )
            s.add(st)
            s.flush()
            claim.first_statement_id = st.id
            fc = FactCheck(
                review_key=hashlib.sha256(f"key{n}".encode()).hexdigest(),
                content_sha256="0" * 64,
                source_id=src.id,
                statement_id=st.id,
                claim_id=claim.id,
                url=url,
                organisation="Harbour Checks",
                rating=rating,
                claimant=claimant,
                claim_date=when,
                reviewed_on=date(2024, 2, 25),
            )
            s.add(fc)
            s.flush()
            out[f"fc{n}"] = fc.id
            out[f"fc{n}_statement"] = st.id
    if db.dialect == "postgresql":
        with db.write() as s:
            for table in ("source", "statement", "claim", "link", "fact_check"):
                s.execute(
                    sql(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"
                    )
                )
    return out
