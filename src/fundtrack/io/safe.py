"""Keeping user text inert in spreadsheets and CSV files.

A cell whose text starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) can
be run as a formula by Excel or LibreOffice when a CSV is opened, and an openpyxl string
starting with ``=`` is written as a formula.

- CSV has no cell types, so user text goes through ``neutralize``: risky text gets a
  leading apostrophe, which ``restore`` takes off again when fundtrack reads the file back.
- A workbook cell has a type, so it holds the text exactly as typed: ``set_text`` makes it a
  string cell, and risky text is also marked as text the two ways spreadsheets know — the
  ``quotePrefix`` style (what Excel records when a user types ``'=...``) and the Text number
  format ``@`` (which LibreOffice keeps) — so it stays text even when someone edits the cell.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: The Text number format: what is typed into the cell stays text.
TEXT_FORMAT = "@"


def is_risky(text: str) -> bool:
    """True when a spreadsheet could read ``text`` as a formula."""
    return text.startswith(FORMULA_STARTS)


def neutralize(text: str | None) -> str | None:
    """``text`` prefixed with an apostrophe when a spreadsheet could run it as a formula."""
    if text is None:
        return None
    return "'" + text if is_risky(text) else text


def restore(text: str) -> str:
    """Undo ``neutralize`` on a value read back from a file this program wrote."""
    if text.startswith("'") and is_risky(text[1:]):
        return text[1:]
    return text


def set_text(cell: Any, text: str) -> None:
    """Make an openpyxl ``cell`` hold ``text`` exactly, as a string that is never run.

    openpyxl types a string starting with ``=`` as a formula; the type is set back to
    string after the value. openpyxl changes a cell's style in place, so a cell that is
    reused for many values must already carry the right marks; ``Sheet`` keeps a marked and
    a plain cell of each column for that.
    """
    cell.value = text
    cell.data_type = "s"
    if is_risky(text) and not cell.quotePrefix:
        mark_as_text(cell)


def mark_as_text(cell: Any) -> None:
    """Tell Excel and LibreOffice that ``cell`` holds text, also after it is edited."""
    cell.quotePrefix = True
    cell.number_format = TEXT_FORMAT
