"""Writing JSON: money as strings with two decimals, dates as ISO strings.

A long list (a fiscal year's register) can be ``Streamed``: its items are made and written
one at a time, in the same bytes as the list written whole.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from itertools import chain
from typing import IO, Any

from fundtrack.money import plain

#: How many pieces of JSON text are joined before each write.
_PIECES = 4096


class Streamed(list[Any]):
    """A JSON array whose items are read from ``items`` while it is written, never held.

    It is read once. To the standard library's encoder (the one used with an indent, which
    asks a list only whether it is empty and then iterates it) it is a list; written by
    ``json_pieces``, it gives exactly the bytes of the same items in a list.
    """

    def __init__(self, items: Iterable[Any]) -> None:
        super().__init__()
        self._items: Iterator[Any] = iter(items)
        self._first: list[Any] | None = None

    def __bool__(self) -> bool:
        if self._first is None:
            self._first = [item for item in (next(self._items, _NONE),) if item is not _NONE]
        return bool(self._first)

    def __len__(self) -> int:  # the encoder's emptiness test; the length is not known
        return int(bool(self))

    def __iter__(self) -> Iterator[Any]:
        bool(self)
        first, self._first = self._first or [], []
        return chain(first, self._items)


_NONE = object()


def jsonable(value: Any) -> Any:
    """``value`` with money as ``"1234.50"``, moments as ``2020-07-15T09:00:00Z``, dates ISO."""
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, Streamed):
        return Streamed(jsonable(v) for v in value)
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def json_pieces(value: Any) -> Iterator[str]:
    """The JSON fundtrack prints and writes, in pieces: indented, non-ASCII kept, a final
    newline."""
    pieces = json.JSONEncoder(indent=2, ensure_ascii=False).iterencode(jsonable(value))
    batch: list[str] = []
    for piece in pieces:
        batch.append(piece)
        if len(batch) == _PIECES:
            yield "".join(batch)
            batch.clear()
    batch.append("\n")
    yield "".join(batch)


def json_text(value: Any) -> str:
    """The JSON fundtrack prints and writes, whole (see ``json_pieces``)."""
    return "".join(json_pieces(value))


def write_json(out: IO[str], value: Any) -> None:
    for piece in json_pieces(value):
        out.write(piece)
