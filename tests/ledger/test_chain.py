"""The bulk importer's fast canonical text is byte for byte what ``canonical`` writes."""

from __future__ import annotations

from datetime import date, datetime
from hashlib import sha256

from hypothesis import given, settings
from hypothesis import strategies as st

from fundtrack.ledger.chain import (
    canonical,
    disbursement_template,
    disbursement_text,
    entry_hash,
)

ids = st.integers(min_value=1, max_value=2**53)
text = st.one_of(st.none(), st.text(max_size=40))


@settings(max_examples=300, deadline=None)
@given(
    entry_id=ids,
    day=st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
    cents=st.integers(min_value=1, max_value=99_999_999_999_999),
    award_id=ids,
    subgrant_id=ids,
    category_id=ids,
    client_id=ids,
    batch_id=ids,
    reference=text,
    memo=text,
    by=st.text(min_size=1, max_size=20),
    stamp=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 1, 1)),
)
def test_an_imported_disbursement_hashes_as_any_entry_does(
    entry_id: int,
    day: date,
    cents: int,
    award_id: int,
    subgrant_id: int,
    category_id: int,
    client_id: int,
    batch_id: int,
    reference: str | None,
    memo: str | None,
    by: str,
    stamp: datetime,
) -> None:
    stamp = stamp.replace(microsecond=0)
    row = {
        "id": entry_id,
        "kind": "disbursement",
        "amount_cents": cents,
        "entry_date": day,
        "award_id": award_id,
        "subgrant_id": subgrant_id,
        "category_id": category_id,
        "client_id": client_id,
        "reverses_id": None,
        "reason": None,
        "reference": reference,
        "memo": memo,
        "batch_id": batch_id,
        "recorded_at": stamp,
        "recorded_by": by,
    }
    fast = disbursement_text(
        disbursement_template(batch_id, stamp, by),
        entry_id,
        day.isoformat(),
        cents,
        award_id,
        subgrant_id,
        category_id,
        client_id,
        reference,
        memo,
    )
    assert fast == canonical(row)
    assert entry_hash("ab" * 32, row) == sha256(("ab" * 32 + fast).encode()).hexdigest()


def test_text_that_looks_like_a_format_or_json_stays_text() -> None:
    stamp = datetime(2020, 7, 15, 9, 0, 0)
    row = {
        "id": 7,
        "kind": "disbursement",
        "amount_cents": 1050,
        "entry_date": date(2020, 1, 15),
        "award_id": 1,
        "subgrant_id": 2,
        "category_id": 3,
        "client_id": 4,
        "reference": '%s "quoted" \\ é',
        "memo": "100% of rent\u2028",
        "batch_id": 9,
        "recorded_at": stamp,
        "recorded_by": "clerk%d",
    }
    fast = disbursement_text(
        disbursement_template(9, stamp, "clerk%d"),
        7,
        "2020-01-15",
        1050,
        1,
        2,
        3,
        4,
        row["reference"],
        row["memo"],
    )
    assert fast == canonical(row)
    assert '"memo":"100% of rent\u2028"' in fast
