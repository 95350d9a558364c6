"""The one xlsx writer: any table, its formulas with their values, safe text, streaming."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from fundtrack.io.safe import TEXT_FORMAT
from fundtrack.io.xlsx import CURRENCY, safe_name, safe_title, write_workbook
from fundtrack.table import (
    Chart,
    Column,
    Derived,
    Highlight,
    Kind,
    Sheet,
    Table,
    Total,
    Workbook,
)

MADE_AT = datetime(2020, 7, 15, 9, 0)
COLUMNS = (
    Column("Subgrant", "subgrant"),
    Column("Amount", "amount", Kind.MONEY, 16),
    Column("Disbursed", "disbursed", Kind.MONEY, 16),
    Column("Remaining", "remaining", Kind.MONEY, 16),
    Column("Spent", "spent", Kind.PERCENT, 9),
    Column("Ends", "ends", Kind.DATE, 12),
)


def balance_rows() -> list[list[Any]]:
    return [
        [code, amount, spent, Derived("{amount}-{disbursed}", amount - spent),
         Derived('IF({amount}=0,"",{disbursed}/{amount})', spent / amount), date(2020, 6, 30)]
        for code, amount, spent in (
            ("LP-FY20", Decimal("99811.69"), Decimal("1200.00")),
            ("=HYPERLINK(\"http://x\",\"y\")", Decimal("50188.31"), Decimal("0.01")),
        )
    ]  # fmt: skip


def write(tmp_path: Path, *sheets: Sheet, name: str = "t.xlsx") -> Path:
    path = tmp_path / name
    with path.open("wb") as out:
        write_workbook(Workbook(sheets, MADE_AT), out)
    return path


def balances_sheet(**extra: Any) -> Sheet:
    total = Total("Total", ("amount", "disbursed", "remaining"))
    table = Table("Subgrants", COLUMNS, balance_rows(), total)
    return Sheet("Subgrants", table, ("Subgrant balances as of 2020-06-30",), **extra)


def test_formulas_carry_their_values_for_readers_that_do_not_recalculate(tmp_path: Path) -> None:
    path = write(tmp_path, balances_sheet(filter_name="SubgrantBalances"))
    formulas = load_workbook(path)["Subgrants"]
    values = load_workbook(path, data_only=True)["Subgrants"]
    assert [c.value for c in formulas[4]][3:5] == ["=B4-C4", '=IF(B4=0,"",C4/B4)']
    assert [c.value for c in formulas[6]][:4] == ["Total", "=SUM(B4:B5)", "=SUM(C4:C5)",
                                                   "=SUM(D4:D5)"]  # fmt: skip
    assert Decimal(str(values["D4"].value)) == Decimal("98611.69")
    assert Decimal(str(values["E4"].value)).quantize(Decimal("0.0001")) == Decimal("0.0120")
    assert [Decimal(str(values.cell(6, c).value)) for c in (2, 3, 4)] == [
        Decimal("150000.00"), Decimal("1200.01"), Decimal("148799.99")
    ]  # fmt: skip
    assert formulas["D6"].font.b and formulas["B4"].number_format == CURRENCY
    assert formulas["E4"].number_format == "0.0%" and formulas["F4"].number_format == "yyyy-mm-dd"
    assert formulas.tables["SubgrantBalances"].ref == "A3:F5"  # the total row stays outside


def test_highlighted_rows_are_a_conditional_fill_over_the_data_rows(tmp_path: Path) -> None:
    path = write(tmp_path, balances_sheet(highlight=Highlight("subgrant", 'the "LP" one')))
    [rule_range] = load_workbook(path)["Subgrants"].conditional_formatting
    assert str(rule_range.sqref) == "A4:F5"  # the rows, not the header or the total
    [rule] = rule_range.rules
    assert (rule.type, rule.formula) == ("expression", ['$A4="the ""LP"" one"'])
    assert rule.dxf.fill.bgColor.rgb.endswith("FFC7CE")
    empty = Table("Nothing", COLUMNS, [])
    path = write(
        tmp_path, Sheet("Empty", empty, highlight=Highlight("subgrant", "x")), name="e.xlsx"
    )
    assert not list(load_workbook(path)["Empty"].conditional_formatting)


def test_user_text_is_never_a_formula(tmp_path: Path) -> None:
    ws = load_workbook(write(tmp_path, balances_sheet()))["Subgrants"]
    hostile = ws["A5"]
    assert (hostile.value, hostile.data_type) == ('=HYPERLINK("http://x","y")', "s")
    assert hostile.quotePrefix and hostile.number_format == TEXT_FORMAT
    assert ws["A4"].data_type == "s" and not ws["A4"].quotePrefix


def test_sheet_layout_heading_blank_row_bold_frozen_header(tmp_path: Path) -> None:
    ws = load_workbook(write(tmp_path, balances_sheet()))["Subgrants"]
    assert ws["A1"].value == "Subgrant balances as of 2020-06-30" and ws["A1"].font.b
    assert ws["A2"].value is None
    assert [c.value for c in ws[3]] == [c.header for c in COLUMNS]
    assert all(c.font.b for c in ws[3]) and ws.freeze_panes == "A4"
    assert ws.print_title_rows == "$3:$3" and ws.page_setup.orientation == "landscape"


def test_a_total_of_no_rows_adds_up_nothing_without_pointing_at_itself(tmp_path: Path) -> None:
    table = Table("Empty", COLUMNS, [], Total("Total", ("amount",)))
    path = write(tmp_path, Sheet("Empty", table, filter_name="Empty"))
    ws = load_workbook(path)["Empty"]
    assert [c.value for c in ws[2]][:2] == ["Total", "=SUM(B1:B1)"]  # the header: text
    assert load_workbook(path, data_only=True)["Empty"]["B2"].value == 0
    assert ws.tables == {}  # Excel refuses a table without rows


def test_a_chart_draws_a_series_per_column(tmp_path: Path) -> None:
    columns = (Column("Fiscal year", "fy"), Column("VOCA", "VOCA", Kind.COUNT),
               Column("DOJ", "DOJ", Kind.COUNT))  # fmt: skip
    rows = [["FY2019", 1, 2], ["FY2020", 3, 4], ["FY2019\u2013FY2020 (unduplicated)", 4, 5]]
    chart = Chart("Victims served", "fy", ("VOCA", "DOJ"), rows=2, y_title="Victims served")
    ws = load_workbook(write(tmp_path, Sheet("Counts", Table("C", columns, rows), chart=chart)))
    [drawn] = ws["Counts"]._charts
    assert [s.val.numRef.f for s in drawn.series] == ["Counts!$B$2:$B$3", "Counts!$C$2:$C$3"]
    assert drawn.series[0].cat.strRef.f == "Counts!$A$2:$A$3"


def many_rows(count: int) -> Iterator[tuple[Any, ...]]:
    for i in range(count):
        yield (i, f"LP-{i:06d}", Decimal("12.34"), "+memo", datetime(2020, 1, 1, 9))


def test_rows_stream_through_in_constant_memory(tmp_path: Path) -> None:
    columns = (Column("Entry", "entry", Kind.ID, 9), Column("Client", "client", Kind.TEXT, 14),
               Column("Amount", "amount", Kind.MONEY, 14), Column("Memo", "memo", Kind.TEXT, 30),
               Column("Recorded", "at", Kind.MOMENT, 20))  # fmt: skip

    def peak(count: int) -> int:
        table = Table("Register", columns, many_rows(count), Total("Total", ("amount",)))
        tracemalloc.start()
        write(tmp_path, Sheet("Register", table), name=f"r{count}.xlsx")
        used = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return used

    small, large = peak(1_000), peak(20_000)
    assert large < small * 2, (small, large)  # twenty times the rows, not twice the memory
    ws = load_workbook(tmp_path / "r20000.xlsx", read_only=True, data_only=True)["Register"]
    [total] = ws.iter_rows(min_row=20_002, max_row=20_002)
    assert total[0].value == "Total" and Decimal(str(total[2].value)) == Decimal("246800.00")


def test_sheet_and_table_names_are_made_valid() -> None:
    assert safe_title("By subgrantee") == "By subgrantee"
    assert safe_title("FY2017/FY2019: [VOCA]*?\\") == "FY2017-FY2019- -VOCA----"
    assert len(safe_title("x" * 40)) == 31 and safe_title("'quoted'") == "quoted"
    assert safe_title("???") == "---" and safe_title("''") == "Sheet"
    assert safe_name("Award balances") == "Award_balances" and safe_name("2020") == "T_2020"


def test_streamed_rows_store_text_as_xlsxwriter_does(tmp_path: Path) -> None:
    """Plain rows are rendered by fundtrack, rows with formulas cell by cell by XlsxWriter:
    the same text reads back the same from both."""
    odd = ["a<b & c>", "tab\there", "bell\x07", "_x0041_ literal", " padded ", "caf\u00e9 \u2013"]
    columns = (Column("Text", "text"), Column("Amount", "amount", Kind.MONEY))
    rows = [[text, Decimal("1.00")] for text in odd]
    rows += [[text, Derived("{amount}*1", Decimal("1.00"))] for text in odd]
    ws = load_workbook(write(tmp_path, Sheet("S", Table("S", columns, rows))))["S"]
    streamed = [ws.cell(r, 1).value for r in range(2, 2 + len(odd))]
    by_cells = [ws.cell(r, 1).value for r in range(2 + len(odd), 2 + 2 * len(odd))]
    assert streamed == by_cells
    assert streamed[0] == "a<b & c>"  # (openpyxl leaves Excel's _xHHHH_ escapes as they are)
    assert streamed[4] == " padded " and streamed[5] == "caf\u00e9 \u2013"
    assert ws["A3"].quotePrefix == ws[f"A{3 + len(odd)}"].quotePrefix is False
