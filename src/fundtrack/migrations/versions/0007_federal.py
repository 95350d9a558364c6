"""Federal money: match, the administration cap, drawdowns and the liquidation period.

Sources gain ``match_percent`` (of the total project cost) and ``admin_cap_percent``;
awards an ``aln`` (Assistance Listing number), subgrantees a ``uei``, subgrants a
``purpose`` (services or administration) and a waived ``match_percent`` with its
``waiver_reason``; each version table gains the same columns, so a change to any of them is a
version like every other term. The percents are decimal text, never a float.

The entry table takes three kinds (``match-cash``, ``match-in-kind``, ``drawdown``) and a
``when_incurred`` date (a disbursement paid in the liquidation period after its subgrant's
ends, for a cost incurred inside it), hashed by canonical version 2. PostgreSQL alters the
table in place; SQLite rebuilds it from its own stored definition, as revisions 0005 and 0006
did, copying every row's raw stored values so every hash still verifies.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-16
"""

from importlib import import_module

import sqlalchemy as sa
from alembic import op

from fundtrack.migrations.entry_rebuild import rebuild_entry, swap_checks

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

#: Frozen here, as they were when this revision was written (a test holds them to the
#: registry's ``check_constraint``, ``sign_constraint`` and ``shape_constraint``).
KIND_CHECK = (
    "kind IN ('award', 'subgrant', 'disbursement', 'service', 'award-amendment', "
    "'subgrant-amendment', 'source', 'category', 'subgrantee', 'client', 'snapshot', "
    "'match-cash', 'match-in-kind', 'drawdown')"
)
SIGN_CHECK = (
    "(kind IN ('award', 'subgrant', 'disbursement', 'match-cash', 'match-in-kind', "
    "'drawdown') AND ((reverses_id IS NULL AND amount_cents > 0) OR (reverses_id IS NOT "
    "NULL AND amount_cents < 0))) OR (kind IN ('service', 'source', 'category', "
    "'subgrantee', 'client', 'snapshot') AND amount_cents = 0) OR (kind IN "
    "('award-amendment', 'subgrant-amendment') AND reverses_id IS NULL)"
)
SHAPE_CHECK = (
    "(kind IN ('award', 'subgrant') AND award_id IS NOT NULL) OR (kind IN ('disbursement', "
    "'service', 'match-cash', 'match-in-kind', 'drawdown') AND award_id IS NOT NULL AND "
    "terms IS NULL) OR (kind IN ('award-amendment', 'subgrant-amendment') AND award_id IS "
    "NOT NULL AND terms IS NOT NULL AND reason IS NOT NULL AND reverses_id IS NULL) OR "
    "(kind IN ('source', 'category', 'subgrantee', 'client', 'snapshot') AND award_id IS "
    "NULL AND terms IS NOT NULL AND reverses_id IS NULL)"
)

_before = import_module("fundtrack.migrations.versions.0006_facts")
_oldest = import_module("fundtrack.migrations.versions.0005_services")

OLD_COLUMNS = _oldest.COLUMNS + ", version, terms"


def _percent(name: str) -> sa.Column:
    return sa.Column(name, sa.String(8), nullable=True)


def _subgrant_columns() -> tuple[sa.Column, ...]:
    return (
        sa.Column("purpose", sa.String(14), nullable=False, server_default="services"),
        _percent("match_percent"),
        sa.Column("waiver_reason", sa.String(200), nullable=True),
    )


#: The columns each noun table and its version table gain.
ADDED = {
    "source": lambda: (_percent("match_percent"), _percent("admin_cap_percent")),
    "award": lambda: (sa.Column("aln", sa.String(6), nullable=True),),
    "subgrantee": lambda: (sa.Column("uei", sa.String(12), nullable=True),),
    "subgrant": _subgrant_columns,
}


def upgrade() -> None:
    for noun, columns in ADDED.items():
        for table in (noun, f"{noun}_version"):
            for column in columns():
                op.add_column(table, column)
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite()
    else:
        _alter_postgresql()


def downgrade() -> None:
    raise NotImplementedError("schema 0007 is not undone: restore the backup taken before it")


def _alter_postgresql() -> None:
    op.add_column("entry", sa.Column("when_incurred", sa.Date(), nullable=True))
    swap_checks(
        (("entry_kind", KIND_CHECK), ("entry_sign", SIGN_CHECK), ("entry_shape", SHAPE_CHECK))
    )


def _rebuild_sqlite() -> None:
    definition = _oldest._swapped(
        _oldest._stored_definition(),
        {
            "entry_kind": (_before.KIND_CHECK, KIND_CHECK),
            "entry_sign": (_before.SIGN_CHECK, SIGN_CHECK),
            "entry_shape": (_before.SHAPE_CHECK, SHAPE_CHECK),
        },
    )
    definition = _before._replaced(
        definition, "\tterms TEXT,", "\tterms TEXT, \n\twhen_incurred DATE,"
    )
    rebuild_entry(definition, OLD_COLUMNS, "0007", _oldest.INDEXES, referenced=True)
