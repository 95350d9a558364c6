"""Writing CSV files: plain decimals and ISO dates come in as text; user text is neutralised."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
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


def open_private(path: Path) -> IO[str]:
    """Open ``path`` for writing, readable by its owner only (mode 0600), even if it exists."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    return os.fdopen(fd, "w", encoding="utf-8", newline="")
