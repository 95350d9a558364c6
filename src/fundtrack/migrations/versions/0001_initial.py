"""The books: sources, categories, subgrantees, clients, awards, subgrants, budgets, ledger.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _recorded() -> list[sa.Column]:
    return [
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=False),
    ]


def _named(table: str) -> None:
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(40), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        *_recorded(),
    )


def upgrade() -> None:
    op.create_table(
        "source",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(40), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("calendar", sa.String(10), nullable=False),
        sa.Column("extra_years", sa.Integer(), nullable=False, server_default="0"),
        *_recorded(),
    )
    _named("category")
    _named("subgrantee")
    op.create_table(
        "import_batch",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("file_name", sa.String(260), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("rows", sa.Integer(), nullable=False),
        *_recorded(),
    )
    op.create_table(
        "client",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("ref", sa.String(32), nullable=False, unique=True),
        sa.Column("batch_id", sa.Integer(), sa.ForeignKey("import_batch.id")),
        *_recorded(),
    )
    op.create_table(
        "award",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(40), nullable=False, unique=True),
        sa.Column("source_id", sa.Integer(), sa.ForeignKey("source.id"), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("number", sa.String(80)),
        sa.Column("name", sa.String(200)),
        *_recorded(),
    )
    op.create_index("ix_award_source_id", "award", ["source_id"])
    op.create_table(
        "subgrant",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(40), nullable=False, unique=True),
        sa.Column("award_id", sa.Integer(), sa.ForeignKey("award.id"), nullable=False),
        sa.Column("subgrantee_id", sa.Integer(), sa.ForeignKey("subgrantee.id"), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        *_recorded(),
    )
    op.create_index("ix_subgrant_award_id", "subgrant", ["award_id"])
    op.create_index("ix_subgrant_subgrantee_id", "subgrant", ["subgrantee_id"])
    op.create_table(
        "subgrant_budget",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("subgrant_id", sa.Integer(), sa.ForeignKey("subgrant.id"), nullable=False),
        sa.Column("category_id", sa.Integer(), sa.ForeignKey("category.id"), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.UniqueConstraint("subgrant_id", "category_id"),
    )
    _create_entry()
    op.create_table(
        "ledger_head",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.execute("INSERT INTO ledger_head (id, entry_id, hash) VALUES (1, 0, '" + "0" * 64 + "')")


def _create_entry() -> None:
    op.create_table(
        "entry",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("entry_date", sa.Date(), nullable=False),
        sa.Column("award_id", sa.Integer(), sa.ForeignKey("award.id"), nullable=False),
        sa.Column("subgrant_id", sa.Integer(), sa.ForeignKey("subgrant.id")),
        sa.Column("category_id", sa.Integer(), sa.ForeignKey("category.id")),
        sa.Column("client_id", sa.Integer(), sa.ForeignKey("client.id")),
        sa.Column("reverses_id", sa.Integer(), sa.ForeignKey("entry.id")),
        sa.Column("reason", sa.String(200)),
        sa.Column("reference", sa.String(200)),
        sa.Column("memo", sa.String(200)),
        sa.Column("batch_id", sa.Integer(), sa.ForeignKey("import_batch.id")),
        *_recorded(),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.CheckConstraint("kind IN ('award', 'subgrant', 'disbursement')", name="entry_kind"),
        sa.CheckConstraint(
            "(reverses_id IS NULL AND amount_cents > 0) OR "
            "(reverses_id IS NOT NULL AND amount_cents < 0)",
            name="entry_sign",
        ),
    )
    op.create_index(
        "ix_entry_subgrant_kind",
        "entry",
        ["subgrant_id", "kind", "category_id", "entry_date", "amount_cents"],
    )
    op.create_index(
        "ix_entry_award_kind", "entry", ["award_id", "kind", "entry_date", "amount_cents"]
    )
    op.create_index("ix_entry_kind_date", "entry", ["kind", "entry_date", "client_id", "award_id"])
    op.create_index("ix_entry_reverses", "entry", ["reverses_id"], unique=True)
    op.create_index("ix_entry_client", "entry", ["client_id"])


def downgrade() -> None:
    for table in (
        "ledger_head",
        "entry",
        "subgrant_budget",
        "subgrant",
        "award",
        "client",
        "import_batch",
        "subgrantee",
        "category",
        "source",
    ):
        op.drop_table(table)
