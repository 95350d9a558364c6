"""Writing CSV files: plain decimals and ISO dates come in as text; user text is neutralised."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import IO, Any

from fundtrack.io.safe import neutralize
from fundtrack.table import Table, plain


def write_csv(out: IO[str], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write a header and rows; text cells go through ``neutralize``. Returns the row count."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([_text(v) for v in row])
        count += 1
    return count


def write_table_csv(out: IO[str], table: Table) -> int:
    """``table`` as CSV: its headers, then its rows' figures (formulas as their values).

    Totals are left out: a CSV file is for sorting and pivoting, and a total would be a row
    like the others there.
    """
    return write_csv(
        out,
        [column.header for column in table.columns],
        ([plain(value) for value in row] for row in table.rows),
    )


def _text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralize(value)
    return value
