"""Writing a simple one-sheet workbook: a bold, frozen header and inert text cells.

Text is kept exactly as given, typed as a string cell, so ``-10`` or ``=SUM(A1)`` reads back
as that text and never runs as a formula.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from fundtrack.io.safe import set_text

_BAD_TITLE = str.maketrans({c: " " for c in "[]:*?/\\"})


def write_sheet(
    path: Path, title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Write ``rows`` under ``columns`` to ``path``, owner-only; text as typed, never a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet: Any = book.create_sheet(title.translate(_BAD_TITLE)[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in columns:
        cell = WriteOnlyCell(sheet)
        set_text(cell, name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)

    def text(value: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet)
        set_text(cell, value)
        return cell

    for row in rows:
        sheet.append([text(v) if isinstance(v, str) else v for v in row])
    from fundtrack.io.atomic import atomic_output

    with atomic_output(path, "wb", private=True) as out:  # rows name clients: owner only
        book.save(out)
