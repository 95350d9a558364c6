"""Writing a simple one-sheet workbook: a bold, frozen header and inert text cells."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from fundtrack.io.safe import neutralize

_BAD_TITLE = str.maketrans({c: " " for c in "[]:*?/\\"})


def write_sheet(
    path: Path, title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Write ``rows`` under ``columns`` to ``path``; text never becomes a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet: Any = book.create_sheet(title.translate(_BAD_TITLE)[:31])
    sheet.freeze_panes = "A2"
    header = []
    for name in columns:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([neutralize(v) if isinstance(v, str) else v for v in row])
    book.save(path)
