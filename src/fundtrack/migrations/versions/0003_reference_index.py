"""Index disbursements by subgrant and reference, so a repeated payment is found at once.

``fundtrack disburse`` and ``fundtrack import disbursements`` look up earlier entries with the
same subgrant and reference (a check number used twice); this index keeps that a look-up
however large the ledger grows.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_entry_subgrant_reference", "entry", ["subgrant_id", "reference"])


def downgrade() -> None:
    op.drop_index("ix_entry_subgrant_reference", table_name="entry")
