"""The canonical content of an entry: the one encoding the hash chain is computed over.

Every entry's ``hash`` is SHA-256 over the previous entry's hash and this text: JSON with
keys in ``FIELDS`` order (sorted) and no spaces, amounts in integer cents, dates in ISO form,
``recorded_at`` in UTC to the second (``2020-01-15T14:03:07Z``), text as written (no ASCII
escaping).

The encoding carries a version. Version 1 is every entry recorded before schema 0006; its
bytes must never change, or no earlier fingerprint verifies again. Version 2 adds ``terms``
(the facts an entry records, by value: itself canonical JSON text, hashed as a string) and
``version`` (the number 2), then ``when_incurred`` (the date a cost paid in the liquidation
period was incurred; it follows ``version`` because it was added to version 2 before any
release wrote it). Each entry keeps the version it was hashed with (its ``version``
column), and the chain check hashes each with its own.

Appending one entry, appending a bulk import's million and re-checking the chain all write
``canonical``'s bytes: ``Template`` is its fast path for many entries of one shape,
``stored_hash`` for entries read back from the database; the tests hold both to the same
bytes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

#: The version of the encoding new entries are hashed with.
VERSION = 2
#: The hash an empty ledger starts from.
GENESIS = "0" * 64

#: The hashed fields of each version, in the order they are written (sorted, but for
#: version 2's last field).
FIELDS: dict[int, tuple[str, ...]] = {
    1: (
        "amount_cents",
        "award_id",
        "batch_id",
        "category_id",
        "client_id",
        "entry_date",
        "id",
        "kind",
        "memo",
        "reason",
        "recorded_at",
        "recorded_by",
        "reference",
        "reverses_id",
        "subgrant_id",
    )
}
FIELDS[2] = (*sorted((*FIELDS[1], "terms", "version")), "when_incurred")
HASHED_FIELDS = FIELDS[VERSION]

_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_TEXT = json.encoder.encode_basestring  # what the encoder writes for a str
_PLAIN = frozenset({int, str, type(None)})
# Where the two dates are, the same in every version (the fields added later sort after).
_DATE = HASHED_FIELDS.index("entry_date")
_STAMP = HASHED_FIELDS.index("recorded_at")
assert all(
    f.index("entry_date") == _DATE and f.index("recorded_at") == _STAMP for f in FIELDS.values()
)
_VERSION = HASHED_FIELDS.index("version")
_last_stamp: list[Any] = [None, ""]


def stamp_text(value: datetime) -> str:
    """``recorded_at`` as hashed; the last one is remembered (a batch shares one)."""
    if value is not _last_stamp[0]:
        _last_stamp[:] = [value, value.strftime("%Y-%m-%dT%H:%M:%SZ")]
    return str(_last_stamp[1])


def literal(value: Any) -> str:
    """One value as it appears in the canonical JSON."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        raise TypeError("booleans are not entry content")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return '"' + stamp_text(value) + '"'
    if isinstance(value, date):
        return '"' + value.isoformat() + '"'
    return str(_TEXT(str(value)))


def canonical(row: Mapping[str, Any], version: int = VERSION) -> str:
    """The entry's content as canonical JSON; what its hash is computed over."""
    fields = FIELDS[version]
    values = [row.get(name) for name in fields]
    if version > 1:
        values[_VERSION] = version
    day, stamp = values[_DATE], values[_STAMP]
    if type(day) is date:
        values[_DATE] = day.isoformat()
    if type(stamp) is datetime:
        values[_STAMP] = stamp_text(stamp)
    if _PLAIN.issuperset(map(type, values)):
        # Only ints, strings and nulls: the C encoder writes exactly what the loop below
        # writes, several times faster.
        return str(_ENCODE(dict(zip(fields, values, strict=True))))
    return (
        "{"
        + ",".join(f'"{name}":{literal(v)}' for name, v in zip(fields, values, strict=True))
        + "}"
    )


def entry_hash(prev_hash: str, row: Mapping[str, Any], version: int = VERSION) -> str:
    return hashlib.sha256((prev_hash + canonical(row, version)).encode()).hexdigest()


def stored_content(raw: Sequence[Any], version: int = VERSION) -> dict[str, Any]:
    """An entry's hashed fields as read raw from the database (in ``FIELDS`` order).

    SQLite hands back dates as text and ``recorded_at`` as ``2020-01-15 14:03:07.000000``;
    PostgreSQL hands back date and datetime objects. Both become the hashed text.
    """
    fields = FIELDS[version]
    values = list(raw[: len(fields)])
    day, stamp = values[_DATE], values[_STAMP]
    values[_DATE] = day if isinstance(day, str) else day.isoformat()
    if isinstance(stamp, str):
        values[_STAMP] = _stamp_from_text(stamp)
    else:
        values[_STAMP] = stamp_text(stamp)
    return dict(zip(fields, values, strict=True))


def _stamp_from_text(stamp: str) -> str:
    """``recorded_at`` as SQLite stores it (``2020-01-15 14:03:07.000000``), as hashed."""
    return f"{stamp[:10]}T{stamp[11:19]}Z"


def stored_hash(prev_hash: str, raw: Sequence[Any], version: int = VERSION) -> str:
    """``entry_hash`` of an entry read raw from the database: the chain check's fast path.

    Writes what ``canonical`` writes for ``stored_content(raw)``, a value at a time into a
    template of the version's keys: text as the JSON encoder writes a string, ints as
    digits, nulls as ``null``, and anything else (a date or time on PostgreSQL) as
    ``literal`` writes it. Per entry that is a few microseconds, where building a dict for
    the encoder took several times that; ``tests/ledger/test_canonical.py`` holds the two
    paths to the same bytes.
    """
    template = _STORED[version]
    cells = [
        _TEXT(v) if type(v) is str else v if type(v) is int else "null" if v is None else literal(v)
        for v in raw[: template.count]
    ]
    stamp = raw[_STAMP]
    if type(stamp) is str:
        cells[_STAMP] = _stored_stamp(stamp)
    return hashlib.sha256((prev_hash + template.text % (*cells,)).encode()).hexdigest()


@dataclass(frozen=True)
class _Keys:
    """A version's canonical text with ``%s`` for each value, and how many values it takes."""

    text: str
    count: int


_STORED = {
    version: _Keys("{" + ",".join(f'"{name}":%s' for name in fields) + "}", len(fields))
    for version, fields in FIELDS.items()
}
_last_stored_stamp: list[Any] = [None, ""]


def _stored_stamp(stamp: str) -> str:
    """``recorded_at`` as SQLite stores it, as hashed (JSON text); an import's entries share
    one, so the last is remembered."""
    if stamp != _last_stored_stamp[0]:
        _last_stored_stamp[:] = [stamp, _TEXT(_stamp_from_text(stamp))]
    return str(_last_stored_stamp[1])


class Template:
    """``canonical`` for many entries that share some values: the fast path of a bulk append.

    The shared values are encoded once; each entry fills the slots of the others
    (``fill``), in ``FIELDS`` order: dates as ISO text, text fields as text or ``None``,
    every other slot an int. The result is byte for byte what ``canonical`` writes for the
    same entry (``tests/ledger/test_canonical.py`` holds the two equal).
    """

    def __init__(self, shared: Mapping[str, Any], version: int = VERSION) -> None:
        parts = []
        self.slots: list[str] = []
        if version > 1:
            shared = {**shared, "version": version}
        for name in FIELDS[version]:
            if name in shared:
                value = literal(shared[name]).replace("%", "%%")
            elif name in _DATES:
                value = '"%s"'
            else:
                value = "%s" if name in TEXT_FIELDS else "%d"
            if name not in shared:
                self.slots.append(name)
            parts.append(f'"{name}":{value}')
        self.text = "{" + ",".join(parts) + "}"
        self.texts = [i for i, name in enumerate(self.slots) if name in TEXT_FIELDS]

    def fill(self, values: Sequence[Any]) -> str:
        """The canonical text of the entry whose varying values are ``values``."""
        cells = list(values)
        for i in self.texts:
            value = cells[i]
            cells[i] = "null" if value is None else _TEXT(value)
        return self.text % (*cells,)


#: Fields that hold text (the rest hold ints, or the two dates).
TEXT_FIELDS = frozenset({"kind", "memo", "reason", "recorded_by", "reference", "terms"})
_DATES = frozenset({"entry_date", "recorded_at"})
