"""Rendering values for people (Rich tables) and for scripts (JSON)."""

from __future__ import annotations

import json
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
    """A Rich table on stdout that fits the terminal.

    Money columns are right-aligned and never wrap. When the table is wider than the
    terminal, ``optional`` columns are left out (in the order given) before text wraps.
    """
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = Console(soft_wrap=False)
    texts = [[cell(value) for value in row] for row in rows]
    widths = [max([len(column)] + [len(r[i]) for r in texts]) for i, column in enumerate(columns)]
    keep = list(range(len(columns)))
    for name in optional:
        if sum(widths[i] + 3 for i in keep) <= console.width:
            break
        keep.remove(list(columns).index(name))
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
    console.print(table)


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
