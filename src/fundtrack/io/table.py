"""Reading a table of records, row by row, from a CSV file or an Excel workbook.

Rows are read lazily, so a file of a million lines never sits in memory. Every row comes
with the line number a clerk sees: the line of a CSV file (a record that spans lines is
named by its first line) or the row of the worksheet, counting the header and any comment
lines above it. Lines starting with ``#`` before the header are comments (source notes).

Every cell is returned as stripped text with ``fundtrack.io.safe.neutralize`` undone, so a
CSV file fundtrack exported reads back exactly as it was recorded. (Workbooks fundtrack
writes now hold text as typed; the apostrophe is still taken off text that a workbook of an
earlier version, or a spreadsheet saved as text, holds as ``'=...``.)

A column named ``problem`` (``ANNOTATION``) is fundtrack's own: ``--errors-out`` writes each
failing row's problems there (``fundtrack.io.problems``). Every file may have it once; its
cells are blanked as they are read, so a corrected errors-out file imports like any other.
"""

from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from fundtrack.errors import InvalidInput
from fundtrack.io.safe import restore

EXTENSIONS = (".csv", ".xlsx")
#: The column fundtrack annotates rows with; accepted in every file and never read.
ANNOTATION = "problem"


@dataclass(frozen=True)
class Columns:
    """Which position of a row holds which column.

    Attributes:
      header: the header cells as written in the file.
      positions: column name -> index in the row, for the columns present.
      header_line: the line (or worksheet row) of the header.
      annotation: the index of the ``problem`` column, if the file has one.
    """

    header: tuple[str, ...]
    positions: dict[str, int]
    header_line: int
    annotation: int | None = None


class TableFile:
    """An open CSV file or workbook: its header, then its rows, read once each time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        suffix = path.suffix.lower()
        if suffix not in EXTENSIONS:
            raise InvalidInput(
                f"{path.name} is neither a .csv file nor an .xlsx workbook; save it as one"
            )
        if not path.is_file():
            raise InvalidInput(f"there is no file {path}; check the name and folder")
        self.is_xlsx = suffix == ".xlsx"
        #: How far reading has got: (done, total) in bytes for CSV, in rows for workbooks.
        self.done, self.total = 0, 0

    def rows(self) -> Generator[tuple[int, list[str]], None, None]:
        """(line number, cells as text) for every line, header included, comments skipped."""
        if self.is_xlsx:
            from fundtrack.io.xlsx_read import worksheet_rows

            yield from worksheet_rows(self.path, self._progress)
            return
        with self.path.open("rb") as raw:
            yield from _csv_rows(raw, self.path.name, self._progress)

    def records(self, required: Sequence[str], optional: Sequence[str]) -> Records:
        """The header checked against the columns of a kind, and the data rows after it."""
        rows = self.rows()
        for line, cells in rows:
            if any(cells):
                columns = check_header(self.path.name, line, cells, required, optional)
                return Records(columns, rows)
        raise InvalidInput(
            f"{self.path.name} has no header line; its first line must name the columns "
            f"({', '.join([*required, *optional])})"
        )

    def body(self) -> Iterator[tuple[int, list[str]]]:
        """The non-blank rows after the header, as read and unchecked (to list a refused file)."""
        rows = self.rows()
        for _line, cells in rows:
            if any(cells):
                break
        for line, cells in rows:
            if any(cells):
                yield line, cells

    def _progress(self, done: int, total: int) -> None:
        self.done, self.total = done, total


@dataclass
class Records:
    """The checked header and an iterator over the non-blank data rows after it."""

    columns: Columns
    _rows: Iterator[tuple[int, list[str]]]

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        annotation = self.columns.annotation
        for line, cells in self._rows:
            if annotation is not None and annotation < len(cells):
                cells[annotation] = ""
            if any(cells):
                yield line, cells

    def close(self) -> None:
        close = getattr(self._rows, "close", None)
        if close is not None:
            close()


def check_header(
    file: str, line: int, cells: Sequence[str], required: Sequence[str], optional: Sequence[str]
) -> Columns:
    """Map header names (any case, any order) to positions; refuse unknown or missing ones.

    The ``problem`` column is allowed once, in any place, and left out of ``positions``.
    """
    known = [*required, *optional]
    positions: dict[str, int] = {}
    annotation: int | None = None
    last = max(i for i, cell in enumerate(cells) if cell)
    for index, cell in enumerate(cells[: last + 1]):
        name = cell.strip().lower()
        if not name:
            raise InvalidInput(
                f"{file}:{line}: column {index + 1} has no name; name it ({', '.join(known)}) "
                "or delete it — nothing was imported"
            )
        if name == ANNOTATION and annotation is None:
            annotation = index
            continue
        if name not in known and name != ANNOTATION:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"did you mean {close[0]}? " if close else ""
            raise InvalidInput(
                f"{file}:{line}: unknown column {cell.strip()!r}; {hint}the columns are "
                f"{', '.join(known)} — nothing was imported"
            )
        if name in positions or name == ANNOTATION:
            raise InvalidInput(
                f"{file}:{line}: column {name} appears twice; keep one — nothing was imported"
            )
        positions[name] = index
    missing = [name for name in required if name not in positions]
    if missing:
        raise InvalidInput(
            f"{file}:{line}: missing column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}; the file needs {', '.join(required)} "
            f"(optional: {', '.join(optional) or 'none'}) — nothing was imported"
        )
    return Columns(tuple(cells[: last + 1]), positions, line, annotation)


def _csv_rows(raw: BinaryIO, name: str, progress: Any) -> Iterator[tuple[int, list[str]]]:
    total = raw.seek(0, io.SEEK_END)
    raw.seek(0)
    text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
    skipped = 0
    first = ""
    try:
        for first in text:
            if first.strip() and not first.lstrip().startswith("#"):
                break
            skipped += 1
        else:
            return
        reader = csv.reader(_prepend(first, text))
        previous = 0
        for count, cells in enumerate(reader):
            yield (
                skipped + previous + 1,
                [restore(c) if c.startswith("'") else c for c in map(str.strip, cells)],
            )
            previous = reader.line_num
            if count % 1024 == 0:
                progress(raw.tell(), total)
    except UnicodeDecodeError:
        raise InvalidInput(
            f"{name} is not UTF-8 text; save it from your spreadsheet as 'CSV UTF-8' "
            "and import it again — nothing was imported"
        ) from None
    except csv.Error as error:
        raise InvalidInput(
            f"{name}: {error}; check its quotes and save it again as CSV — nothing was imported"
        ) from None
    progress(total, total)


def _prepend(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest
