"""The entry table takes services: zero-amount entries that count a client as served.

The kind and sign constraints widen to the ``service`` kind, whose amount (and its reversal's)
is zero. PostgreSQL alters the two constraints in place. SQLite cannot alter a constraint, so
the table is rebuilt: the new table is created beside it, every row is copied with its raw
stored values (``INSERT ... SELECT``, nothing converted, so every hash still verifies), the old
table is dropped and the new one renamed; its indexes and append-only triggers are created
again.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from importlib import import_module

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

#: Frozen here, as they were when this revision was written (a test holds them to the
#: registry's ``check_constraint`` and ``sign_constraint``).
KIND_CHECK = "kind IN ('award', 'subgrant', 'disbursement', 'service')"
SIGN_CHECK = (
    "(kind IN ('award', 'subgrant', 'disbursement') AND ((reverses_id IS NULL AND "
    "amount_cents > 0) OR (reverses_id IS NOT NULL AND amount_cents < 0))) OR "
    "(kind IN ('service') AND amount_cents = 0)"
)
OLD_KIND_CHECK = "kind IN ('award', 'subgrant', 'disbursement')"
OLD_SIGN_CHECK = (
    "(reverses_id IS NULL AND amount_cents > 0) OR (reverses_id IS NOT NULL AND amount_cents < 0)"
)
COLUMNS = (
    "id, kind, amount_cents, entry_date, award_id, subgrant_id, category_id, client_id, "
    "reverses_id, reason, reference, memo, batch_id, recorded_at, recorded_by, prev_hash, hash"
)
INDEXES = (
    (
        "ix_entry_subgrant_kind",
        ["subgrant_id", "kind", "category_id", "entry_date", "amount_cents"],
    ),
    ("ix_entry_award_kind", ["award_id", "kind", "entry_date", "amount_cents"]),
    ("ix_entry_kind_date", ["kind", "entry_date", "client_id", "award_id"]),
    ("ix_entry_client", ["client_id"]),
    ("ix_entry_subgrant_reference", ["subgrant_id", "reference"]),
)

_guards = import_module("fundtrack.migrations.versions.0002_append_only")


def upgrade() -> None:
    _change(KIND_CHECK, SIGN_CHECK)


def downgrade() -> None:
    _change(OLD_KIND_CHECK, OLD_SIGN_CHECK)


def _change(kind_check: str, sign_check: str) -> None:
    if op.get_bind().dialect.name != "sqlite":
        for name, check in (("entry_kind", kind_check), ("entry_sign", sign_check)):
            op.drop_constraint(name, "entry", type_="check")
            op.create_check_constraint(name, "entry", check)
        return
    _guards.drop_guards("entry")
    op.rename_table("entry", "entry_before_0005")
    _create_entry("entry", kind_check, sign_check)
    op.execute(f"INSERT INTO entry ({COLUMNS}) SELECT {COLUMNS} FROM entry_before_0005 ORDER BY id")
    op.drop_table("entry_before_0005")
    for name, columns in INDEXES:
        op.create_index(name, "entry", columns)
    op.create_index("ix_entry_reverses", "entry", ["reverses_id"], unique=True)
    _guards.create_guards("entry")


def _create_entry(table: str, kind_check: str, sign_check: str) -> None:
    """The entry table as revision 0001 made it, with the given constraints."""
    op.create_table(
        table,
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
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.CheckConstraint(kind_check, name="entry_kind"),
        sa.CheckConstraint(sign_check, name="entry_sign"),
    )
