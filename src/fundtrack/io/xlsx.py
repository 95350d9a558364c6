"""Drawing tables into Excel workbooks, with XlsxWriter.

One writer for every workbook fundtrack makes: it draws any ``fundtrack.table.Workbook``
(sheets of tables, their headings, filter tables, totals and charts).

- Rows stream: the workbook is written in XlsxWriter's ``constant_memory`` mode, one row at
  a time, so a register of a hundred thousand lines costs no more memory than ten. Column
  widths that fit their values and the totals' sums are gathered while the rows go by.
- Every formula carries its computed value (``Derived`` cells and the totals' ``SUM``), so
  readers that do not recalculate (pandas, openpyxl with ``data_only=True``) see the figures.
- Cells get their type from the Python value, never from the text: every ``str`` is a
  string cell holding exactly what was typed, and text a spreadsheet could take for a
  formula (``=``, ``+``, ``-``, ``@``) is also marked as text (``fundtrack.io.safe``).
- Sheet titles are made valid; headers are bold and frozen and repeat on every printed page.
- Rows a sheet highlights get a light red fill by a conditional format on their data rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import IO, Any

from xlsxwriter.utility import xl_col_to_name, xl_range
from xlsxwriter.workbook import Workbook as XlsxBook
from xlsxwriter.worksheet import Worksheet

from fundtrack.io.safe import TEXT_FORMAT, is_risky
from fundtrack.table import Column, Derived, Kind, Sheet, Table, Workbook, plain

CURRENCY = '"$"#,##0.00'
NUMBER_FORMATS = {
    Kind.MONEY: CURRENCY,
    Kind.COUNT: "#,##0",
    Kind.ID: "0",
    Kind.PERCENT: "0.0%",
    Kind.DATE: "yyyy-mm-dd",
    Kind.MOMENT: "yyyy-mm-dd hh:mm:ss",
}
TITLE_LIMIT = 31
_BAD_TITLE = re.compile(r"[\\*?:/\[\]]")
_CHART_SIZE = (680, 340)  # pixels: 18 by 9 centimetres


def safe_title(text: str) -> str:
    """A valid sheet title: no ``[]:*?/\\``, no surrounding quotes, at most 31 characters."""
    cleaned = _BAD_TITLE.sub("-", text).strip("'").strip()
    return (cleaned or "Sheet")[:TITLE_LIMIT]


def safe_name(text: str) -> str:
    """A valid Excel table name: letters, digits and underscores, starting with a letter."""
    cleaned = re.sub(r"[^A-Za-z0-9_]", "_", text)
    return cleaned if cleaned[:1].isalpha() else "T_" + cleaned


def write_workbook(book: Workbook, out: IO[bytes]) -> None:
    """Draw ``book`` into the open binary file ``out``."""
    xlsx = XlsxBook(
        out, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    xlsx.set_properties({"author": "fundtrack", "created": book.made_at})
    formats = _Formats(xlsx)
    for sheet in book.sheets:
        _SheetDrawing(xlsx, formats, sheet).draw()
    xlsx.close()


class _StreamedSheet(Worksheet):
    """A worksheet that can hold an Excel table although its rows stream.

    XlsxWriter refuses ``add_table`` in constant-memory mode because the table writes its
    header cells, and rows already written cannot change. Declared while its header row is
    still the current row, the table's cells are still open, so it is safe then. The table is
    declared over its first row and stretched to its last once the rows are drawn (their
    number is not known before: they stream from the database). XlsxWriter would otherwise
    visit every cell of the range (a million and a half for a register) to refuse
    overlapping tables, and a sheet here holds one table at most.
    """

    def add_table_at_header(self, header: int, last_col: int, **options: Any) -> None:
        sheet: Any = self
        streaming, sheet.constant_memory = sheet.constant_memory, False
        try:
            self.add_table(header, 0, header + 1, last_col, options)
        finally:
            sheet.constant_memory = streaming

    def stretch_table(self, header: int, last_row: int, last_col: int) -> None:
        """Make the table declared at ``header`` reach down to ``last_row``, the last row
        drawn (its range is written out only when the workbook closes)."""
        table = self.tables[-1]
        table["range"] = table["a_range"] = xl_range(header, 0, last_row, last_col)
        if table.get("autofilter"):
            table["autofilter"] = table["a_range"]

    def write_rendered_row(self, row: int, xml: str, last_col: int) -> None:
        """Stream one ``<row>`` element rendered by the caller, after any row still open.

        XlsxWriter spends most of a register's time on its own cell-by-cell bookkeeping; rows
        of plain cells (text, numbers, dates) are rendered by ``_SheetDrawing`` instead, in
        the same XML XlsxWriter writes, into the same stream.
        """
        sheet: Any = self
        if sheet._check_dimensions(row, last_col) or sheet._check_dimensions(row, 0):
            raise ValueError(f"row {row + 1} is out of order or beyond the sheet")
        sheet._write_single_row(row)  # the rows before this one go out first
        sheet.fh.write(xml)


class _Formats:
    """The workbook's cell formats, made once each."""

    def __init__(self, xlsx: XlsxBook) -> None:
        self._xlsx = xlsx
        self._made: dict[Any, Any] = {}

    def cell(self, kind: Kind, *, bold: bool = False, quoted: bool = False) -> Any:
        key = ("cell", kind, bold, quoted)
        if key not in self._made:
            properties: dict[str, Any] = {"valign": "top"}
            if kind in NUMBER_FORMATS:
                properties["num_format"] = NUMBER_FORMATS[kind]
            if quoted:  # what Excel records for '=..., and the Text format LibreOffice keeps
                properties.update(quote_prefix=True, num_format=TEXT_FORMAT)
            if bold:
                properties["bold"] = True
            self._made[key] = self._xlsx.add_format(properties)
        return self._made[key]

    def warning(self) -> Any:
        """The fill of highlighted rows: light red, as Excel's "light red fill" preset."""
        if "warning" not in self._made:
            self._made["warning"] = self._xlsx.add_format(
                {"bg_color": "#FFC7CE", "font_color": "#9C0006"}
            )
        return self._made["warning"]

    def line(self, style: str) -> Any:
        """``header``, ``title`` or ``subtitle``."""
        if style not in self._made:
            self._made[style] = self._xlsx.add_format(
                {
                    "header": {"bold": True, "text_wrap": True, "valign": "top"},
                    "title": {"bold": True, "font_size": 13},
                    "subtitle": {"italic": True},
                }[style]
            )
        return self._made[style]


def _kind_of(value: Any, column: Column) -> Kind:
    if isinstance(value, datetime):
        return Kind.MOMENT
    if isinstance(value, date):
        return Kind.DATE
    return column.kind


def _shown_length(value: Any) -> int:
    """About how many characters a cell shows (dates as ISO, numbers plain, formulas 0)."""
    return 0 if value is None or isinstance(value, Derived) else len(str(value))


class _SheetDrawing:
    """One sheet: heading lines, a blank row, the bold frozen header, the rows, the total."""

    def __init__(self, xlsx: XlsxBook, formats: _Formats, sheet: Sheet) -> None:
        self.ws: Any = xlsx.add_worksheet(safe_title(sheet.name), worksheet_class=_StreamedSheet)
        self.xlsx, self.formats, self.sheet = xlsx, formats, sheet
        self.table: Table = sheet.table
        self.columns = list(self.table.columns)
        self.header = len(sheet.heading) + 1 if sheet.heading else 0  # 0-based rows
        self.row = self.header + 1
        self.longest = [len(c.header) for c in self.columns]
        self.sums: dict[int, Any] = {self.table.index(k): 0 for k in self._summed()}
        self.letters = [xl_col_to_name(i) for i in range(len(self.columns))]
        #: The charted rows' figures, kept as the chart's cached data.
        self.charted: list[list[Any]] = []
        #: Each column's style ids for rendered rows: plain, and marked as text.
        self.styles = [
            (_style(formats.cell(c.kind)), _style(formats.cell(c.kind, quoted=True)))
            for c in self.columns
        ]
        #: Earlier rows' cells by key and first cell (``amount@10a``), for formulas.
        self.labelled: dict[str, str] = {}
        self.date_style = _style(formats.cell(Kind.DATE))
        self.moment_style = _style(formats.cell(Kind.MOMENT))

    def _summed(self) -> Sequence[str]:
        return self.table.total.summed if self.table.total is not None else ()

    def draw(self) -> None:
        for number, line in enumerate(self.sheet.heading):
            style = self.formats.line("title" if number == 0 else "subtitle")
            self.ws.write_string(number, 0, line, style)
        rows = iter(self.table.rows)  # read once: the rows may stream from the database
        first = next(rows, None)
        filtered = first is not None and self.sheet.filter_name is not None
        if filtered:
            self._filter_table()
        for index, column in enumerate(self.columns):
            self.ws.write_string(self.header, index, column.header, self.formats.line("header"))
        if first is not None:
            self._row(first)
        for values in rows:
            self._row(values)
        last_row = self.row - 1  # 0-based: the last data row, before the total
        if filtered:
            self.ws.stretch_table(self.header, last_row, len(self.columns) - 1)
        self._total()
        self._page_setup()
        self._chart()
        self._highlight(last_row)

    def _filter_table(self) -> None:
        """An Excel table over the header and the rows, with filter buttons; declared before
        the header is written, stretched to the last row after the rows (``_StreamedSheet``)."""
        self.ws.add_table_at_header(
            self.header,
            len(self.columns) - 1,
            name=safe_name(str(self.sheet.filter_name)),
            style="Table Style Light 9",
            columns=[{"header": column.header} for column in self.columns],
        )

    def _row(self, values: Sequence[Any], *, bold: bool = False) -> None:
        self._note(values, counted=not bold)
        if bold or any(isinstance(value, Derived) for value in values):
            self._row_by_cells(values, bold)
        else:
            self.ws.write_rendered_row(self.row, self._rendered(values), len(self.columns) - 1)
        if self.sheet.form and values and isinstance(values[0], str):
            for key, ref in self._refs(own=True).items():
                self.labelled[f"{key}@{values[0]}"] = ref
        self.row += 1

    def _note(self, values: Sequence[Any], *, counted: bool) -> None:
        """What the rows add up to: the totals' sums, fitted widths, the chart's figures."""
        chart = self.sheet.chart
        if chart is not None and counted and len(self.charted) < chart.rows:
            self.charted.append([plain(value) for value in values])
        for index, value in enumerate(values):
            if counted and index in self.sums:
                figure = plain(value)
                if isinstance(figure, int | Decimal) and not isinstance(figure, bool):
                    self.sums[index] += figure
            if self.columns[index].width is None:
                self.longest[index] = max(self.longest[index], _shown_length(value))

    def _row_by_cells(self, values: Sequence[Any], bold: bool) -> None:
        refs: dict[str, str] | None = None
        for index, (column, value) in enumerate(zip(self.columns, values, strict=False)):
            if value is None or value == "":  # nothing typed: an empty cell
                continue
            if isinstance(value, Derived):
                refs = refs or self._refs()
                formula = "=" + value.formula.format_map(refs)
                fmt = self.formats.cell(column.kind, bold=bold)
                self.ws.write_formula(self.row, index, formula, fmt, _cached(value.value))
            else:
                self._cell(index, value, _kind_of(value, column), bold)

    def _rendered(self, values: Sequence[Any]) -> str:
        """A row of plain cells as sheet XML, formatted exactly as ``_cell`` would."""
        number = str(self.row + 1)
        parts = [f'<row r="{number}">']
        for index, value in enumerate(values):
            if value is None or value == "":
                continue
            ref, styles = self.letters[index] + number, self.styles[index]
            if isinstance(value, str):
                style = styles[1] if is_risky(value) else styles[0]
                parts.append(
                    f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">'
                    f"{_escaped(value)}</t></is></c>"
                )
            elif isinstance(value, date):
                style = self.moment_style if isinstance(value, datetime) else self.date_style
                parts.append(f'<c r="{ref}" s="{style}"><v>{_serial(value):.16G}</v></c>')
            elif isinstance(value, int | Decimal) and not isinstance(value, bool):
                parts.append(f'<c r="{ref}" s="{styles[0]}"><v>{value:.16G}</v></c>')
            else:
                raise TypeError(f"no cell type for {type(value).__name__}")
        parts.append("</row>")
        return "".join(parts)

    def _refs(self, *, own: bool = False) -> dict[str, str]:
        """The current row's cells by column key (``{"amount": "F5"}``) for formulas, and
        (unless ``own``) earlier rows' by key and first cell (``{"amount@10a": "F3"}``)."""
        row = {c.key: f"{self.letters[i]}{self.row + 1}" for i, c in enumerate(self.columns)}
        return row if own else {**self.labelled, **row}

    def _cell(self, index: int, value: Any, kind: Kind, bold: bool) -> None:
        if isinstance(value, str):
            fmt = self.formats.cell(kind, bold=bold, quoted=is_risky(value))
            self.ws.write_string(self.row, index, value, fmt)
        elif isinstance(value, date):
            self.ws.write_datetime(self.row, index, value, self.formats.cell(kind, bold=bold))
        elif isinstance(value, int | Decimal) and not isinstance(value, bool):
            self.ws.write_number(self.row, index, value, self.formats.cell(kind, bold=bold))
        else:
            raise TypeError(f"no cell type for {type(value).__name__}")

    def _total(self) -> None:
        total = self.table.total
        if total is None:
            return
        first, last = self.header + 2, self.row  # 1-based: the data rows
        if last < first:  # no rows: the header cell, text, which SUM takes for nothing
            first = last = self.header + 1
        values: list[Any] = [None] * len(self.columns)
        values[0] = total.label
        for key, value in total.values.items():
            values[self.table.index(key)] = value
        for index, figure in self.sums.items():
            letter = self.letters[index]
            values[index] = Derived(f"SUM({letter}{first}:{letter}{last})", figure)
        self._row(values, bold=True)

    def _page_setup(self) -> None:
        ws = self.ws
        ws.freeze_panes(self.header + 1, 0)
        ws.repeat_rows(self.header)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        for index, column in enumerate(self.columns):
            width = column.width
            if width is None:
                width = float(min(column.max_width, max(8, self.longest[index] + 2)))
            ws.set_column(index, index, width)

    def _highlight(self, last_row: int) -> None:
        """Fill the rows the sheet asks to highlight: a conditional format over the data
        rows, so the fill follows the cell if someone edits it."""
        spec = self.sheet.highlight
        first = self.header + 1
        if spec is None or last_row < first:
            return
        letter = self.letters[self.table.index(spec.key)]
        text = spec.text.replace('"', '""')
        self.ws.conditional_format(
            first,
            0,
            last_row,
            len(self.columns) - 1,
            {
                "type": "formula",
                "criteria": f'=${letter}{first + 1}="{text}"',
                "format": self.formats.warning(),
            },
        )

    def _chart(self) -> None:
        chart_spec = self.sheet.chart
        if chart_spec is None or not chart_spec.series:
            return
        name, header = self.ws.name, self.header
        last = header + chart_spec.rows
        category = self.table.index(chart_spec.category)
        chart: Any = self.xlsx.add_chart({"type": "column"})
        for key in chart_spec.series:
            index = self.table.index(key)
            chart.add_series(
                {
                    "name": [name, header, index],
                    "categories": [name, header + 1, category, last, category],
                    "values": [name, header + 1, index, last, index],
                    # Rows already streamed to the file: the cached figures come from here.
                    "name_data": [self.columns[index].header],
                    "categories_data": [row[category] for row in self.charted],
                    "values_data": [row[index] for row in self.charted],
                }
            )
        chart.set_title({"name": chart_spec.title})
        chart.set_x_axis({"name": chart_spec.x_title})
        chart.set_y_axis({"name": chart_spec.y_title, "major_gridlines": {"visible": False}})
        chart.set_size({"width": _CHART_SIZE[0], "height": _CHART_SIZE[1]})
        self.ws.insert_chart(header, len(self.columns) + 1, chart)


_NEEDS_ESCAPE = re.compile(r"[&<>\x00-\x08\x0b-\x1f]|_x[0-9a-fA-F]{4}_")


@lru_cache(maxsize=4096)
def _escaped(text: str) -> str:
    """``text`` as XlsxWriter stores it in an inline string: control characters as
    ``_xHHHH_`` (and a literal ``_xHHHH_`` escaped in turn), XML's ``&<>`` escaped."""
    if not _NEEDS_ESCAPE.search(text):
        return text
    escaped = Worksheet._escape_control_characters(text)
    return str(escaped).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _style(cell_format: Any) -> int:
    return int(cell_format._get_xf_index())


_EPOCH = datetime(1899, 12, 30)


def _serial(value: date) -> float:
    """A date as Excel's serial number (days since 1899-12-30, time as a fraction)."""
    moment = value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
    delta = moment - _EPOCH
    return delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400


def _cached(value: Any) -> Any:
    """A formula's computed value as XlsxWriter stores it: a number, or text ("" for none)."""
    if value is None:
        return ""
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return value
    return str(value)
