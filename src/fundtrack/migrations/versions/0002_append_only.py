"""Make the database itself refuse to rewrite the books.

UPDATE and DELETE on ledger entries, budgets, awards and subgrants abort (and TRUNCATE on
PostgreSQL). Corrections are reversals written by ``fundtrack void``. ``APPEND_ONLY_TABLES``
and ``create_guards`` are used again by any later migration that rebuilds one of these tables.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

APPEND_ONLY_TABLES = ("entry", "subgrant_budget", "award", "subgrant")
MESSAGE = "fundtrack: {table} rows are append-only; correct mistakes with fundtrack void"


def create_guards(table: str) -> None:
    """Create the triggers that refuse UPDATE and DELETE on ``table``."""
    message = MESSAGE.format(table=table)
    if op.get_bind().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            )
        return
    op.execute(
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION fundtrack_refuse_change()"
    )
    op.execute(
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION fundtrack_refuse_change()"
    )


def drop_guards(table: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        return
    op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute(
            """
            CREATE OR REPLACE FUNCTION fundtrack_refuse_change() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION
                    'fundtrack: % rows are append-only; correct mistakes with fundtrack void',
                    TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
            END;
            $$ LANGUAGE plpgsql
            """
        )
    for table in APPEND_ONLY_TABLES:
        create_guards(table)


def downgrade() -> None:
    for table in APPEND_ONLY_TABLES:
        drop_guards(table)
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP FUNCTION IF EXISTS fundtrack_refuse_change()")
