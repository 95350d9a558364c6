"""Writing JSON: money as strings with two decimals, dates as ISO strings."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from fundtrack.money import plain


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
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def json_text(value: Any) -> str:
    """The JSON fundtrack prints and writes: indented, non-ASCII kept, a final newline."""
    return json.dumps(jsonable(value), indent=2, ensure_ascii=False) + "\n"


def write_json(out: IO[str], value: Any) -> None:
    out.write(json_text(value))
