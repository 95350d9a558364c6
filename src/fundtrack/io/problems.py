"""Problems found in an imported file: one per cell that cannot be recorded.

A problem reads ``FILE:LINE: column: message``. ``ImportRefused`` carries all of them (up to
``KEEP``) and ``write_problems`` writes every failing row once, with its original values
under the file's own header and all its problems in a last column, ``problem``, to a CSV
file or a workbook: a clerk corrects the values there and imports that file again (every
import ignores the ``problem`` column; see ``fundtrack.io.table``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from fundtrack.errors import FundtrackError
from fundtrack.io.table import ANNOTATION

#: Problems kept in full; beyond this only the count grows (such a file is the wrong file).
KEEP = 100_000


@dataclass(frozen=True)
class RowProblem:
    """One value that cannot be recorded.

    Attributes:
      file: the file's name.
      line: the line of the CSV file or row of the worksheet (the header's line counts).
      column: the column whose value is wrong (``row`` when the row as a whole is).
      message: what is wrong and what to do.
      values: the row's cells as read, in the file's column order.
    """

    file: str
    line: int
    column: str
    message: str
    values: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {self.message}"


class ImportRefused(FundtrackError):
    """Some rows of a file cannot be recorded, so none of the file was."""

    def __init__(
        self, file: str, header: Sequence[str], problems: list[RowProblem], count: int
    ) -> None:
        self.file = file
        self.header = tuple(header)
        self.problems = problems
        self.count = count
        lines = len({p.line for p in problems})
        super().__init__(
            f"{count} problem{'s' if count != 1 else ''} in {file} "
            f"(on {lines} line{'s' if lines != 1 else ''}); nothing was imported — correct "
            "the lines named and import the file again"
        )


def problem(file: str, line: int, column: str, message: str, values: Sequence[str]) -> RowProblem:
    """A problem, with the column's name left off the front of ``message`` when repeated."""
    if message.startswith(column + " "):
        message = message[len(column) + 1 :]
    return RowProblem(file, line, column, message, tuple(values))


def write_problems(
    path: Path,
    header: Sequence[str],
    problems: Sequence[RowProblem],
    source: Path | None = None,
) -> None:
    """Write a refused file back, with each failing row's problems in the ``problem`` column.

    With ``source`` (the refused file) every row of it is written, in its order, so that a
    clerk corrects the failing rows and imports this file instead: nothing of the file went
    in, and rows that passed may have passed only beside rows that did not. Without it, only
    the failing rows. The columns are ``header`` (the file's own) and then ``problem``, or,
    for a file that already has a ``problem`` column (an earlier errors-out file), ``header``
    as it is with that column rewritten. The file is CSV, or a workbook when ``path`` ends
    in ``.xlsx``; it is owner-only, as it repeats the rows' client references.
    """
    existing = [i for i, name in enumerate(header) if name.strip().lower() == ANNOTATION]
    columns = list(header) if existing else [*header, ANNOTATION]
    where = existing[0] if existing else len(header)
    by_line: dict[int, list[RowProblem]] = {}
    for found in problems:
        by_line.setdefault(found.line, []).append(found)
    if source is None:
        rows: Iterable[list[str]] = (
            _annotated(by_line[line], len(header), where) for line in sorted(by_line)
        )
    else:
        rows = _every_row(source, by_line, len(header), where)
    if path.suffix.lower() == ".xlsx":
        _write_workbook(path, columns, rows)
        return
    from fundtrack.io.atomic import atomic_output
    from fundtrack.io.csv_write import write_csv

    with atomic_output(path, private=True, newline="") as out:  # it names clients
        write_csv(out, columns, rows)


def _write_workbook(path: Path, columns: Sequence[str], rows: Iterable[list[str]]) -> None:
    """The rows as one "Problems" sheet: a bold frozen header, every cell text as typed."""
    from fundtrack.clock import utc_now
    from fundtrack.io.private import open_private
    from fundtrack.io.xlsx import write_workbook
    from fundtrack.table import Column, Sheet, Table, Workbook

    header = tuple(Column(name, f"column{i}") for i, name in enumerate(columns))
    sheet = Sheet("Problems", Table("Problems", header, rows))
    with open_private(path, "wb") as out:  # rows name clients: owner only
        write_workbook(Workbook((sheet,), made_at=utc_now(), private=True), out)


def _every_row(
    source: Path, by_line: dict[int, list[RowProblem]], width: int, where: int
) -> Iterator[list[str]]:
    """The rows of ``source`` after its header, failing ones annotated, the rest as read."""
    from fundtrack.io.table import TableFile

    for line, cells in TableFile(source).body():
        found = by_line.get(line)
        if found:
            yield _annotated(found, width, where)
            continue
        row = [*cells, *[""] * (width - len(cells))]
        if where < width:
            row[where] = ""
        else:
            row.insert(where, "")
        yield row


def _annotated(found: Sequence[RowProblem], width: int, where: int) -> list[str]:
    """One row's values with ``line N: column: message | column: message`` at ``where``.

    Values beyond the header (a row whose width was refused) stay after the last column.
    """
    cells = [*found[0].values, *[""] * (width - len(found[0].values))]
    text = f"line {found[0].line}: " + " | ".join(f"{p.column}: {p.message}" for p in found)
    if where < width:
        cells[where] = text
    else:
        cells.insert(where, text)
    while len(cells) > max(width, where + 1) and not cells[-1]:
        cells.pop()
    return cells


class ProblemLog:
    """Collects the problems of one file; ``refuse`` raises them all at once."""

    def __init__(self, file: str, header: Sequence[str]) -> None:
        self.file = file
        self.header = tuple(header)
        self.problems: list[RowProblem] = []
        self.count = 0

    def add(self, line: int, column: str, message: str, values: Sequence[str]) -> None:
        self.count += 1
        if len(self.problems) < KEEP:
            self.problems.append(problem(self.file, line, column, message, values))

    def refuse(self) -> None:
        """Raise ``ImportRefused`` when any problem was found."""
        if self.count:
            raise ImportRefused(self.file, self.header, self.problems, self.count)
