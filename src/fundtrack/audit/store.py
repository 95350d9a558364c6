"""The ``schema``, ``clients`` and ``permissions`` checks: how the books are kept and shared."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

from sqlalchemy import text

from fundtrack.audit.findings import Books, Finding
from fundtrack.db.schema import HEAD, current_revision
from fundtrack.identifiers import client_ref_problem, contains_ssn, looks_like_personal_data
from fundtrack.models import DISBURSEMENT

#: Tables whose rows the database itself refuses to change (migrations 0002 and 0006).
APPEND_ONLY_TABLES = (
    "entry",
    "subgrant_budget",
    "award",
    "subgrant",
    "source",
    "category",
    "subgrantee",
    "client",
    "source_version",
    "category_version",
    "subgrantee_version",
    "award_version",
    "subgrant_version",
    "budget_version",
)


def schema_revision_finding(books: Books) -> Finding | None:
    """A finding when the database is not at this program's schema, else None."""
    revision = current_revision(books.session.connection())
    if revision == HEAD:
        return None
    if revision is None:
        message = "this is not a fundtrack database yet; run `fundtrack init`"
    else:
        message = (
            f"the schema is at revision {revision}, this fundtrack writes {HEAD}; "
            "run `fundtrack init` to upgrade it (or upgrade fundtrack if it is newer)"
        )
    return Finding("schema", message)


def _guards(books: Books) -> dict[str, bool]:
    """The append-only triggers that exist, and whether each is enabled."""
    if books.dialect == "sqlite":
        rows = books.session.execute(
            text("SELECT name, 1 FROM sqlite_master WHERE type = 'trigger'")
        ).all()
    else:
        rows = books.session.execute(
            text("SELECT tgname, tgenabled <> 'D' FROM pg_trigger WHERE NOT tgisinternal")
        ).all()
    return {str(name): bool(enabled) for name, enabled in rows}


def expected_guards(dialect: str) -> list[str]:
    suffixes = ("no_update", "no_delete") if dialect == "sqlite" else ("append_only", "no_truncate")
    return [f"{table}_{suffix}" for table in APPEND_ONLY_TABLES for suffix in suffixes]


def check_schema(books: Books) -> list[Finding]:
    revision = schema_revision_finding(books)
    if revision is not None:
        return [revision]
    present = _guards(books)
    findings = []
    for name in expected_guards(books.dialect):
        table = name.rsplit("_", 2)[0] if books.dialect == "sqlite" else name.split("_")[0]
        if name not in present:
            problem = "is missing"
        elif not present[name]:
            problem = "is disabled"
        else:
            continue
        findings.append(
            Finding(
                "schema",
                f"the trigger {name} that keeps {table} rows append-only {problem}, so the "
                "books could be rewritten unseen; run `fundtrack init` after restoring it, and "
                "run `fundtrack check chain` to see whether anything was changed",
                record=f"table {table}",
            )
        )
    return findings


def check_clients(books: Books) -> list[Finding]:
    findings = []
    for client_id, ref in books.session.execute(text("SELECT id, ref FROM client ORDER BY ref")):
        problem = _ref_problem(str(ref))
        if problem:
            findings.append(Finding("clients", problem, record=f"client #{client_id}"))
    orphans = books.session.execute(
        text("SELECT id FROM entry WHERE kind = :kind AND client_id IS NULL ORDER BY id"),
        {"kind": DISBURSEMENT},
    )
    for (entry_id,) in orphans:
        findings.append(
            Finding("clients", "this disbursement names no client", entry_id=int(entry_id))
        )
    for entry_id, *texts in books.session.execute(_ssn_candidates(books.dialect)):
        if not any(value and contains_ssn(value) for value in texts):
            continue
        findings.append(
            Finding(
                "clients",
                "its reference, memo or reason contains what looks like a Social Security "
                "number; personal data must not be in the books (see docs/privacy.md)",
                entry_id=int(entry_id),
            )
        )
    return findings


#: Rows fetched per round trip when reading references, memos and reasons.
BATCH = 10_000
_SSN_SHAPE = "[0-9]{3}[- ]?[0-9]{2}[- ]?[0-9]{4}"


def _ssn_candidates(dialect: str) -> Any:
    """Entries whose free text may hold an SSN; ``contains_ssn`` decides.

    PostgreSQL narrows them down with its regular expressions; SQLite has none built in, so
    every entry with text is streamed (one pass, a batch at a time).
    """
    columns = ("reference", "memo", "reason")
    if dialect == "postgresql":
        where = " OR ".join(f"{c} ~ '{_SSN_SHAPE}'" for c in columns)
    else:
        where = " OR ".join(f"{c} IS NOT NULL" for c in columns)
    sql = f"SELECT id, reference, memo, reason FROM entry WHERE {where} ORDER BY id"
    return text(sql).execution_options(yield_per=BATCH)


def _ref_problem(ref: str) -> str | None:
    """Why a stored client reference is not an opaque code, or None.

    The rules are ``client add``'s own (``identifiers.client_ref_problem``), so a reference
    recorded before a rule was added is listed here. The message never repeats the
    reference: it may be personal data.
    """
    why = client_ref_problem(ref)
    if why:
        return (
            f"its reference {why}; `client add` refuses such references now, so record the "
            "client's next disbursements under a new opaque one (see docs/privacy.md)"
        )
    if ref.strip().upper() != ref:
        return "its reference is not stored in upper case as fundtrack writes it"
    if looks_like_personal_data(ref):
        return (
            "its reference contains what looks like a date or an SSN; references must be "
            "opaque codes never derived from personal data"
        )
    return None


def check_permissions(books: Books) -> list[Finding]:
    path = books.sqlite_path
    if path is None:
        return [
            Finding(
                "permissions",
                "not applicable on PostgreSQL: the server's roles and pg_hba.conf decide who "
                "can read the books",
                note=True,
            )
        ]
    findings = []
    for target in (path.parent, path, *_companions(path)):
        mode = stat.S_IMODE(target.stat().st_mode)
        if mode & 0o077:
            kind = "folder" if target.is_dir() else "file"
            private = "0700" if target.is_dir() else "0600"
            findings.append(
                Finding(
                    "permissions",
                    f"the {kind} is mode {mode:04o}, open to other users of this computer; "
                    f"run: chmod {private} '{target}'",
                    record=str(target),
                )
            )
    return findings


def _companions(path: Path) -> list[Path]:
    """The WAL and shared-memory files SQLite keeps next to the database, when present."""
    return [p for p in (Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()]
