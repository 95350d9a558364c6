"""Every fact in the chain: entries carry terms by value, and terms change only by new rows.

The entry table gains ``version`` (the canonical encoding an entry was hashed with: 1 for
every entry before this revision, 2 after) and ``terms`` (the facts an entry records, as
canonical JSON); ``award_id`` may be empty (a fact about a source, category, subgrantee or
client names no award). The kind and sign constraints widen to the amendments and the facts,
and a third, ``entry_shape``, gives each kind its award, terms and reason. PostgreSQL alters
the table in place. SQLite rebuilds it from its own stored definition, as revision 0005 did:
the old table renamed aside, the new one created, every row copied with its raw stored values
(``INSERT ... SELECT``, nothing converted, so every hash still verifies), indexes and guards
made again.

A change to a source, category, subgrantee, award, subgrant or budget is a row of its
``*_version`` table, keyed by the entry that made it. Every noun table and version table is
append-only from here on, as the ledger is.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-09
"""

from importlib import import_module

import sqlalchemy as sa
from alembic import op

from fundtrack.migrations.entry_rebuild import rebuild_entry, swap_checks

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

#: Frozen here, as they were when this revision was written (a test holds them to the
#: registry's ``check_constraint``, ``sign_constraint`` and ``shape_constraint``).
KIND_CHECK = (
    "kind IN ('award', 'subgrant', 'disbursement', 'service', 'award-amendment', "
    "'subgrant-amendment', 'source', 'category', 'subgrantee', 'client', 'snapshot')"
)
SIGN_CHECK = (
    "(kind IN ('award', 'subgrant', 'disbursement') AND ((reverses_id IS NULL AND "
    "amount_cents > 0) OR (reverses_id IS NOT NULL AND amount_cents < 0))) OR (kind IN "
    "('service', 'source', 'category', 'subgrantee', 'client', 'snapshot') AND amount_cents"
    " = 0) OR (kind IN ('award-amendment', 'subgrant-amendment') AND reverses_id IS NULL)"
)
SHAPE_CHECK = (
    "(kind IN ('award', 'subgrant') AND award_id IS NOT NULL) OR (kind IN ('disbursement', "
    "'service') AND award_id IS NOT NULL AND terms IS NULL) OR (kind IN ('award-amendment',"
    " 'subgrant-amendment') AND award_id IS NOT NULL AND terms IS NOT NULL AND reason IS "
    "NOT NULL AND reverses_id IS NULL) OR (kind IN ('source', 'category', 'subgrantee', "
    "'client', 'snapshot') AND award_id IS NULL AND terms IS NOT NULL AND reverses_id IS "
    "NULL)"
)

_before = import_module("fundtrack.migrations.versions.0005_services")
_guards = import_module("fundtrack.migrations.versions.0002_append_only")

OLD_COLUMNS = _before.COLUMNS
#: The tables that were not guarded before this revision, and the version tables.
NOUNS = ("source", "category", "subgrantee", "client")
VERSION_TABLES = (
    "source_version",
    "category_version",
    "subgrantee_version",
    "award_version",
    "subgrant_version",
    "budget_version",
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite()
    else:
        _alter_postgresql()
    _create_versions()
    for table in (*NOUNS, *VERSION_TABLES):
        _guards.create_guards(table)


def downgrade() -> None:
    raise NotImplementedError("schema 0006 is not undone: restore the backup taken before it")


def _alter_postgresql() -> None:
    op.add_column("entry", sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    op.add_column("entry", sa.Column("terms", sa.Text(), nullable=True))
    op.alter_column("entry", "award_id", existing_type=sa.Integer(), nullable=True)
    swap_checks((("entry_kind", KIND_CHECK), ("entry_sign", SIGN_CHECK)))
    op.create_check_constraint("entry_shape", "entry", SHAPE_CHECK)


def _rebuild_sqlite() -> None:
    definition = _before._swapped(
        _before._stored_definition(),
        {
            "entry_kind": (_before.KIND_CHECK, KIND_CHECK),
            "entry_sign": (_before.SIGN_CHECK, SIGN_CHECK),
        },
    )
    definition = _replaced(definition, "award_id INTEGER NOT NULL,", "award_id INTEGER,")
    definition = _replaced(
        definition,
        "\thash VARCHAR(64) NOT NULL,",
        "\thash VARCHAR(64) NOT NULL, \n\tversion INTEGER DEFAULT 1 NOT NULL, \n\tterms TEXT,",
    )
    definition = _replaced(
        definition,
        "PRIMARY KEY (id),",
        f"PRIMARY KEY (id), \n\tCONSTRAINT entry_shape CHECK ({SHAPE_CHECK}),",
    )
    rebuild_entry(definition, OLD_COLUMNS, "0006", _before.INDEXES)


def _replaced(definition: str, before: str, after: str) -> str:
    if before not in definition:
        raise RuntimeError(f"the entry table's definition has no {before!r}")
    return definition.replace(before, after, 1)


def _key() -> sa.Column:
    return sa.Column(
        "entry_id", sa.Integer(), sa.ForeignKey("entry.id"), primary_key=True, autoincrement=False
    )


def _of(table: str) -> sa.Column:
    return sa.Column(f"{table}_id", sa.Integer(), sa.ForeignKey(f"{table}.id"), nullable=False)


def _period() -> tuple[sa.Column, sa.Column]:
    return (
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
    )


def _name(nullable: bool = False) -> sa.Column:
    return sa.Column("name", sa.String(200), nullable=nullable)


def _create_versions() -> None:
    tables: dict[str, tuple[str, tuple[sa.Column, ...]]] = {
        "source_version": (
            "source",
            (
                _name(),
                sa.Column("calendar", sa.String(10), nullable=False),
                sa.Column("extra_years", sa.Integer(), nullable=False),
            ),
        ),
        "category_version": ("category", (_name(), sa.Column("service_area", sa.String(60)))),
        "subgrantee_version": ("subgrantee", (_name(),)),
        "award_version": ("award", (*_period(), sa.Column("number", sa.String(80)), _name(True))),
        "subgrant_version": ("subgrant", _period()),
    }
    for table, (noun, columns) in tables.items():
        op.create_table(table, _key(), _of(noun), *columns)
        op.create_index(f"ix_{table}_{noun}_id", table, [f"{noun}_id"])
    op.create_table(
        "budget_version",
        _key(),
        _of("subgrant"),
        sa.Column("category_id", sa.Integer(), sa.ForeignKey("category.id"), primary_key=True),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
    )
    op.create_index("ix_budget_version_subgrant_id", "budget_version", ["subgrant_id"])
