"""The canonical encoding: the bytes every hash is computed over, and its fast path.

Version 1's and version 2's bytes are pinned: every fingerprint ever issued depends on them.
"""

from __future__ import annotations

from datetime import date, datetime
from hashlib import sha256

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fundtrack.ledger.append import batch_template
from fundtrack.ledger.canonical import (
    GENESIS,
    HASHED_FIELDS,
    VERSION,
    canonical,
    entry_hash,
    stored_content,
    stored_hash,
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
    row["version"] = VERSION
    fast = batch_template(batch_id, stamp, by).fill(
        (
            cents,
            award_id,
            category_id,
            client_id,
            day.isoformat(),
            entry_id,
            memo,
            reference,
            subgrant_id,
        )
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
    fast = batch_template(9, stamp, "clerk%d").fill(
        (1050, 1, 3, 4, "2020-01-15", 7, row["memo"], row["reference"], 2)
    )
    assert fast == canonical(row)
    assert '"memo":"100% of rent\u2028"' in fast


def test_version_1_bytes_and_hashes_never_change() -> None:
    entry = {
        "id": 7,
        "kind": "disbursement",
        "amount_cents": 1050,
        "entry_date": date(2020, 1, 15),
        "award_id": 1,
        "subgrant_id": 2,
        "category_id": 3,
        "client_id": 4,
        "reference": "chk 1001 é",
        "memo": None,
        "batch_id": None,
        "recorded_at": datetime(2020, 7, 15, 9, 0, 0),
        "recorded_by": "clerk",
    }
    assert canonical(entry, 1) == (
        '{"amount_cents":1050,"award_id":1,"batch_id":null,"category_id":3,"client_id":4,'
        '"entry_date":"2020-01-15","id":7,"kind":"disbursement","memo":null,"reason":null,'
        '"recorded_at":"2020-07-15T09:00:00Z","recorded_by":"clerk","reference":"chk 1001 é",'
        '"reverses_id":null,"subgrant_id":2}'
    )
    assert entry_hash(GENESIS, entry, 1) == (
        "d8fb7b8d7680049dda7860ef41aae9e8be95ab8f6e540ed23b269ceb20025680"
    )
    reversal = {
        **entry,
        "id": 8,
        "amount_cents": -1050,
        "reverses_id": 7,
        "reason": "keyed twice",
        "reference": None,
        "recorded_at": datetime(2020, 7, 16, 9, 0, 0),
    }
    assert entry_hash("ab" * 32, reversal, 1) == (
        "434d8f8aec1ad0fca5952c3309e4671aeb0a9c87cbbb166a3e5353540b013f0a"
    )


def test_version_2_adds_terms_and_its_own_number_and_its_bytes_never_change() -> None:
    fact = {
        "id": 12,
        "kind": "category",
        "amount_cents": 0,
        "entry_date": date(2020, 1, 15),
        "terms": '{"category":[{"code":"rent","id":2,"name":"Rent é","service_area":"emergency"}]}',
        "recorded_at": datetime(2020, 7, 15, 9, 0, 0),
        "recorded_by": "clerk",
    }
    assert VERSION == 2
    assert canonical(fact) == (
        '{"amount_cents":0,"award_id":null,"batch_id":null,"category_id":null,"client_id":null,'
        '"entry_date":"2020-01-15","id":12,"kind":"category","memo":null,"reason":null,'
        '"recorded_at":"2020-07-15T09:00:00Z","recorded_by":"clerk","reference":null,'
        '"reverses_id":null,"subgrant_id":null,"terms":"{\\"category\\":[{\\"code\\":'
        '\\"rent\\",\\"id\\":2,\\"name\\":\\"Rent é\\",\\"service_area\\":'
        '\\"emergency\\"}]}","version":2,"when_incurred":null}'
    )
    assert entry_hash(GENESIS, fact) == (
        "6bade9d4236fcef34a14e175ebf1678cce3f12f1664ccf826ad7512c03436638"
    )
    # The same content hashed as version 1 leaves the terms out: the version is part of it.
    assert entry_hash(GENESIS, fact, 1) != entry_hash(GENESIS, fact)
    assert '"terms"' not in canonical(fact, 1)


@pytest.mark.parametrize("version", [1, 2])
def test_an_entry_read_back_from_either_database_hashes_as_it_was_written(version: int) -> None:
    written = {
        "id": 7,
        "kind": "award",
        "amount_cents": 100,
        "entry_date": date(2020, 1, 15),
        "award_id": 1,
        "recorded_at": datetime(2020, 7, 15, 9, 0, 0),
        "recorded_by": "clerk",
        "version": version,
    }
    sqlite_row = [written.get(name) for name in HASHED_FIELDS]
    sqlite_row[HASHED_FIELDS.index("entry_date")] = "2020-01-15"
    sqlite_row[HASHED_FIELDS.index("recorded_at")] = "2020-07-15 09:00:00.000000"
    postgres_row = [written.get(name) for name in HASHED_FIELDS]
    for raw in (sqlite_row, postgres_row):
        content = stored_content(raw, version)
        assert canonical(content, version) == canonical(written, version)
        assert stored_hash("ab" * 32, raw, version) == entry_hash("ab" * 32, written, version)


def test_the_fast_path_writes_version_1_bytes_too() -> None:
    from fundtrack.ledger.canonical import Template

    stamp = datetime(2020, 7, 15, 9, 0, 0)
    shared = {"batch_id": 9, "kind": "disbursement", "reason": None, "reverses_id": None}
    row = {
        **shared,
        "id": 7,
        "amount_cents": 1050,
        "entry_date": date(2020, 1, 15),
        "award_id": 1,
        "subgrant_id": 2,
        "category_id": 3,
        "client_id": 4,
        "reference": None,
        "memo": "m",
        "recorded_at": stamp,
        "recorded_by": "clerk",
    }
    fast = Template({**shared, "recorded_at": stamp, "recorded_by": "clerk"}, 1).fill(
        (1050, 1, 3, 4, "2020-01-15", 7, "m", None, 2)
    )
    assert fast == canonical(row, 1)


def test_version_2_hashes_the_date_a_cost_paid_late_was_incurred() -> None:
    paid = {
        "id": 30,
        "kind": "disbursement",
        "amount_cents": 12_345,
        "entry_date": date(2020, 11, 15),
        "when_incurred": date(2020, 9, 28),
        "award_id": 1,
        "subgrant_id": 2,
        "category_id": 3,
        "client_id": 4,
        "recorded_at": datetime(2020, 11, 16, 9, 0, 0),
        "recorded_by": "clerk",
    }
    assert canonical(paid).endswith('"version":2,"when_incurred":"2020-09-28"}')
    assert entry_hash(GENESIS, paid) != entry_hash(GENESIS, {**paid, "when_incurred": None})
    assert '"when_incurred"' not in canonical(paid, 1)
    stored = [paid.get(name) for name in HASHED_FIELDS]
    stored[HASHED_FIELDS.index("version")] = 2
    for row in (stored, [v.isoformat() if type(v) is date else v for v in stored]):
        row[HASHED_FIELDS.index("recorded_at")] = "2020-11-16 09:00:00.000000"
        assert stored_hash(GENESIS, row, 2) == entry_hash(GENESIS, paid)


stored_values = st.one_of(
    st.none(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.text(max_size=30),
    st.floats(allow_nan=False),
    st.dates(),
)


@settings(max_examples=300, deadline=None)
@given(
    values=st.lists(stored_values, min_size=len(HASHED_FIELDS), max_size=len(HASHED_FIELDS)),
    stamp=st.one_of(
        st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 1, 1)),
        st.builds(
            lambda moment: moment.strftime("%Y-%m-%d %H:%M:%S.%f"),
            st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 1, 1)),
        ),
        st.text(max_size=30),
    ),
    day=st.one_of(st.dates(), st.text(max_size=12)),
    version=st.sampled_from([1, 2]),
)
def test_a_stored_row_hashes_as_its_content_does_whatever_it_holds(
    values: list[object], stamp: object, day: object, version: int
) -> None:
    """The chain check's fast path writes ``canonical``'s bytes for any row the database can
    return, a changed one included: nulls anywhere, any text, floats and dates where ints
    or text belong."""
    raw = [*values, "ab" * 32, "cd" * 32]
    raw[HASHED_FIELDS.index("recorded_at")] = stamp
    raw[HASHED_FIELDS.index("entry_date")] = day
    raw[HASHED_FIELDS.index("version")] = version
    expected = sha256(
        ("ef" * 32 + canonical(stored_content(raw, version), version)).encode()
    ).hexdigest()
    assert stored_hash("ef" * 32, raw, version) == expected
