"""Writing CSV files: plain decimals and ISO dates come in as text; user text is neutralised."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import IO, Any

from fundtrack.io.safe import neutralize


def write_csv(out: IO[str], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write a header and rows; text cells go through ``neutralize``. Returns the row count."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow(
            ["" if v is None else neutralize(v) if isinstance(v, str) else v for v in row]
        )
        count += 1
    return count
