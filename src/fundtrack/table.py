"""The small table every report fills and every writer draws (terminal, CSV, JSON, xlsx).

A report computes its figures once and offers them as ``Table`` values: a title, columns that
say what their cells hold (money, a count, a date, ...), rows, and optionally a totals line.
Writers know nothing of awards or clients: they draw whatever table they are given, formatted
by the columns' kinds. Rows are any iterable, so a register of a hundred thousand lines can
stream from the report to the file.

A workbook may say more than its tables: a sheet's heading lines, an Excel table with filter
buttons, a chart, formulas an auditor can trace (``Derived``: a formula over cells of the
same row, and the figure it comes to). That is ``Sheet`` and ``Workbook``, plain data too.
Dates people keep in their own calendar are an ``Agenda`` of ``Event`` values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    """What a column's cells hold, and so how every writer formats them."""

    TEXT = "text"
    MONEY = "money"  #: ``Decimal`` dollars, shown ``$1,234.56``
    COUNT = "count"  #: a whole number shown with thousands separators
    ID = "id"  #: a whole number shown as is: entry ids, fiscal years
    DATE = "date"
    MOMENT = "moment"  #: a date and time (naive UTC)
    PERCENT = "percent"  #: a fraction (0.25), shown ``25.0%``


#: Kinds whose figures line up on the right.
NUMERIC = frozenset({Kind.MONEY, Kind.COUNT, Kind.ID, Kind.PERCENT})


@dataclass(frozen=True)
class Column:
    """One column of a table.

    Attributes:
      header: what a person reads above the column.
      key: the field name in JSON and CSV-minded tools (``remaining``).
      kind: what the cells hold.
      width: a fixed width in characters for workbooks; without one the column fits its
        header and longest value, at most ``max_width``.
      leave_out: on a terminal too narrow for the whole table, columns with a rank are left
        out, lowest rank first, before text wraps; without one the column always shows.
    """

    header: str
    key: str
    kind: Kind = Kind.TEXT
    width: float | None = None
    max_width: float = 60
    leave_out: int | None = None


@dataclass(frozen=True)
class Derived:
    """A cell that follows from others in its row: a formula and the figure it comes to.

    ``formula`` names the row's cells by column key in braces, ``{amount}-{allocated}``,
    and a cell of an earlier row by key and that row's first cell, ``{amount@10a}`` (a form
    laid out a line per row); a workbook writes the formula with ``value`` as its computed
    result, every other writer the value alone.
    """

    formula: str
    value: Any


@dataclass(frozen=True)
class Total:
    """A bold line under a table: ``label`` first, the ``summed`` columns added up (a SUM
    formula in a workbook), and plain ``values`` by column key (an unduplicated count)."""

    label: str
    summed: tuple[str, ...]
    values: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Table:
    """A titled table: columns, rows of cells in column order, an optional totals line.

    Cells are ``None`` (empty), ``str``, ``int``, ``Decimal``, ``date``, ``datetime`` or
    ``Derived``. ``rows`` may be a generator: a writer reads it once.
    """

    title: str
    columns: tuple[Column, ...]
    rows: Iterable[Sequence[Any]]
    total: Total | None = None
    caption: str | None = None

    @property
    def keys(self) -> list[str]:
        return [column.key for column in self.columns]

    def index(self, key: str) -> int:
        """The 0-based position of the column ``key``."""
        return self.keys.index(key)

    def records(self) -> list[dict[str, Any]]:
        """The rows as JSON records: each cell's figure under its column's key, in column
        order (a report whose JSON lists a table's rows gives them so)."""
        keys = self.keys
        return [dict(zip(keys, map(plain, row), strict=True)) for row in self.rows]


def plain(value: Any) -> Any:
    """A cell's figure: a ``Derived`` cell's value, any other cell as it is."""
    return value.value if isinstance(value, Derived) else value


@dataclass(frozen=True)
class Chart:
    """A clustered column chart over a sheet's first ``rows`` rows: the ``category`` column
    on the axis, one series per ``series`` column."""

    title: str
    category: str
    series: tuple[str, ...]
    rows: int
    x_title: str = ""
    y_title: str = ""


@dataclass(frozen=True)
class Highlight:
    """Rows to draw attention to: those whose ``key`` column holds exactly ``text``."""

    key: str
    text: str


@dataclass(frozen=True)
class Sheet:
    """A table as a workbook sheet.

    Attributes:
      name: the sheet's tab (made valid by the writer).
      heading: lines above the table, the first as its title; a blank row follows them.
      filter_name: when set, the rows become an Excel table of that name, with filter buttons.
      chart: drawn to the right of the table.
      highlight: rows filled in a warning colour (a conditional format on the rows).
      form: the rows are a form's lines: a ``Derived`` cell may name an earlier line's cells
        (``{amount@10a}``, by the line's first cell).
    """

    name: str
    table: Table
    heading: tuple[str, ...] = ()
    filter_name: str | None = None
    chart: Chart | None = None
    highlight: Highlight | None = None
    form: bool = False


@dataclass(frozen=True)
class Workbook:
    """Sheets in order, when they were made, and whether the file may name clients
    (``private``: written readable by its owner only)."""

    sheets: tuple[Sheet, ...]
    made_at: datetime
    private: bool = False


def key_values(name: str, pairs: Iterable[tuple[str, Any]]) -> Sheet:
    """A two-column sheet of labels and values (About, Definitions)."""
    columns = (Column("Item", "item"), Column("Value", "value", max_width=90))
    return Sheet(name, Table(name, columns, [list(pair) for pair in pairs]))


@dataclass(frozen=True)
class Event:
    """An all-day event of a calendar file.

    Attributes:
      day: the day it falls on.
      summary: what it is, as a calendar shows it.
      uid: names this event in every file made, so that loading a newer file into a
        calendar updates the event instead of adding it again.
      category: a word to sort events by (a deadline's kind).
    """

    day: date
    summary: str
    uid: str
    category: str = ""


@dataclass(frozen=True)
class Agenda:
    """Events for a calendar file, its name, and when it was made."""

    name: str
    events: tuple[Event, ...]
    made_at: datetime
