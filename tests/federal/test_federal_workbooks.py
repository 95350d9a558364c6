"""The federal workbooks: formulas with cached values, and the same figures as the JSON after
LibreOffice recalculates them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from federal_scenario import federal_books
from support import Cli, recalculated, require_tool

pytestmark = pytest.mark.libreoffice
MADE_AT = {"FUNDTRACK_REPORT_TIME": "2020-07-15T09:00:00Z"}
CENT = Decimal("0.01")
SF425 = ("report", "sf425", "VOCA-FFY20", "--quarter", "FFY2020-Q2")


def money(value: Any) -> Decimal:
    return Decimal(repr(value)).quantize(CENT)


def rows(ws: Any, first: int) -> list[list[Any]]:
    return [[c.value for c in row] for row in ws.iter_rows(min_row=first) if row[0].value]


@pytest.fixture
def federal(cli: Cli) -> Cli:
    require_tool("soffice")
    return federal_books(cli)


def test_the_sf425_workbook_is_the_form_with_formulas(federal: Cli, tmp_path: Path) -> None:
    report = federal.json(*SF425)
    path = tmp_path / "sf425.xlsx"
    federal.ok(*SF425, "-o", str(path), env=MADE_AT)
    written = rows(load_workbook(path)["SF-425"], 5)
    formulas = {r[0]: r[1] for r in written if isinstance(r[1], str)}
    assert set(formulas) == {"10c", "10g", "10h", "10k"}
    assert formulas["10c"] == "=B5-B6"  # 10a - 10b, one line per row
    cached = rows(load_workbook(path, data_only=True)["SF-425"], 5)
    assert {r[0]: money(r[1]) for r in cached} == {
        k: Decimal(v) for k, v in report["lines"].items()
    }
    lines = rows(recalculated(path, tmp_path)["SF-425"], 5)
    assert [r[0] for r in lines] == list(report["lines"])
    assert {r[0]: money(r[1]) for r in lines} == {k: Decimal(v) for k, v in report["lines"].items()}
    assert all(r[2] for r in lines)  # each line's definition


def test_the_match_and_sefa_workbooks_agree_with_the_json(federal: Cli, tmp_path: Path) -> None:
    report = federal.json("report", "match", "--as-of", "2020-06-30")
    path = tmp_path / "match.xlsx"
    federal.ok("report", "match", "--as-of", "2020-06-30", "-o", str(path), env=MADE_AT)
    sheet = rows(recalculated(path, tmp_path)["Match"], 4)
    fields = ("amount", "required", "required_to_date", "cash", "in_kind", "recorded")
    positions = (1, 3, 4, 5, 6, 7)
    for row, grant in zip(sheet, report["subgrants"], strict=False):
        assert row[0] == grant["subgrant"]
        assert [money(row[i]) for i in positions] == [Decimal(grant[f]) for f in fields]
        assert money(row[8]) == Decimal(grant["shortfall_to_date"])
    assert sheet[-1][0] == "Total"
    assert money(sheet[-1][8]) == sum(Decimal(g["shortfall_to_date"]) for g in report["subgrants"])

    sefa = federal.json("report", "sefa", "--fy", "FY2020")
    path = tmp_path / "sefa.xlsx"
    federal.ok("report", "sefa", "--fy", "FY2020", "-o", str(path), env=MADE_AT)
    book = recalculated(path, tmp_path)
    awards = rows(book["Awards"], 4)
    [award] = sefa["awards"]
    assert awards[0][:2] == [award["aln"], award["award"]]
    assert [money(v) for v in awards[0][2:4]] == [
        Decimal(award["expended"]), Decimal(award["passed_through"])
    ]  # fmt: skip
    grantees = rows(book["Subgrantees"], 4)
    assert [(r[0], money(r[1])) for r in grantees[:-1]] == [
        (g["subgrantee"], Decimal(g["expended"])) for g in sefa["subgrantees"]
    ]
