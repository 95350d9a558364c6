"""Keeping user text inert in spreadsheets and CSV files.

A cell whose text starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) can
be run as a formula by Excel or LibreOffice when a CSV is opened, or written as a formula by
a spreadsheet library that guesses a cell's type from its text.

- CSV has no cell types, so user text goes through ``neutralize``: risky text gets a
  leading apostrophe, which ``restore`` takes off again when fundtrack reads the file back.
- A workbook cell has a type, so it holds the text exactly as typed in a string cell
  (``fundtrack.io.xlsx``), and risky text is also marked as text the two ways spreadsheets
  know — the ``quotePrefix`` style (what Excel records when a user types ``'=...``) and the
  Text number format ``@`` (which LibreOffice keeps) — so it stays text even when someone
  edits the cell.
"""

from __future__ import annotations

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
