"""The table every report fills and every writer draws."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fundtrack.table import NUMERIC, Column, Derived, Kind, Table, Total, key_values, plain


def test_a_table_finds_its_columns_by_key() -> None:
    table = Table(
        "Balances",
        (Column("Award", "award"), Column("Amount", "amount", Kind.MONEY)),
        [["CVRC-HT-FY20", Decimal("150000.00")]],
        Total("Total", ("amount",)),
    )
    assert table.keys == ["award", "amount"]
    assert table.index("amount") == 1
    with pytest.raises(ValueError):
        table.index("remaining")


def test_a_derived_cell_is_its_value_to_every_writer_but_a_workbook() -> None:
    remaining = Derived("{amount}-{disbursed}", Decimal("98611.69"))
    assert plain(remaining) == Decimal("98611.69")
    assert plain("LP-FY20") == "LP-FY20" and plain(None) is None
    assert remaining.formula.format_map({"amount": "G5", "disbursed": "H5"}) == "G5-H5"


def test_figures_line_up_on_the_right_and_words_on_the_left() -> None:
    assert {Kind.MONEY, Kind.COUNT, Kind.ID, Kind.PERCENT} == NUMERIC
    assert Kind.TEXT not in NUMERIC and Kind.DATE not in NUMERIC and Kind.MOMENT not in NUMERIC


def test_rows_may_be_a_generator_read_once() -> None:
    rows = ([i, Decimal(i)] for i in range(3))
    table = Table("Register", (Column("Entry", "entry", Kind.ID), Column("Amount", "a")), rows)
    assert [r[0] for r in table.rows] == [0, 1, 2]
    assert list(table.rows) == []  # a writer gets one pass, and that is all it needs


def test_a_key_value_sheet_has_an_item_and_a_value_column() -> None:
    sheet = key_values("About", [("Report", "Balances"), ("Ledger: newest entry", 12)])
    assert sheet.name == "About" and sheet.heading == () and sheet.filter_name is None
    assert [c.header for c in sheet.table.columns] == ["Item", "Value"]
    assert sheet.table.columns[1].max_width == 90
    assert list(sheet.table.rows) == [["Report", "Balances"], ["Ledger: newest entry", 12]]
