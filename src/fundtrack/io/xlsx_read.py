"""Reading the first worksheet of an Excel workbook lazily (openpyxl's read-only mode).

Cells become text the way a clerk typed them: whole numbers without ``.0``, other numbers in
their shortest exact form (``1234.56``), dates in ISO form. Money is then read from that
text by ``fundtrack.money``, never through float arithmetic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from fundtrack.errors import InvalidInput
from fundtrack.io.safe import restore


def cell_text(value: Any) -> str:
    """The text of one cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return restore(str(value).strip())


def worksheet_rows(
    path: Path, progress: Callable[[int, int], None]
) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells as text) for each row of the first sheet; ``#`` comments skipped."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError) as error:
        raise InvalidInput(
            f"{path.name} cannot be read as an Excel workbook ({error}); save it again as "
            ".xlsx — nothing was imported"
        ) from None
    try:
        sheet: Any = book.worksheets[0]
        total = sheet.max_row or 0
        sheet.reset_dimensions()  # some writers record wrong dimensions; read every cell
        in_header = True
        for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            cells = [cell_text(value) for value in values]
            if in_header and cells and cells[0].startswith("#"):
                continue
            if any(cells):
                in_header = False
            yield number, cells
            if number % 1024 == 0:
                progress(number, max(total, number))
        progress(total, total)
    finally:
        book.close()
