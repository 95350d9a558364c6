"""Rendering values for people (Rich tables) and for scripts (JSON).

Every table on the terminal is drawn by ``draw_table``, from a ``fundtrack.table.Table``."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from fundtrack.io.json_write import jsonable, write_json
from fundtrack.money import format_money
from fundtrack.table import NUMERIC, Column, Kind, Table, plain


def to_jsonable(value: Any) -> Any:
    """Money as strings with two decimals, dates as ISO strings."""
    return jsonable(value)


def print_json(value: Any) -> None:
    write_json(sys.stdout, value)


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_money(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def print_table(
    title: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    money: Sequence[str] = (),
    optional: Sequence[str] = (),
    caption: str | None = None,
) -> None:
    """``draw_table`` for a table given by its headers: ``money`` columns are right-aligned,
    ``optional`` ones are left out first (in that order) on a narrow terminal, with a note."""
    ranks = {name: rank for rank, name in enumerate(optional, 1)}
    draw_table(
        Table(
            title,
            tuple(
                Column(
                    name,
                    name,
                    Kind.MONEY if name in money else Kind.TEXT,
                    leave_out=ranks.get(name),
                )
                for name in columns
            ),
            rows,
            caption=caption,
        )
    )


def print_records(
    title: str,
    columns: Sequence[str],
    records: Sequence[Any],
    *,
    as_json: bool,
    json_of: Callable[[Any], Any],
    row_of: Callable[[Any], Sequence[Any]],
    money: Sequence[str] = (),
    optional: Sequence[str] = (),
) -> None:
    """What a ``list`` command prints: with ``--json`` a JSON list (``json_of`` each record)
    for scripts, else a table of ``row_of`` each record (see ``print_table``)."""
    if as_json:
        print_json([json_of(r) for r in records])
        return
    rows = [row_of(r) for r in records]
    print_table(title, columns, rows, money=money, optional=optional)


def draw_table(table: Table) -> None:
    """Any table as a Rich table on stdout: every column in full, or fitted to a terminal,
    never silently cut.

    Numeric columns (money, counts, ids, percentages) are right-aligned and never wrap.
    Output that is not a terminal (a file, a pipe) gets every column at full width. On a
    terminal narrower than the table, columns with a ``leave_out`` rank are left out, lowest
    rank first, before text wraps, and a note on stderr names them. A totals line, if any,
    comes last.
    """
    from rich import box
    from rich.table import Table as RichTable

    columns = table.columns
    texts = [
        [shown(value, c.kind) for c, value in zip(columns, row, strict=False)]
        for row in _lines(table)
    ]
    widths = [max([len(c.header)] + [len(r[i]) for r in texts]) for i, c in enumerate(columns)]
    fit = terminal_width()
    keep = _columns_to_keep(columns, widths, fit)
    rich = RichTable(
        title=table.title,
        caption=table.caption,
        title_justify="left",
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    for i in keep:
        numeric = columns[i].kind in NUMERIC
        rich.add_column(
            columns[i].header,
            justify="right" if numeric else "left",
            no_wrap=numeric,
            min_width=min(widths[i], 12),
            overflow="fold",
        )
    last = len(texts) - 2 if table.total is not None else -1  # a rule above the totals
    for number, row in enumerate(texts):
        rich.add_row(*(_escape(row[i]) for i in keep), end_section=number == last)
    print_rich(rich, fit)
    _note_left_out(table, keep, fit)


def _columns_to_keep(columns: Sequence[Column], widths: list[int], fit: int | None) -> list[int]:
    """The indexes of the columns to draw: all, less those with a ``leave_out`` rank (lowest
    first) while the table is wider than ``fit``."""
    keep = list(range(len(columns)))
    ranked = sorted(
        (i for i, c in enumerate(columns) if c.leave_out), key=lambda i: columns[i].leave_out or 0
    )
    for i in ranked:
        if fit is None or sum(widths[k] + 3 for k in keep) <= fit:
            break
        keep.remove(i)
    return keep


def _note_left_out(table: Table, keep: list[int], fit: int | None) -> None:
    left_out = [c.header for i, c in enumerate(table.columns) if i not in keep]
    if left_out:
        note(
            f"{table.title}: left out {', '.join(left_out)} to fit {fit} columns; widen the "
            "terminal or send the output to a file to see every column"
        )


def terminal_width() -> int | None:
    """How wide tables may be: ``$COLUMNS`` or the terminal's width; None when not a terminal.

    Output sent to a file or a pipe is for reading in full, so it has no width to fit.
    """
    import shutil

    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return None


def print_rich(renderable: Any, fit: int | None) -> None:
    """Print a Rich table (or any renderable) on stdout without cutting anything off.

    With no width to fit it is drawn as wide as its content; on a terminal it is drawn at the
    terminal's width, or at the narrowest width that still shows every character.
    """
    from rich.console import Console
    from rich.measure import Measurement

    wide = Console(width=1_000_000, soft_wrap=False)
    needed = Measurement.get(wide, wide.options, renderable)
    width = needed.maximum if fit is None else max(fit, needed.minimum)
    Console(width=max(width, 1), soft_wrap=False).print(renderable)


def _lines(table: Table) -> list[Sequence[Any]]:
    """The table's rows, and its totals line (summed here) when it has one."""
    rows = list(table.rows)
    if table.total is None:
        return rows
    total: list[Any] = [None] * len(table.columns)
    total[0] = table.total.label
    for key, value in table.total.values.items():
        total[table.index(key)] = value
    for key in table.total.summed:
        i = table.index(key)
        total[i] = sum(
            (plain(r[i]) for r in rows if plain(r[i]) is not None),
            Decimal(0) if table.columns[i].kind is Kind.MONEY else 0,
        )
    return [*rows, total]


def shown(value: Any, kind: Kind) -> str:
    """A cell as the terminal shows it: money ``$1,234.56``, a share ``93.1%``, dates ISO."""
    figure = plain(value)
    if kind is Kind.PERCENT and isinstance(figure, Decimal):
        return f"{figure * 100:.1f}%"
    return cell(figure)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def say(message: str) -> None:
    """A confirmation line on stdout."""
    sys.stdout.write(message + "\n")


def warn(message: str) -> None:
    """``Warning: message`` as one line on stderr, for something to fix that did not stop us."""
    sys.stdout.flush()
    sys.stderr.write(f"Warning: {' '.join(message.split())}\n")
    sys.stderr.flush()


def note(message: str) -> None:
    """``Note: message`` as one line on stderr, about how the output was drawn."""
    sys.stdout.flush()
    sys.stderr.write(f"Note: {' '.join(message.split())}\n")
    sys.stderr.flush()
