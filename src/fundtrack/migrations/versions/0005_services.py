"""The entry table takes services: zero-amount entries that count a client as served.

The kind and sign constraints widen to the ``service`` kind, whose amount (and its reversal's)
is zero. PostgreSQL alters the two constraints in place. SQLite cannot alter a constraint, so
the table is rebuilt from its own stored definition with the two constraints swapped: the old
table is renamed aside, the new one created, every row copied with its raw stored values
(``INSERT ... SELECT``, nothing converted, so every hash still verifies), the old table
dropped; its indexes and append-only triggers are created again.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from alembic import op

from fundtrack.migrations.entry_rebuild import rebuild_entry, swap_checks

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


def upgrade() -> None:
    _change(
        {"entry_kind": (OLD_KIND_CHECK, KIND_CHECK), "entry_sign": (OLD_SIGN_CHECK, SIGN_CHECK)}
    )


def downgrade() -> None:
    _change(
        {"entry_kind": (KIND_CHECK, OLD_KIND_CHECK), "entry_sign": (SIGN_CHECK, OLD_SIGN_CHECK)}
    )


def _change(checks: dict[str, tuple[str, str]]) -> None:
    """Swap each named constraint's text from the first of its pair to the second."""
    if op.get_bind().dialect.name != "sqlite":
        swap_checks((name, check) for name, (_, check) in checks.items())
        return
    rebuild_entry(_swapped(_stored_definition(), checks), COLUMNS, "0005", INDEXES)


def _stored_definition() -> str:
    found = op.get_bind().exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'entry'"
    )
    return str(found.scalar_one())


def _swapped(definition: str, checks: dict[str, tuple[str, str]]) -> str:
    """The table's CREATE statement with each named CHECK constraint's text replaced."""
    for name, (before, after) in checks.items():
        old, new = f"CONSTRAINT {name} CHECK ({before})", f"CONSTRAINT {name} CHECK ({after})"
        if old not in definition:
            raise RuntimeError(f"the entry table's {name} constraint is not {before!r}")
        definition = definition.replace(old, new)
    return definition
