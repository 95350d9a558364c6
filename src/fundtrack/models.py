"""The tables of the books, as SQLModel classes.

Money columns hold integer cents (``*_cents``); SQLAlchemy's ``Numeric`` is never used for
money because SQLite stores it as a binary float. Dates are calendar dates; ``recorded_at``
is UTC, to the second.

Records that define the structure (sources, categories, subgrantees, clients, awards,
subgrants, budgets) are written once; a change to one is a new row of its ``*_version``
table, keyed by the ledger entry that made it (the latest entry's version is in force).
Every amount lives in ``entry``, the ledger proper: an append-only, hash-chained list of
everything that moved money or set a term, including the reversals that void earlier
entries.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    DateTime,
    Index,
    Text,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

# The entry kinds' names, as stored; what each kind means is declared in
# ``fundtrack.ledger.kinds``.
AWARD = "award"
SUBGRANT = "subgrant"
DISBURSEMENT = "disbursement"
SERVICE = "service"
AWARD_AMENDMENT = "award-amendment"
SUBGRANT_AMENDMENT = "subgrant-amendment"
SOURCE = "source"
CATEGORY = "category"
SUBGRANTEE = "subgrantee"
CLIENT = "client"
SNAPSHOT = "snapshot"
DRAWDOWN = "drawdown"
MATCH_CASH = "match-cash"
MATCH_IN_KIND = "match-in-kind"
CLOSE = "close"
REOPEN = "reopen"
AWARD_CLOSE = "award-close"

#: A subgrant's purpose: services to victims (passed through, carries match) or the
#: state's own administration (kept under the source's cap, no match).
SERVICES = "services"
ADMINISTRATION = "administration"


def _utc_column() -> Column:
    """``recorded_at``: a naive UTC timestamp, the same on SQLite and PostgreSQL."""
    return Column(DateTime(timezone=False), nullable=False)


class Source(SQLModel, table=True):
    """A funding source (CVRC-HT, VOCA, DOJ).

    Attributes:
      code: short code, upper case.
      calendar: ``state`` or ``federal``; an award's fiscal year is read in it.
      extra_years: fiscal years beyond the award's own that its funds stay available
        (VOCA: 3).
      match_percent: the match its subgrants owe, as a percent of the total project cost
        (decimal text such as ``20`` or ``12.5``; None: no match).
      admin_cap_percent: the most of each award that may go to administration, as a percent
        of the award's amount (decimal text; None: no cap).
    """

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True)
    name: str = Field(max_length=200)
    calendar: str = Field(max_length=10)
    extra_years: int = 0
    match_percent: str | None = Field(default=None, max_length=8)
    admin_cap_percent: str | None = Field(default=None, max_length=8)
    recorded_at: datetime = Field(sa_column=_utc_column())
    recorded_by: str = Field(max_length=64)


class Category(SQLModel, table=True):
    """A disbursement category such as ``rent`` or ``civil-legal``, and the PMT service area
    it belongs to (None: counted as "unspecified"; see ``fundtrack.service_areas``)."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True)
    name: str = Field(max_length=200)
    service_area: str | None = Field(default=None, max_length=60)
    recorded_at: datetime = Field(sa_column=_utc_column())
    recorded_by: str = Field(max_length=64)


class Subgrantee(SQLModel, table=True):
    """A service provider that receives subgrants (La Pinon, The Life Link, ...); ``uei`` is
    its federal Unique Entity ID (12 characters)."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True)
    name: str = Field(max_length=200)
    uei: str | None = Field(default=None, max_length=12)
    recorded_at: datetime = Field(sa_column=_utc_column())
    recorded_by: str = Field(max_length=64)


class ImportBatch(SQLModel, table=True):
    """One imported file: kept so the same file is never imported twice."""

    __tablename__ = "import_batch"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)
    file_name: str = Field(max_length=260)
    sha256: str = Field(max_length=64, unique=True)
    rows: int
    recorded_at: datetime = Field(sa_column=_utc_column())
    recorded_by: str = Field(max_length=64)


class Client(SQLModel, table=True):
    """A person served, known only by an opaque reference (see docs/privacy.md)."""

    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(max_length=32, unique=True)
    batch_id: int | None = Field(default=None, foreign_key="import_batch.id")
    recorded_at: datetime = Field(sa_column=_utc_column())
    recorded_by: str = Field(max_length=64)


class Award(SQLModel, table=True):
    """One appropriation or grant from a source for a fiscal year.

    Its amount is the sum of its ``award`` entries; ``start_date``..``end_date`` is the
    period of performance in which it may be spent.
    """

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True)
    source_id: int = Field(foreign_key="source.id", index=True)
    fiscal_year: int
    start_date: date
    end_date: date
    number: str | None = Field(default=None, max_length=80)
    name: str | None = Field(default=None, max_length=200)
    aln: str | None = Field(default=None, max_length=6)
    recorded_at: datetime = Field(sa_column=_utc_column())
    recorded_by: str = Field(max_length=64)


class Subgrant(SQLModel, table=True):
    """The part of an award given to one subgrantee; its amount is in ``subgrant`` entries.

    Attributes:
      purpose: ``services`` or ``administration`` (the state's own, under the source's cap).
      match_percent: a waiver: the match it owes when lower than its source's (decimal
        text), with ``waiver_reason``; None: the source's.
    """

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True)
    award_id: int = Field(foreign_key="award.id", index=True)
    subgrantee_id: int = Field(foreign_key="subgrantee.id", index=True)
    start_date: date
    end_date: date
    purpose: str = Field(
        default=SERVICES, max_length=14, sa_column_kwargs={"server_default": SERVICES}
    )
    match_percent: str | None = Field(default=None, max_length=8)
    waiver_reason: str | None = Field(default=None, max_length=200)
    recorded_at: datetime = Field(sa_column=_utc_column())
    recorded_by: str = Field(max_length=64)


class SubgrantBudget(SQLModel, table=True):
    """The most a subgrant may spend in one category."""

    __tablename__ = "subgrant_budget"
    __table_args__ = (UniqueConstraint("subgrant_id", "category_id"),)

    id: int | None = Field(default=None, primary_key=True)
    subgrant_id: int = Field(foreign_key="subgrant.id")
    category_id: int = Field(foreign_key="category.id")
    amount_cents: int = Field(sa_column=Column(BigInteger, nullable=False))


class Entry(SQLModel, table=True):
    """One line of the ledger. Never updated, never deleted.

    Attributes:
      id: assigned in order by the ledger, starting at 1, with no gaps.
      kind: one of ``fundtrack.ledger.kinds``: money (``award``, ``subgrant``,
        ``disbursement``), a service, an amendment, or a fact (``source``, ``category``,
        ``subgrantee``, ``client``, ``snapshot``) that names no award.
      amount_cents: positive; negative only on a reversal fundtrack writes itself; zero on a
        service (a client served without a payment), its reversal, and a fact; the signed
        change on an amendment.
      entry_date: the date the money moved (for awards and subgrants, the period start;
        for a reversal, the date of the entry it voids).
      reverses_id: on a reversal, the entry it voids (at most one reversal per entry).
      reason: on a reversal, why.
      prev_hash, hash: the hash chain (see ``fundtrack.ledger.canonical``).
      version: the canonical encoding the entry was hashed with.
      terms: the facts it records, by value, as canonical JSON (``fundtrack.ledger.terms``).
      when_incurred: on a disbursement paid in the liquidation period after its subgrant's
        period, the date inside the period the cost was incurred.
    """

    __table_args__ = (
        CheckConstraint(
            "kind IN ('award', 'subgrant', 'disbursement', 'service', 'award-amendment', "
            "'subgrant-amendment', 'source', 'category', 'subgrantee', 'client', 'snapshot', "
            "'match-cash', 'match-in-kind', 'drawdown', 'close', 'reopen', 'award-close')",
            name="entry_kind",
        ),
        CheckConstraint(
            "(kind IN ('award', 'subgrant', 'disbursement', 'match-cash', 'match-in-kind', "
            "'drawdown') AND ((reverses_id IS NULL AND amount_cents > 0) OR (reverses_id IS "
            "NOT NULL AND amount_cents < 0))) OR (kind IN ('service', 'source', 'category', "
            "'subgrantee', 'client', 'snapshot', 'close', 'reopen') AND amount_cents = 0) OR "
            "(kind IN ('award-amendment', 'subgrant-amendment') AND reverses_id IS NULL) OR "
            "(kind IN ('award-close') AND ((reverses_id IS NULL AND amount_cents >= 0) OR "
            "(reverses_id IS NOT NULL AND amount_cents <= 0)))",
            name="entry_sign",
        ),
        CheckConstraint(
            "(kind IN ('award', 'subgrant') AND award_id IS NOT NULL) OR (kind IN "
            "('disbursement', 'service', 'match-cash', 'match-in-kind', 'drawdown') AND "
            "award_id IS NOT NULL AND terms IS NULL) OR (kind IN ('award-amendment', "
            "'subgrant-amendment') AND award_id IS NOT NULL AND terms IS NOT NULL AND reason "
            "IS NOT NULL AND reverses_id IS NULL) OR (kind IN ('source', 'category', "
            "'subgrantee', 'client', 'snapshot') AND award_id IS NULL AND terms IS NOT NULL "
            "AND reverses_id IS NULL) OR (kind IN ('close', 'reopen') AND award_id IS NULL "
            "AND terms IS NOT NULL AND reason IS NOT NULL AND reverses_id IS NULL) OR (kind "
            "IN ('award-close') AND award_id IS NOT NULL AND terms IS NULL AND reason IS NOT "
            "NULL)",
            name="entry_shape",
        ),
        Index(
            "ix_entry_subgrant_kind",
            "subgrant_id",
            "kind",
            "category_id",
            "entry_date",
            "amount_cents",
        ),
        Index("ix_entry_award_kind", "award_id", "kind", "entry_date", "amount_cents"),
        Index("ix_entry_kind_date", "kind", "entry_date", "client_id", "award_id"),
        Index("ix_entry_reverses", "reverses_id", unique=True),
        Index("ix_entry_client", "client_id"),
        Index("ix_entry_subgrant_reference", "subgrant_id", "reference"),
    )

    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    kind: str = Field(max_length=20)
    amount_cents: int = Field(sa_column=Column(BigInteger, nullable=False))
    entry_date: date
    award_id: int | None = Field(default=None, foreign_key="award.id")
    subgrant_id: int | None = Field(default=None, foreign_key="subgrant.id")
    category_id: int | None = Field(default=None, foreign_key="category.id")
    client_id: int | None = Field(default=None, foreign_key="client.id")
    reverses_id: int | None = Field(default=None, foreign_key="entry.id")
    reason: str | None = Field(default=None, max_length=200)
    reference: str | None = Field(default=None, max_length=200)
    memo: str | None = Field(default=None, max_length=200)
    batch_id: int | None = Field(default=None, foreign_key="import_batch.id")
    recorded_at: datetime = Field(sa_column=_utc_column())
    recorded_by: str = Field(max_length=64)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    terms: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    when_incurred: date | None = None


class _Version(SQLModel):
    """A version of a row's terms: keyed by the entry that made it (``entry_id``)."""

    entry_id: int = Field(
        primary_key=True, foreign_key="entry.id", sa_column_kwargs={"autoincrement": False}
    )


def _of(table: str) -> Any:
    """The row of ``table`` a version belongs to (indexed: a row's versions are read together)."""
    return Field(foreign_key=f"{table}.id", index=True)


class SourceVersion(_Version, table=True):
    """A source's terms as an entry changed them; the latest entry's version is in force."""

    __tablename__ = "source_version"

    source_id: int = _of("source")
    name: str = Field(max_length=200)
    calendar: str = Field(max_length=10)
    extra_years: int
    match_percent: str | None = Field(default=None, max_length=8)
    admin_cap_percent: str | None = Field(default=None, max_length=8)


class CategoryVersion(_Version, table=True):
    __tablename__ = "category_version"

    category_id: int = _of("category")
    name: str = Field(max_length=200)
    service_area: str | None = Field(default=None, max_length=60)


class SubgranteeVersion(_Version, table=True):
    __tablename__ = "subgrantee_version"

    subgrantee_id: int = _of("subgrantee")
    name: str = Field(max_length=200)
    uei: str | None = Field(default=None, max_length=12)


class AwardVersion(_Version, table=True):
    __tablename__ = "award_version"

    award_id: int = _of("award")
    start_date: date
    end_date: date
    number: str | None = Field(default=None, max_length=80)
    name: str | None = Field(default=None, max_length=200)
    aln: str | None = Field(default=None, max_length=6)


class SubgrantVersion(_Version, table=True):
    __tablename__ = "subgrant_version"

    subgrant_id: int = _of("subgrant")
    start_date: date
    end_date: date
    purpose: str = Field(default=SERVICES, max_length=14)
    match_percent: str | None = Field(default=None, max_length=8)
    waiver_reason: str | None = Field(default=None, max_length=200)


class BudgetVersion(_Version, table=True):
    """A subgrant's budget for one category as an entry set it."""

    __tablename__ = "budget_version"

    subgrant_id: int = _of("subgrant")
    category_id: int = Field(primary_key=True, foreign_key="category.id")
    amount_cents: int = Field(sa_column=Column(BigInteger, nullable=False))


class LedgerHead(SQLModel, table=True):
    """A single row: the newest entry's id and hash. Appends lock it, so the chain never forks."""

    __tablename__ = "ledger_head"

    id: int = Field(default=1, primary_key=True, sa_column_kwargs={"autoincrement": False})
    entry_id: int = 0
    hash: str = Field(max_length=64)


# The tables as queries use them. SQLModel types a column as the Python value it holds, not
# as the SQL expression a query builds from it, so each table is also named here, loosely.
entries: Any = Entry
awards: Any = Award
sources: Any = Source
subgrants: Any = Subgrant
subgrantees: Any = Subgrantee
categories: Any = Category
clients: Any = Client
budgets: Any = SubgrantBudget
