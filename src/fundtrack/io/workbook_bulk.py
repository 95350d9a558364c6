"""Writing many rows fast: sheet rows rendered as XML text and spliced into the saved file.

openpyxl spends tens of microseconds on every cell it streams; a disbursement register of
100,000 rows has 1.5 million cells. ``BulkRows`` renders the same cells itself — numbers,
dates as serial numbers, text as inline strings — with the style ids openpyxl assigned to
the sheet's column formats, and ``splice`` appends them to the worksheet XML after openpyxl
has saved the workbook. Once a sheet has bulk rows, every later row of it is rendered here
too, so row numbers stay in order. Text is escaped and stored exactly as typed in a string
cell, never a formula, with the ``quotePrefix`` style when it looks like one, exactly like
the cells ``fundtrack.io.safe.set_text`` makes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from fundtrack.io.safe import is_risky
from fundtrack.io.workbook_common import Formula

_EPOCH = date(1899, 12, 30)


def _serial(value: date) -> str:
    if isinstance(value, datetime):
        delta = value - datetime(1899, 12, 30)
        return repr(delta.days + delta.seconds / 86400)
    return str((value - _EPOCH).days)


def render_rows(
    rows: Iterable[Sequence[Any]],
    first_row: int,
    styles: Sequence[int],
    quoted: Sequence[int],
) -> str:
    """The ``<row>`` elements for ``rows``, numbered from ``first_row``.

    ``styles`` are the columns' style ids; ``quoted`` the same formats with ``quotePrefix``,
    used for text that a spreadsheet could take for a formula.
    """
    letters = [get_column_letter(i + 1) for i in range(len(styles))]
    parts: list[str] = []
    add = parts.append
    for number, values in enumerate(rows, first_row):
        add(f'<row r="{number}">')
        for letter, style, quote, value in zip(letters, styles, quoted, values, strict=False):
            if value is None:
                continue
            if isinstance(value, Formula):
                add(f'<c r="{letter}{number}" s="{style}"><f>{escape(value[1:])}</f></c>')
                continue
            if isinstance(value, str):
                text = ILLEGAL_CHARACTERS_RE.sub("", value)
                shown = quote if is_risky(text) else style
                add(
                    f'<c r="{letter}{number}" s="{shown}" t="inlineStr">'
                    f'<is><t xml:space="preserve">{escape(text)}</t></is></c>'
                )
                continue
            ref = f'r="{letter}{number}" s="{style}"'
            if isinstance(value, date):
                add(f"<c {ref}><v>{_serial(value)}</v></c>")
            elif isinstance(value, Decimal | int) and not isinstance(value, bool):
                add(f'<c {ref} t="n"><v>{value}</v></c>')
            else:
                raise TypeError(f"no cell type for {type(value).__name__}")
        add("</row>")
    return "".join(parts)


def splice(data: bytes, insertions: dict[str, str]) -> bytes:
    """Append rendered rows to saved worksheets: {part name: rows xml}."""
    if not insertions:
        return data
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename in insertions:
                sheet = _insert(content.decode("utf-8"), insertions[item.filename])
                content = sheet.encode("utf-8")
            target.writestr(item, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _insert(sheet: str, xml: str) -> str:
    at = sheet.find("</sheetData>")
    if at < 0:
        at = sheet.find("<sheetData/>")
        if at < 0:  # pragma: no cover - openpyxl always writes sheetData
            raise ValueError("worksheet without sheetData")
        return sheet[:at] + f"<sheetData>{xml}</sheetData>" + sheet[at + len("<sheetData/>") :]
    return sheet[:at] + xml + sheet[at:]
