"""Report files: the extension picks the writer; files appear whole, with the right mode."""

from __future__ import annotations

import io
import stat
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from fundtrack.errors import InvalidInput
from fundtrack.io.csv_write import write_table_csv
from fundtrack.io.output import output_file, write_output
from fundtrack.table import Column, Derived, Kind, Sheet, Table, Total, Workbook

TABLE = Table(
    "Subgrants",
    (Column("Subgrant", "subgrant"), Column("Amount", "amount", Kind.MONEY),
     Column("Remaining", "remaining", Kind.MONEY), Column("Ends", "ends", Kind.DATE)),
    [["=cmd|' /C calc'!A0", Decimal("10.00"), Derived("{amount}-1", Decimal("9.00")),
      date(2020, 6, 30)]],
    Total("Total", ("amount",)),
)  # fmt: skip


def test_csv_holds_figures_not_formulas_and_neutralises_text() -> None:
    out = io.StringIO()
    assert write_table_csv(out, TABLE) == 1
    assert out.getvalue() == (
        "Subgrant,Amount,Remaining,Ends\n'=cmd|' /C calc'!A0,10.00,9.00,2020-06-30\n"
    )  # no totals line: a CSV is for pivoting


@pytest.mark.parametrize("name", ["r.txt", "r.xls", "r", "r.XLSX.bak"])
def test_other_extensions_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(InvalidInput, match=r"fundtrack writes \.xlsx, \.csv or \.json files here"):
        output_file(tmp_path / name)


def test_upper_case_extensions_are_fine(tmp_path: Path) -> None:
    assert output_file(tmp_path / "R.CSV") == tmp_path / "R.CSV"


def forms(private: bool) -> dict[str, object]:
    book = Workbook((Sheet("S", TABLE),), datetime(2020, 7, 15, 9), private=private)
    return {"workbook": lambda: book, "table": lambda: TABLE, "json": lambda: {"a": Decimal(1)}}


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".json"])
@pytest.mark.parametrize("private", [True, False])
def test_each_form_is_written_in_place_with_its_mode(
    tmp_path: Path, suffix: str, private: bool
) -> None:
    target = tmp_path / f"report{suffix}"
    target.write_text("earlier")
    written = write_output(target, private=private, **forms(private))  # type: ignore[arg-type]
    assert written == target and target.read_bytes() != b"earlier"
    assert stat.S_IMODE(target.stat().st_mode) == (0o600 if private else 0o644)
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left
    if suffix == ".json":
        assert target.read_text() == '{\n  "a": "1.00"\n}\n'


def test_a_failing_writer_leaves_the_earlier_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    target.write_text("earlier")

    def broken() -> Table:
        raise OSError(28, "No space left on device")

    with pytest.raises(InvalidInput, match=r"No space left on device"):
        write_output(target, workbook=forms(False)["workbook"], table=broken,  # type: ignore[arg-type]
                     private=False)  # fmt: skip
    assert target.read_text() == "earlier" and [p.name for p in tmp_path.iterdir()] == [target.name]
