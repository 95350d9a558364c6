"""Integrity checks: plain functions that return lists of findings, registered by name.

``fundtrack check`` runs them all (or the ones named) inside one read transaction, so every
check sees the same books even while clerks keep recording. A check never fixes anything and
never raises for a problem in the data: problems are values (``Finding``).

=============  ============================================================================
``chain``      every entry's hash recomputed in id order; ids without gaps; head = newest
``balances``   no award over-allocated, no subgrant or category budget overspent, at any date
``periods``    entries inside their subgrant's (or award's) period; subgrants inside awards
``voids``      every reversal matches the entry it voids, exactly once
``closed``     nothing recorded in a closed fiscal year, or on a closed award, while closed
``clients``    client references are opaque codes; no SSN-shaped text in memos
``schema``     the latest migration, with the append-only triggers in place and enabled
``permissions``  SQLite file, its folder and WAL files private to their owner
``integrity``  SQLite's own check of every page of the file (a note on PostgreSQL)
=============  ============================================================================

A damaged file is reported alone: the other checks would stop at the first damaged page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session

from fundtrack.audit.books import check_balances, check_periods, check_voids
from fundtrack.audit.chain import check_chain
from fundtrack.audit.closed import check_closed
from fundtrack.audit.findings import Books, Check, Finding
from fundtrack.audit.integrity import check_integrity
from fundtrack.audit.store import (
    check_clients,
    check_permissions,
    check_schema,
    schema_revision_finding,
)
from fundtrack.errors import InvalidInput
from fundtrack.ledger.append import fingerprint

__all__ = [
    "CHECKS",
    "Books",
    "Check",
    "Finding",
    "Outcome",
    "check_names",
    "parse_fingerprint",
    "run_checks",
]

_FINGERPRINT = re.compile(
    r"^(?:fingerprint:\s*)?(?:entry\s+)?(\d{1,12})\s*[:\s]\s*([0-9a-fA-F]{64})$", re.IGNORECASE
)

CHECKS: list[Check] = [
    Check("schema", "at the latest migration, append-only triggers in place", check_schema),
    Check("chain", "every entry's hash recomputed; ids without gaps; head is newest", check_chain),
    Check("balances", "nothing over-allocated or overspent at any date", check_balances),
    Check("periods", "entries and subgrants inside their periods of performance", check_periods),
    Check("voids", "every reversal matches the entry it voids, exactly once", check_voids),
    Check("closed", "nothing recorded in a closed year or on a closed award", check_closed),
    Check("clients", "client references are opaque codes; no SSNs in memos", check_clients),
    Check("permissions", "SQLite file and folder private to their owner", check_permissions),
    Check("integrity", "every page of the file as the database wrote it", check_integrity),
]


def check_names() -> list[str]:
    return [check.name for check in CHECKS]


def select_checks(names: Sequence[str]) -> list[Check]:
    """The checks named (all of them when none is), in registry order."""
    wanted = {name.strip().lower() for name in names}
    unknown = sorted(wanted - set(check_names()))
    if unknown:
        raise InvalidInput(
            f"no check named {', '.join(unknown)}; the checks are: {', '.join(check_names())}"
        )
    return [check for check in CHECKS if not wanted or check.name in wanted]


@dataclass(frozen=True)
class Outcome:
    """What a run of checks found, and the fingerprint of the books it looked at."""

    checks: list[str]
    entry_id: int
    hash: str
    findings: list[Finding] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.findings


def parse_fingerprint(text: str) -> tuple[int, str]:
    """Read a fingerprint as ``fundtrack check`` prints it: ``1042:3f5a…`` or
    ``entry 1042 3f5a…`` (the whole 64-character hash)."""
    match = _FINGERPRINT.match(text.strip())
    if match is None:
        raise InvalidInput(
            f"fingerprint {text.strip()[:80]!r} is not ENTRY:HASH; copy it from `fundtrack "
            "check` or a report's About sheet, e.g. 1042:<64 hex digits>"
        )
    return int(match.group(1)), match.group(2).lower()


def run_checks(
    session: Session,
    names: Sequence[str] = (),
    *,
    sqlite_path: Path | None = None,
    held: tuple[int, str] | None = None,
) -> Outcome:
    """Run the named checks (all when none is named) against one snapshot of the books.

    ``held`` is a fingerprint from an earlier report; ``chain`` confirms it still holds.

    When the file is damaged, or the database is not at this program's schema, only that is
    reported: the other checks would stop at a damaged page or read tables that may not be
    there.
    """
    chosen = select_checks(names)
    if held is not None and "chain" not in {check.name for check in chosen}:
        raise InvalidInput(
            "--fingerprint is confirmed by the chain check; add chain to the checks you name"
        )
    books = Books(session, sqlite_path, held)
    named = [check.name for check in chosen]
    integrity = check_integrity(books) if "integrity" in named else []
    if any(not finding.note for finding in integrity):
        return Outcome(named, 0, "", integrity)
    outdated = schema_revision_finding(books)
    if outdated is not None:
        return Outcome(named, 0, "", [outdated])
    results = integrity + [
        finding for check in chosen if check.name != "integrity" for finding in check.run(books)
    ]
    entry_id, newest = fingerprint(session)
    return Outcome(
        named,
        entry_id,
        newest,
        [f for f in results if not f.note],
        [f for f in results if f.note],
    )
