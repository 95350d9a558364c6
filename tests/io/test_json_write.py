"""``fundtrack.io.json_write``: money as exact strings, dates ISO, one newline at the end."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from fundtrack.io.json_write import Streamed, json_pieces, json_text, jsonable, write_json


def test_money_dates_and_moments_become_exact_text() -> None:
    value = {
        "amount": Decimal("1234.5"),
        "day": date(2020, 6, 30),
        "made": datetime(2020, 7, 15, 9, 0, 0),
        "rows": (Decimal("0.10"), 3, None),
    }
    assert jsonable(value) == {
        "amount": "1234.50",
        "day": "2020-06-30",
        "made": "2020-07-15T09:00:00Z",
        "rows": ["0.10", 3, None],
    }


def test_the_text_is_indented_keeps_non_ascii_and_ends_with_a_newline() -> None:
    text = json_text({"name": "La Piñon", "amount": Decimal("5")})
    assert text.endswith("}\n") and "La Piñon" in text and '\n  "amount": "5.00"' in text
    out = io.StringIO()
    write_json(out, [1])
    assert json.loads(out.getvalue()) == [1]


def _streamed(value: Any) -> Any:
    """``value`` with every list in it (at the top and one level down) made ``Streamed``."""
    if isinstance(value, dict):
        return {k: _streamed(v) if isinstance(v, list) else v for k, v in value.items()}
    return Streamed(iter(value))


def test_a_streamed_list_is_written_in_the_bytes_of_the_whole_list() -> None:
    register = [{"entry": i, "amount": Decimal(i) / 4, "memo": "Piñon"} for i in range(5)]
    for items in (register, register[:1], []):
        for value in (
            {"year": "FY2020", "register": items},
            {"register": items, "after": [1, {"x": []}]},
            items,
        ):
            out = io.StringIO()
            write_json(out, _streamed(value))
            assert out.getvalue() == json_text(value)


def test_a_streamed_list_is_read_once_as_it_is_written() -> None:
    read: list[int] = []

    def lines() -> Iterator[dict[str, int]]:
        for entry in range(1, 4):
            read.append(entry)
            yield {"entry": entry}

    register = Streamed(lines())
    assert read == []  # nothing is read before the list is written
    pieces = json_pieces({"register": register})
    assert json.loads("".join(pieces)) == {"register": [{"entry": 1}, {"entry": 2}, {"entry": 3}]}
    assert read == [1, 2, 3] and list(register) == []
