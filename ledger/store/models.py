"""The ledger's tables as typed SQLAlchemy 2.x models (design.md §2).

Every table here is journaled: any insert, update or delete appends a hash-chained
`event` row in the same transaction (see `ledger.store.journal`). Constraint names follow
one naming convention so that Alembic migrations are reproducible on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# the values of statement.stated_on_precision, re-exported for the store's readers
from ledger.vocabulary import DATE_PRECISIONS as DATE_PRECISIONS

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

STATEMENT_STATUSES = ("unreviewed", "in_review", "verified", "disputed", "rejected")
LINK_RELATIONS = ("repeat", "altered", "paraphrase", "conflicts")
LINK_STATUSES = ("auto", "suggested", "confirmed", "rejected")
ROLES = ("reviewer", "editor", "admin")


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: DateTime(timezone=True)}


class Source(Base):
    """One imported document; `text` is the decoded text every offset points into."""

    __tablename__ = "source"

    id: Mapped[int] = mapped_column(primary_key=True)
    content_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(Text)
    published_on: Mapped[date | None] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(40), default="article")
    format: Mapped[str] = mapped_column(String(20), default="text")
    text: Mapped[str] = mapped_column(Text)
    body_start: Mapped[int] = mapped_column(Integer, default=0)
    origin: Mapped[str | None] = mapped_column(Text)
    encoding: Mapped[str | None] = mapped_column(String(40))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)

    statements: Mapped[list[Statement]] = relationship(back_populates="source")


class Speaker(Base):
    """A person, organisation or group that makes statements."""

    __tablename__ = "speaker"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(String(300), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="unknown")
    role: Mapped[str | None] = mapped_column(String(300))
    affiliation: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    aliases: Mapped[list[SpeakerAlias]] = relationship(
        back_populates="speaker", cascade="all, delete-orphan"
    )


class SpeakerAlias(Base):
    """Another name a speaker goes by ("Burns", "Mr Burns"); `alias_key` is case-folded."""

    __tablename__ = "speaker_alias"
    __table_args__ = (UniqueConstraint("speaker_id", "alias_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speaker.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(300))
    alias_key: Mapped[str] = mapped_column(String(300), index=True)

    speaker: Mapped[Speaker] = relationship(back_populates="aliases")


class Claim(Base):
    """A cluster of statements that make the same claim."""

    __tablename__ = "claim"

    id: Mapped[int] = mapped_column(primary_key=True)
    canonical_text: Mapped[str] = mapped_column(Text)
    first_statement_id: Mapped[int | None] = mapped_column(
        ForeignKey("statement.id", use_alter=True, ondelete="SET NULL")
    )
    rating: Mapped[str | None] = mapped_column(String(60))
    rating_final: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(20), default="open")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class Statement(Base):
    """One attributed statement in one source; `quote == source.text[start:end]`."""

    __tablename__ = "statement"
    __table_args__ = (
        UniqueConstraint("source_id", "start", "end", "kind"),
        CheckConstraint('"start" >= 0 AND "end" >= "start"', name="offsets"),
        Index("ix_statement_status_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id", ondelete="CASCADE"), index=True)
    speaker_id: Mapped[int | None] = mapped_column(
        ForeignKey("speaker.id", ondelete="SET NULL"), index=True
    )
    speaker_mention: Mapped[str | None] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))
    quote: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    cue: Mapped[str | None] = mapped_column(String(120))
    cue_stance: Mapped[str | None] = mapped_column(String(20))
    stated_on: Mapped[date | None] = mapped_column(Date, index=True)
    #: one of DATE_PRECISIONS when stated_on is set (stated_on is then the interval's start)
    stated_on_precision: Mapped[str | None] = mapped_column(String(10))
    venue: Mapped[str | None] = mapped_column(String(300))
    # seconds into the recording, for statements read from a timed transcript
    time_start: Mapped[float | None] = mapped_column(Float)
    time_end: Mapped[float | None] = mapped_column(Float)
    # 0-1, how worth checking the statement is (ledger.checkworthy); the cues that raised it
    checkworthiness: Mapped[float | None] = mapped_column(Float, index=True)
    checkworthy_cues: Mapped[list | None] = mapped_column(JSON)
    hedging: Mapped[str] = mapped_column(String(10), default="none")
    hedge_cues: Mapped[list] = mapped_column(JSON, default=list)
    polarity: Mapped[str] = mapped_column(String(10), default="positive")
    ref: Mapped[str | None] = mapped_column(String(300), index=True)
    claim_id: Mapped[int | None] = mapped_column(
        ForeignKey("claim.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(20), default="unreviewed")
    assigned_to: Mapped[str | None] = mapped_column(String(120))
    lease_owner: Mapped[str | None] = mapped_column(String(120))
    lease_until: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    source: Mapped[Source] = relationship(back_populates="statements")
    speaker: Mapped[Speaker | None] = relationship()

    __mapper_args__ = {"version_id_col": version}


class Link(Base):
    """An edge between two statements (a_id < b_id) with how it was decided."""

    __tablename__ = "link"
    __table_args__ = (
        UniqueConstraint("a_id", "b_id"),
        CheckConstraint("a_id < b_id", name="ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    a_id: Mapped[int] = mapped_column(ForeignKey("statement.id", ondelete="CASCADE"), index=True)
    b_id: Mapped[int] = mapped_column(ForeignKey("statement.id", ondelete="CASCADE"), index=True)
    relation: Mapped[str] = mapped_column(String(20))
    score: Mapped[float] = mapped_column(Float)
    method: Mapped[str] = mapped_column(String(60))
    diff: Mapped[list | None] = mapped_column(JSON)
    decided: Mapped[str] = mapped_column(String(20), default="auto")
    decided_by: Mapped[str | None] = mapped_column(String(120))
    decided_at: Mapped[datetime | None] = mapped_column()


class Review(Base):
    """One reviewer decision; appended, never updated (a retraction is a new row)."""

    __tablename__ = "review"
    __table_args__ = (
        CheckConstraint("(statement_id IS NOT NULL) <> (claim_id IS NOT NULL)", name="one_subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int | None] = mapped_column(
        ForeignKey("statement.id", ondelete="CASCADE"), index=True
    )
    claim_id: Mapped[int | None] = mapped_column(
        ForeignKey("claim.id", ondelete="CASCADE"), index=True
    )
    reviewer: Mapped[str] = mapped_column(String(120))
    verdict: Mapped[str] = mapped_column(String(60))
    note: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[list] = mapped_column(JSON, default=list)
    seen_version: Mapped[int | None] = mapped_column(Integer)
    retracts_id: Mapped[int | None] = mapped_column(ForeignKey("review.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class FactCheck(Base):
    """A verdict another organisation published (an imported ClaimReview).

    Its source (kind ``fact-check``) holds the review as published; its statement is the
    `claimReviewed` text. These ratings are the organisation's, never the ledger's own
    (`claim.rating` and `review` rows are the ledger's reviewers'). `review_key` identifies
    the review across re-imports (its url, else its content); `content_sha256` tells a
    changed review from the same one. `claim_id` is the claim the review was imported
    into; reclustering moves statements, so readers take the current claim from the
    statement (`statement.claim_id`), as `similar` and the reviewer UI do.
    """

    __tablename__ = "fact_check"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_key: Mapped[str] = mapped_column(String(64), unique=True)
    content_sha256: Mapped[str] = mapped_column(String(64))
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id", ondelete="CASCADE"), unique=True)
    statement_id: Mapped[int | None] = mapped_column(
        ForeignKey("statement.id", ondelete="SET NULL"), index=True
    )
    claim_id: Mapped[int | None] = mapped_column(
        ForeignKey("claim.id", ondelete="SET NULL"), index=True
    )
    url: Mapped[str | None] = mapped_column(Text)
    organisation: Mapped[str | None] = mapped_column(String(300))
    organisation_url: Mapped[str | None] = mapped_column(Text)
    rating: Mapped[str | None] = mapped_column(String(120))
    rating_value: Mapped[float | None] = mapped_column(Float)
    best_rating: Mapped[float | None] = mapped_column(Float)
    worst_rating: Mapped[float | None] = mapped_column(Float)
    claimant: Mapped[str | None] = mapped_column(String(300))
    claim_date: Mapped[date | None] = mapped_column(Date)
    reviewed_on: Mapped[date | None] = mapped_column(Date)
    appearances: Mapped[list] = mapped_column(JSON, default=list)
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)


class Setting(Base):
    """A ledger-wide setting (required_approvals, rating scale, lease time)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[dict | list | str | int | None] = mapped_column(JSON)


class UserRole(Base):
    """Which role a user (OS user on SQLite, database role on PostgreSQL) holds."""

    __tablename__ = "user_role"

    username: Mapped[str] = mapped_column(String(120), primary_key=True)
    role: Mapped[str] = mapped_column(String(20))


class Event(Base):
    """The ledger's history: one hash-chained row per change of any other table."""

    __tablename__ = "event"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(80), index=True)
    payload: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # the name claimed (--as, LEDGER_ACTOR) when it is not who acted (`actor`); in the hash
    # when set (migration 0007)
    claimed_by: Mapped[str | None] = mapped_column(String(120))


JOURNALED = (
    Source,
    Speaker,
    SpeakerAlias,
    Claim,
    Statement,
    Link,
    Review,
    FactCheck,
    Setting,
    UserRole,
)


class MerkleNode(Base):
    """A stored node of the history's Merkle tree (`ledger.store.merkle`): the hash of a
    complete subtree of 256 events or more.

    Derived from the events, so neither journaled nor trusted: `verify --checkpoint`
    rebuilds the tree from the events and only compares it with these rows, and a missing
    row is recomputed. The id places the node: `(2 * index + 1) * 2**(level - 8) - 1`
    ("flat tree" order over tiles of 256 leaves), which stays within 32 bits."""

    __tablename__ = "merkle_node"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    hash: Mapped[str] = mapped_column(String(64))
