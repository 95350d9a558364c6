"""What a check reports: findings (problems in the books) and notes (not applicable here)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session


@dataclass(frozen=True)
class Finding:
    """One problem a check found in the books.

    Attributes:
      check: the name of the check that found it (``chain``, ``balances``, ...).
      message: what is wrong, in the users' words.
      entry_id: the ledger entry it concerns, when it concerns one.
      record: otherwise the record or file it concerns (``subgrant LP-FY20``, a path).
      note: True for a remark that is not a problem (a check that does not apply here).
    """

    check: str
    message: str
    entry_id: int | None = None
    record: str | None = None
    note: bool = False

    @property
    def concerns(self) -> str:
        """``entry 57``, ``subgrant LP-FY20``, ``subgrant LP-FY20, entry 57`` or empty."""
        entry = f"entry {self.entry_id}" if self.entry_id is not None else None
        return ", ".join(part for part in (self.record, entry) if part)

    def line(self) -> str:
        """The finding as one line: ``chain: entry 57: ...``."""
        where = f"{self.concerns}: " if self.concerns else ""
        return f"{self.check}: {where}{self.message}"


@dataclass(frozen=True)
class Books:
    """What a check looks at: an open read session and, for SQLite, the database file.

    Attributes:
      held: a fingerprint (entry id, hash) an auditor kept from an earlier report; the
        ``chain`` check confirms that entry still has that hash.
    """

    session: Session
    sqlite_path: Path | None = None
    held: tuple[int, str] | None = None

    @property
    def dialect(self) -> str:
        return self.session.get_bind().dialect.name


@dataclass(frozen=True)
class Check:
    """A named check: a plain function from the books to a list of findings."""

    name: str
    summary: str
    run: Callable[[Books], list[Finding]]
