"""The ``chain`` check: every entry's hash recomputed, in id order, streamed.

Each entry is compared with the one before it (its ``prev_hash`` must be that entry's
``hash``, its id the next number) and with itself (its ``hash`` must be SHA-256 over
``prev_hash`` and its canonical content). Checking against the *stored* previous hash means
one rewritten entry gives one finding naming that entry, not a finding for every later one.
The ledger head must name the newest entry and its hash.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import select

from fundtrack.models import Entry
from fundtrack.services.audit.findings import Books, Finding
from fundtrack.services.chain import GENESIS, HASHED_FIELDS, entry_hash, fingerprint

NAME = "chain"
#: Rows fetched per round trip; the check holds one batch in memory, never the ledger.
BATCH = 10_000


def check_chain(books: Books) -> list[Finding]:
    findings: list[Finding] = []
    table: Any = Entry.__table__  # type: ignore[attr-defined]
    columns = [table.c[name] for name in HASHED_FIELDS] + [table.c.prev_hash, table.c.hash]
    query = select(*columns).order_by(table.c.id).execution_options(yield_per=BATCH)
    last_id, last_hash = 0, GENESIS
    for row in books.session.execute(query):
        content = row._mapping
        entry_id = int(content["id"])
        if entry_id != last_id + 1:
            findings.append(_gap(last_id, entry_id))
        if content["prev_hash"] != last_hash:
            findings.append(
                Finding(
                    NAME,
                    f"its link to the entry before it is broken (prev_hash "
                    f"{content['prev_hash'][:12]}…, entry {last_id} has {last_hash[:12]}…); "
                    "entries were changed, removed or inserted here",
                    entry_id=entry_id,
                )
            )
        if entry_hash(content["prev_hash"], cast(dict[str, Any], content)) != content["hash"]:
            findings.append(
                Finding(
                    NAME,
                    "its content (amount, date, account, client, memo or who recorded it) "
                    "does not match its hash; it was changed after it was recorded",
                    entry_id=entry_id,
                )
            )
        last_id, last_hash = entry_id, content["hash"]
    findings.extend(_head(books, last_id, last_hash))
    return findings


def _gap(last_id: int, entry_id: int) -> Finding:
    if entry_id <= last_id:
        message = f"its id repeats or goes backwards after entry {last_id}"
    elif entry_id == last_id + 2:
        message = f"entry {last_id + 1} is missing; entries are numbered without gaps"
    else:
        message = (
            f"entries {last_id + 1}..{entry_id - 1} are missing; entries are numbered without gaps"
        )
    return Finding(NAME, message, entry_id=entry_id)


def _head(books: Books, last_id: int, last_hash: str) -> list[Finding]:
    head_id, head_hash = fingerprint(books.session)
    if (head_id, head_hash) == (last_id, last_hash):
        return []
    return [
        Finding(
            NAME,
            f"the ledger head says the newest entry is {head_id} ({head_hash[:12]}…) but it is "
            f"{last_id} ({last_hash[:12]}…); the newest entries were changed or removed",
            record="ledger head",
        )
    ]
