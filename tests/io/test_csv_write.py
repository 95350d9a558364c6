"""``fundtrack.io.csv_write``: a header, rows, user text neutralised, any table drawn plainly."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from fundtrack.io.csv_write import write_csv


def test_rows_are_written_under_the_header_and_counted() -> None:
    out = io.StringIO()
    count = write_csv(out, ["client", "memo", "amount"], [("LP-0001", None, "850.00")])
    assert count == 1
    assert out.getvalue() == "client,memo,amount\nLP-0001,,850.00\n"


def test_formula_like_text_is_written_with_an_apostrophe() -> None:
    out = io.StringIO()
    write_csv(out, ["memo"], [("=HYPERLINK(1)",), (Decimal("-5"),)])
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows == [["memo"], ["'=HYPERLINK(1)"], ["-5"]]
