"""Closed years and closed awards: the entry kinds ``close``, ``reopen`` and ``award-close``.

A fiscal year's close and its reopen are facts with a reason (no award, no amount, the year
by value in their terms, never voided); an award's close records its unspent remainder
(zero or more; its reversal zero or less) with a reason. Only the entry table's CHECK
constraints change: PostgreSQL alters them in place; SQLite rebuilds the table from its own
stored definition, as revisions 0005 to 0007 did, copying every row's raw stored values so
every hash still verifies.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from importlib import import_module

from alembic import op

from fundtrack.migrations.entry_rebuild import rebuild_entry, swap_checks

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

#: Frozen here, as they were when this revision was written (a test holds them to the
#: registry's ``check_constraint``, ``sign_constraint`` and ``shape_constraint``).
KIND_CHECK = (
    "kind IN ('award', 'subgrant', 'disbursement', 'service', 'award-amendment', "
    "'subgrant-amendment', 'source', 'category', 'subgrantee', 'client', 'snapshot', "
    "'match-cash', 'match-in-kind', 'drawdown', 'close', 'reopen', 'award-close')"
)
SIGN_CHECK = (
    "(kind IN ('award', 'subgrant', 'disbursement', 'match-cash', 'match-in-kind', "
    "'drawdown') AND ((reverses_id IS NULL AND amount_cents > 0) OR (reverses_id IS NOT "
    "NULL AND amount_cents < 0))) OR (kind IN ('service', 'source', 'category', "
    "'subgrantee', 'client', 'snapshot', 'close', 'reopen') AND amount_cents = 0) OR "
    "(kind IN ('award-amendment', 'subgrant-amendment') AND reverses_id IS NULL) OR (kind"
    " IN ('award-close') AND ((reverses_id IS NULL AND amount_cents >= 0) OR (reverses_id"
    " IS NOT NULL AND amount_cents <= 0)))"
)
SHAPE_CHECK = (
    "(kind IN ('award', 'subgrant') AND award_id IS NOT NULL) OR (kind IN "
    "('disbursement', 'service', 'match-cash', 'match-in-kind', 'drawdown') AND award_id "
    "IS NOT NULL AND terms IS NULL) OR (kind IN ('award-amendment', 'subgrant-amendment')"
    " AND award_id IS NOT NULL AND terms IS NOT NULL AND reason IS NOT NULL AND "
    "reverses_id IS NULL) OR (kind IN ('source', 'category', 'subgrantee', 'client', "
    "'snapshot') AND award_id IS NULL AND terms IS NOT NULL AND reverses_id IS NULL) OR "
    "(kind IN ('close', 'reopen') AND award_id IS NULL AND terms IS NOT NULL AND reason "
    "IS NOT NULL AND reverses_id IS NULL) OR (kind IN ('award-close') AND award_id IS NOT"
    " NULL AND terms IS NULL AND reason IS NOT NULL)"
)

_before = import_module("fundtrack.migrations.versions.0007_federal")
_oldest = import_module("fundtrack.migrations.versions.0005_services")

COLUMNS = _before.OLD_COLUMNS + ", when_incurred"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite()
    else:
        _alter_postgresql()


def downgrade() -> None:
    raise NotImplementedError("schema 0008 is not undone: restore the backup taken before it")


def _alter_postgresql() -> None:
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
    rebuild_entry(definition, COLUMNS, "0008", _oldest.INDEXES, referenced=True)
