"""``fundtrack.io.json_write``: money as exact strings, dates ISO, one newline at the end."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from decimal import Decimal

from fundtrack.io.json_write import json_text, jsonable, write_json


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
