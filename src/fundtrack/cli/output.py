"""Rendering values for people (Rich tables) and for scripts (JSON)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from fundtrack.money import format_money, plain


def to_jsonable(value: Any) -> Any:
    """Money as strings with two decimals, dates as ISO strings."""
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    return value


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(to_jsonable(value), indent=2, ensure_ascii=False) + "\n")


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
    """A Rich table on stdout: every column in full, or fitted to a terminal, never silently cut.

    Money columns are right-aligned and never wrap. Output that is not a terminal (a file, a
    pipe) gets every column at full width. On a terminal narrower than the table, the
    ``optional`` columns are left out (in the order given) before text wraps, and a note on
    stderr names the ones left out.
    """
    from rich import box
    from rich.table import Table

    texts = [[cell(value) for value in row] for row in rows]
    widths = [max([len(column)] + [len(r[i]) for r in texts]) for i, column in enumerate(columns)]
    fit = terminal_width()
    keep = _columns_to_keep(columns, widths, optional, fit)
    table = Table(
        title=title,
        caption=caption,
        title_justify="left",
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    for i in keep:
        numeric = columns[i] in money
        table.add_column(
            columns[i],
            justify="right" if numeric else "left",
            no_wrap=numeric,
            min_width=min(widths[i], 12),
            overflow="fold",
        )
    for row in texts:
        table.add_row(*(_escape(row[i]) for i in keep))
    print_rich(table, fit)
    left_out = [name for i, name in enumerate(columns) if i not in keep]
    if left_out:
        note(
            f"{title}: left out {', '.join(left_out)} to fit {fit} columns; widen the "
            "terminal or send the output to a file to see every column"
        )


def _columns_to_keep(
    columns: Sequence[str], widths: list[int], optional: Sequence[str], fit: int | None
) -> list[int]:
    """The indexes of the columns to draw: all, less optional ones while wider than ``fit``."""
    keep = list(range(len(columns)))
    for name in optional:
        if fit is None or sum(widths[i] + 3 for i in keep) <= fit:
            break
        keep.remove(list(columns).index(name))
    return keep


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
