"""What every fundtrack workbook shares: cell formats, safe cells, sheet layout, saving.

Workbooks are written in openpyxl's write-only mode, which streams rows to the file and so
handles registers of hundreds of thousands of rows; sheet settings (column widths, frozen
panes, print setup) are therefore made before the first row is written. A column without a
fixed width is sized to fit its longest value (up to its ``max_width``), so a sheet with
such columns holds its rows back until the workbook is saved; the big register has fixed
widths and streams.

Cells get their type from the Python value, never from the text: ``Decimal`` and ``int`` are
numbers, ``date`` a date, ``Formula`` a formula, and every ``str`` is stored exactly as typed
in a string cell (``fundtrack.io.safe.set_text``), with the ``quotePrefix`` style when it
looks like a formula, so a subgrantee named ``=HYPERLINK(...)`` or a memo starting with ``+``
shows as typed and stays inert text.
"""

from __future__ import annotations

import io
import os
import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook.child import INVALID_TITLE_REGEX
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.table import Table, TableStyleInfo

from fundtrack.errors import InvalidInput
from fundtrack.io.atomic import atomic_output
from fundtrack.io.safe import is_risky, mark_as_text, set_text

CURRENCY = '"$"#,##0.00'
COUNT = "#,##0"
PERCENT = "0.0%"
DAY = "yyyy-mm-dd"
MOMENT = "yyyy-mm-dd hh:mm:ss"
TITLE_LIMIT = 31
FIT_LIMIT = 60
PUBLIC_FILE = 0o644

#: Column kinds: how a column's cells are formatted.
TEXT, MONEY, NUMBER, PERCENTAGE, DATE, DATETIME, ID = (
    "text",
    "money",
    "number",
    "percent",
    "date",
    "datetime",
    "id",
)
_FORMATS = {
    ID: "0",
    MONEY: CURRENCY,
    NUMBER: COUNT,
    PERCENTAGE: PERCENT,
    DATE: DAY,
    DATETIME: MOMENT,
}
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=13)
_TOP = Alignment(vertical="top")
_BULK = "_fundtrack_bulk_rows"
_FITTED = "_fundtrack_fitted_sheets"


class Formula(str):
    """A formula this program wrote (``=F4-I4``); the only text that becomes a formula."""


@dataclass(frozen=True)
class Column:
    """A column of a sheet.

    Attributes:
      header: the header cell's text.
      kind: how its cells are formatted (``TEXT``, ``MONEY``, ...).
      width: a fixed width in characters; without one the column is sized to fit its
        header and values, at most ``max_width``.
    """

    header: str
    kind: str = TEXT
    width: float | None = None
    max_width: float = FIT_LIMIT


def safe_title(text: str) -> str:
    """A valid sheet title: no ``[]:*?/\\``, no surrounding quotes, at most 31 characters."""
    cleaned = INVALID_TITLE_REGEX.sub("-", text).strip("'").strip()
    return (cleaned or "Sheet")[:TITLE_LIMIT]


def safe_name(text: str) -> str:
    """A valid Excel table name: letters, digits and underscores, starting with a letter."""
    cleaned = re.sub(r"[^A-Za-z0-9_]", "_", text)
    return cleaned if cleaned[:1].isalpha() else "T_" + cleaned


def col(index: int) -> str:
    """Column letter for a 1-based index."""
    return get_column_letter(index)


def new_workbook() -> Workbook:
    return Workbook(write_only=True)


class Sheet:
    """A write-only worksheet laid out as: title lines, a blank row, a bold frozen header, rows.

    ``row`` is the number of the next row to be written, so formulas can name their cells.
    """

    def __init__(
        self,
        workbook: Workbook,
        title: str,
        columns: Sequence[Column],
        *,
        heading: Sequence[str] = (),
        table: str | None = None,
    ) -> None:
        self.ws: WriteOnlyWorksheet = workbook.create_sheet(safe_title(title))
        self.columns = list(columns)
        self.heading = list(heading)
        self.table = table
        self._spliced: list[str] | None = None
        self.header_row = len(heading) + 2 if heading else 1
        self.first_data_row = self.header_row + 1
        self._cells = [self._prototype(c.kind) for c in self.columns]
        self._quoted = [self._prototype(c.kind, quoted=True) for c in self.columns]
        self.row = self.first_data_row
        #: Rows held back until the columns that fit their values can be sized.
        self._held: list[tuple[Sequence[Any], bool]] | None = None
        if any(column.width is None for column in self.columns):
            self._held = []
            workbook.__dict__.setdefault(_FITTED, []).append(self)
        else:
            self._start([column.width or 0 for column in self.columns])

    def _start(self, widths: Sequence[float]) -> None:
        """The sheet settings, then the title lines, a blank row and the header."""
        self._setup(widths)
        for number, line in enumerate(self.heading, 1):
            self._write_title(line, main=number == 1)
        if self.heading:
            self.ws.append([])
        header = []
        for column in self.columns:
            cell = WriteOnlyCell(self.ws)
            set_text(cell, column.header)
            cell.font = _BOLD
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            header.append(cell)
        self.ws.append(header)

    def fit(self) -> None:
        """Size the columns to their values and write the rows held back (on saving)."""
        held, self._held = self._held or [], None
        self._start([_fitted_width(i, c, held) for i, c in enumerate(self.columns)])
        for values, bold in held:
            self.ws.append(self._row_cells(values, bold))

    def _setup(self, widths: Sequence[float]) -> None:
        ws = self.ws
        ws.freeze_panes = f"A{self.header_row + 1}"
        for index, width in enumerate(widths, 1):
            ws.column_dimensions[col(index)].width = width
        ws.print_title_rows = f"{self.header_row}:{self.header_row}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True

    def _prototype(self, kind: str, *, quoted: bool = False) -> WriteOnlyCell:
        # Every prototype carries a style, so openpyxl's writer never reuses it for a plain value.
        cell = WriteOnlyCell(self.ws)
        cell.alignment = _TOP
        if kind in _FORMATS:
            cell.number_format = _FORMATS[kind]
        if quoted:
            mark_as_text(cell)
        return cell

    def _write_title(self, line: str, *, main: bool) -> None:
        cell = WriteOnlyCell(self.ws)
        set_text(cell, line)
        cell.font = _TITLE if main else Font(italic=True)
        self.ws.append([cell])

    def append(self, values: Sequence[Any], *, bold: bool = False) -> int:
        """Write one row; returns its row number."""
        number = self.row
        if self._held is not None:
            self._held.append((values, bold))
            self.row += 1
            return number
        cells = self._row_cells(values, bold)
        if self._spliced is not None:
            styles = [c.style_id if c is not None else 0 for c in cells]
            self._splice([values], styles, styles)
        else:
            self.ws.append(cells)
            self.row += 1
        return number

    def _row_cells(self, values: Sequence[Any], bold: bool) -> list[Any]:
        cells: list[Any] = []
        for index, value in enumerate(values):
            if value is None:
                cells.append(None)
                continue
            kind = _kind_of(value, self.columns[index].kind)
            reuse = not bold and kind == self.columns[index].kind
            quoted = isinstance(value, str) and not isinstance(value, Formula) and is_risky(value)
            prototypes = self._quoted if quoted else self._cells
            cell = prototypes[index] if reuse else self._prototype(kind, quoted=quoted)
            _set_value(cell, value)
            if bold:
                cell.font = _BOLD
            cells.append(cell)
        return cells

    def extend(self, rows: Iterable[Sequence[Any]]) -> None:
        for values in rows:
            self.append(values)

    def bulk(self, rows: Sequence[Sequence[Any]]) -> None:
        """Many plain rows (numbers, dates, text), rendered fast by ``workbook_bulk``.

        The rows are added to the file when it is saved; rows appended afterwards follow
        them the same way. Every column of a bulk sheet has a fixed width.
        """
        if self._held is not None:
            raise ValueError("a sheet with bulk rows needs a fixed width for every column")
        plain = [cell.style_id for cell in self._cells]
        self._splice(rows, plain, [cell.style_id for cell in self._quoted])

    def _splice(
        self, rows: Sequence[Sequence[Any]], styles: Sequence[int], quoted: Sequence[int]
    ) -> None:
        from fundtrack.io.workbook_bulk import render_rows

        if self._spliced is None:
            self._spliced = []
            self.ws.parent.__dict__.setdefault(_BULK, {})[id(self.ws)] = self._spliced
        self._spliced.append(render_rows(rows, self.row, styles, quoted))
        self.row += len(rows)

    @property
    def last_data_row(self) -> int:
        return self.row - 1

    def span(self, index: int) -> str:
        """``F4:F20``: the data cells of column ``index`` (1-based) written so far."""
        letter = col(index)
        return (
            f"{letter}{self.first_data_row}:{letter}{max(self.last_data_row, self.first_data_row)}"
        )

    def total_row(
        self, label: str, summed: Sequence[int], others: dict[int, Any] | None = None
    ) -> int:
        """A bold ``label`` row under the table with ``=SUM`` over the ``summed`` columns.

        ``others`` puts plain values in other columns (1-based), e.g. an unduplicated count.
        """
        values: list[Any] = [None] * len(self.columns)
        values[0] = label
        for index, value in (others or {}).items():
            values[index - 1] = value
        for index in summed:
            values[index - 1] = Formula(f"=SUM({self.span(index)})")
        self.finish_table()
        return self.append(values, bold=True)

    def finish_table(self) -> None:
        """Make the rows written so far an Excel table with filter buttons (once)."""
        if self.table is None or self.last_data_row < self.first_data_row:
            self.table = None
            return
        ref = f"A{self.header_row}:{col(len(self.columns))}{self.last_data_row}"
        table = Table(displayName=safe_name(self.table), ref=ref)
        table._initialise_columns()  # write-only mode cannot read the header cells back
        for table_column, column in zip(table.tableColumns, self.columns, strict=True):
            table_column.name = column.header
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
        with warnings.catch_warnings():  # the columns were named above
            warnings.simplefilter("ignore", UserWarning)
            self.ws.add_table(table)
        self.table = None


def _fitted_width(index: int, column: Column, rows: Sequence[tuple[Sequence[Any], bool]]) -> float:
    """``column``'s fixed width, or the width that shows its header and longest value."""
    if column.width is not None:
        return column.width
    shown = (_shown_length(values[index]) for values, _ in rows if index < len(values))
    longest = max([len(column.header), *shown])
    return float(min(column.max_width, max(8, longest + 2)))


def _shown_length(value: Any) -> int:
    """About how many characters a cell shows for ``value`` (dates as ISO, numbers plain)."""
    return 0 if value is None or isinstance(value, Formula) else len(str(value))


def _kind_of(value: Any, column_kind: str) -> str:
    if isinstance(value, datetime):
        return DATETIME
    if isinstance(value, date):
        return DATE
    return column_kind


def _set_value(cell: Any, value: Any) -> None:
    if isinstance(value, Formula):
        cell.value = str(value)
        cell.data_type = "f"
    elif isinstance(value, str):
        set_text(cell, value)
    elif isinstance(value, Decimal | int | date | datetime):
        cell.value = value
    else:
        raise TypeError(f"no cell type for {type(value).__name__}")


def key_values(workbook: Workbook, title: str, pairs: Sequence[tuple[str, Any]]) -> Sheet:
    """A two-column sheet of labels and values (About, Definitions)."""
    sheet = Sheet(workbook, title, [Column("Item"), Column("Value", max_width=90)])
    for key, value in pairs:
        sheet.append([key, value])
    return sheet


def check_output(path: str | Path) -> Path:
    """Refuse an output name that is not ``.xlsx`` or a folder that cannot be written."""
    target = Path(path).expanduser()
    if target.suffix.lower() != ".xlsx":
        raise InvalidInput(
            f"cannot write {target}: fundtrack writes Excel workbooks only; name the file "
            "FILE.xlsx (use --json for scripts)"
        )
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InvalidInput(
            f"cannot write {target}: folder {folder} does not exist; create it first"
        )
    if not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise InvalidInput(
            f"cannot write {target}: permission denied; choose a file in a folder you can write"
        )
    return target


def save(workbook: Workbook, path: str | Path, *, made_at: datetime, private: bool) -> Path:
    """Save atomically: a temporary file in the same folder, renamed into place.

    ``private`` workbooks (they list client references) are owner-only, 0600; the others are
    0644. The workbook's "created" property is the report's time.
    """
    target = check_output(path)
    workbook.properties.created = made_at
    workbook.properties.creator = "fundtrack"
    try:
        with atomic_output(target, "wb", private=private) as out:
            out.write(_saved(workbook))
    except OSError as error:
        raise InvalidInput(
            f"cannot write {target}: {error.strerror or error}; choose a file you can write"
        ) from None
    return target


def _saved(workbook: Workbook) -> bytes:
    """The workbook as bytes, with any bulk rows spliced into their worksheets."""
    from fundtrack.io.workbook_bulk import splice

    for sheet in workbook.__dict__.pop(_FITTED, []):
        sheet.fit()
    pending: dict[int, list[str]] = workbook.__dict__.get(_BULK, {})
    parts = {
        f"xl/worksheets/sheet{index}.xml": "".join(pending[id(ws)])
        for index, ws in enumerate(workbook.worksheets, 1)
        if id(ws) in pending
    }
    buffer = io.BytesIO()
    workbook.save(buffer)
    return splice(buffer.getvalue(), parts)
