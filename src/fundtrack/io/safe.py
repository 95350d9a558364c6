"""Keeping user text inert in spreadsheets and CSV files.

A cell whose text starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) can
be run as a formula by Excel or LibreOffice when a CSV is opened, and an openpyxl string
starting with ``=`` is written as a formula. Text that came from a user goes through
``neutralize`` before it reaches a file.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
