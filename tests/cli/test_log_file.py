"""``log -o FILE.csv|.xlsx|.json``: the whole audit trail, every column, owner-only."""

from __future__ import annotations

import csv
import stat
from pathlib import Path

from openpyxl import load_workbook

from fundtrack.db import Database
from fundtrack.ledger.log import entries
from report_scenarios import pay, void
from support import Cli, snapshot

HEADER = [
    *("Entry", "Kind", "Voids entry", "Date", "Amount", "Award", "Subgrant", "Category"),
    *("Client", "Reference", "Memo", "Reason", "Recorded (UTC)", "Recorded by", "Hash"),
]


def trail(books: Cli) -> tuple[int, int]:
    paid = pay(books, "LP-FY20", "LP-0001", "2019-11-01", "850", "rent",
               "--reference", "CHK-1", "--memo", "@first month")  # fmt: skip
    void(books, paid)
    return paid, paid + 1


def test_log_csv_has_every_entry_with_names_and_hash(books: Cli, tmp_path: Path) -> None:
    paid, voided = trail(books)
    target = tmp_path / "trail.csv"
    result = books.run("log", "-o", str(target))
    assert (result.exit_code, result.stdout) == (0, f"Wrote {target}.\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # it names clients
    with target.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == HEADER
    lines = Database(books.url).read(lambda s: entries(s))
    assert [int(r[0]) for r in rows[1:]] == [line.id for line in lines]
    assert [r[14] for r in rows[1:]] == [line.hash for line in lines]
    assert all(len(r[14]) == 64 for r in rows[1:])
    by_id = {int(r[0]): r for r in rows[1:]}
    assert by_id[paid][1:12] == [
        *("disbursement", "", "2019-11-01", "850.00", "CVRC-HT-FY20", "LP-FY20", "rent"),
        *("LP-0001", "CHK-1", "'@first month", ""),
    ]
    assert by_id[voided][2] == str(paid) and by_id[voided][4] == "-850.00"
    assert by_id[voided][11] == "keyed against the wrong client"
    assert by_id[voided][13] == "clerk"


def test_log_xlsx_is_one_sheet_of_the_trail(books: Cli, tmp_path: Path) -> None:
    paid, _ = trail(books)
    target = tmp_path / "trail.xlsx"
    assert books.run("log", "-o", str(target)).exit_code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    ws = load_workbook(target)["Ledger entries"]
    assert [c.value for c in ws[4]] == HEADER and ws.freeze_panes == "A5"
    rows = {r[0].value: r for r in ws.iter_rows(min_row=5)}
    assert rows[paid][10].value == "@first month" and rows[paid][10].quotePrefix
    assert rows[paid][4].number_format == '"$"#,##0.00' and rows[paid][3].is_date
    assert len(rows) == len(Database(books.url).read(lambda s: entries(s)))
    assert list(ws.tables) == ["Entries"]


def test_log_json_file_is_what_log_json_prints(books: Cli, tmp_path: Path) -> None:
    trail(books)
    target = tmp_path / "trail.json"
    assert books.run("log", "-o", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8") == books.ok("log", "--json").stdout


def test_log_refuses_another_kind_of_file_and_writes_nothing(books: Cli, tmp_path: Path) -> None:
    before = snapshot(books.url)
    target = tmp_path / "trail.txt"
    result = books.run("log", "-o", str(target))
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: cannot write {target}: fundtrack writes .csv, .xlsx or .json files here; name "
        "the file FILE.csv (a table), FILE.xlsx (a workbook) or FILE.json\n",
    )
    assert not target.exists() and snapshot(books.url) == before
