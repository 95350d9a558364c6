"""``ledger.append``: entries numbered without gaps, each hashed over the one before it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import text

from fundtrack.db import Database
from fundtrack.ledger.append import BulkAppender, append, fingerprint
from fundtrack.ledger.canonical import GENESIS, HASHED_FIELDS, entry_hash, stored_content
from support import Cli


def chain(session: Any) -> list[tuple[dict[str, Any], str, str]]:
    rows = session.execute(
        text(f"SELECT {', '.join(HASHED_FIELDS)}, prev_hash, hash FROM entry ORDER BY id")
    )
    return [(stored_content(row), row[-2], row[-1]) for row in rows]


def test_single_and_bulk_appends_extend_one_chain(books: Cli) -> None:
    db = Database(books.url)
    stamp = datetime(2020, 1, 15, 9, 30, 0)

    def write(session: Any) -> tuple[int, str]:
        sub = session.execute(
            text("SELECT id, award_id FROM subgrant WHERE code = 'LP-FY20'")
        ).one()
        category = session.execute(text("SELECT id FROM category WHERE code = 'rent'")).scalar()
        client = session.execute(text("SELECT id FROM client WHERE ref = 'LP-0001'")).scalar()
        row = {"kind": "disbursement", "amount_cents": 1_00, "entry_date": date(2019, 8, 1),
               "award_id": sub[1], "subgrant_id": sub[0], "category_id": category,
               "client_id": client, "recorded_at": stamp, "recorded_by": "clerk"}  # fmt: skip
        [single] = append(session, [row])
        bulk = BulkAppender(session, batch_id=None, recorded_at=stamp, by="import 100%")  # type: ignore[arg-type]
        for n in range(3):
            bulk.add(date(2019, 8, 2), 2_00 + n, sub[1], sub[0], category, client, f"V-{n}", None)
        assert bulk.close() == 3
        assert single == bulk.last_id - 3
        return fingerprint(session)

    newest = db.write(write)
    entries = db.read(chain)
    db.dispose()
    previous = GENESIS
    for number, (content, prev_hash, stored) in enumerate(entries, start=1):
        assert content["id"] == number
        assert prev_hash == previous
        assert entry_hash(prev_hash, content) == stored
        previous = stored
    assert newest == (len(entries), previous)
    assert [c["reference"] for c, _, _ in entries[-3:]] == ["V-0", "V-1", "V-2"]
