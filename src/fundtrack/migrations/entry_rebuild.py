"""The entry table rebuilt on SQLite, as revisions 0005 to 0008 do it: frozen history.

SQLite changes neither a CHECK constraint nor a column in place, so a revision that changes
them renames the table aside, creates it again from its stored definition with the change
made, copies every row's raw stored values (``INSERT ... SELECT``, nothing converted, so
every hash still verifies) and makes its indexes and append-only guards again. Like the
revisions that use it, this module is never changed: a later revision that rebuilds the
table another way writes its own steps.
"""

from collections.abc import Iterable, Sequence
from importlib import import_module

from alembic import op

_guards = import_module("fundtrack.migrations.versions.0002_append_only")


def rebuild_entry(
    definition: str,
    columns: str,
    revision: str,
    indexes: Iterable[tuple[str, Sequence[str]]],
    *,
    referenced: bool = False,
) -> None:
    """Replace the entry table by ``definition``, copying ``columns`` of every row from the
    old one, renamed ``entry_before_<revision>`` and then dropped.

    ``referenced``: other tables (the version tables, from revision 0006 on) refer to
    ``entry``. With foreign keys off (``fundtrack init`` runs migrations so), the legacy
    rename leaves those references naming ``entry``, which is the rebuilt table once this is
    done; ``foreign_key_check`` proves it."""
    aside = f"entry_before_{revision}"
    _guards.drop_guards("entry")
    if referenced:
        op.execute("PRAGMA legacy_alter_table = ON")
    op.rename_table("entry", aside)
    if referenced:
        op.execute("PRAGMA legacy_alter_table = OFF")
    op.execute(definition)
    op.execute(f"INSERT INTO entry ({columns}) SELECT {columns} FROM {aside} ORDER BY id")
    op.drop_table(aside)
    for name, indexed in indexes:
        op.create_index(name, "entry", list(indexed))
    op.create_index("ix_entry_reverses", "entry", ["reverses_id"], unique=True)
    _guards.create_guards("entry")
    if referenced:
        broken = op.get_bind().exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"the rebuilt entry table breaks foreign keys: {broken[:3]}")


def swap_checks(checks: Iterable[tuple[str, str]]) -> None:
    """On PostgreSQL, which alters the table in place: each named CHECK constraint of the
    entry table dropped and created again with its new text."""
    for name, check in checks:
        op.drop_constraint(name, "entry", type_="check")
        op.create_check_constraint(name, "entry", check)
