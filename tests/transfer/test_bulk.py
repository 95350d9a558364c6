"""``fundtrack import disbursements``: the duplicates rule of ``disburse``, row by row."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fundtrack.clock import today_is
from support import Cli, snapshot

HEADER = "date,subgrant,client,category,amount,reference\n"
ROW = "2019-11-01,LP-FY20,LP-0001,rent,850,CHK-1182\n"


def test_a_row_repeating_another_row_is_refused_naming_it(books: Cli, tmp_path: Path) -> None:
    file = tmp_path / "pay.csv"
    file.write_text(HEADER + ROW + "2019-11-02,LP-FY20,LP-0001,rent,10,\n" + ROW)
    before = snapshot(books.url)
    result = books.run("import", "disbursements", str(file))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "pay.csv:4: row: this disbursement repeats line 2 (same subgrant, client, category, "
        "amount, date and reference); if it really was paid twice, record it with "
        "--allow-duplicates"
    )
    assert snapshot(books.url) == before


def test_a_row_repeating_a_standing_entry_is_refused_naming_it(books: Cli, tmp_path: Path) -> None:
    first = books.json("disburse", "--subgrant", "LP-FY20", "--client", "LP-0001", "--category",
                       "rent", "--amount", "850", "--date", "2019-11-01",
                       "--reference", "CHK-1182")["entry"]  # fmt: skip
    file = tmp_path / "pay.csv"
    file.write_text(HEADER + ROW)
    before = snapshot(books.url)
    result = books.run("import", "disbursements", str(file))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(
        f"pay.csv:2: row: this disbursement repeats entry {first} (same subgrant"
    )
    assert snapshot(books.url) == before
    books.ok("void", str(first), "--reason", "check lost")
    books.ok("import", "disbursements", str(file))


def test_allow_duplicates_records_them_and_the_summary_counts_them(
    books: Cli, tmp_path: Path
) -> None:
    file = tmp_path / "pay.csv"
    file.write_text(HEADER + ROW + ROW + ROW)
    summary = books.json("import", "disbursements", str(file), "--allow-duplicates")
    assert summary["duplicates"] == 2
    assert summary["rows"] == 3
    assert books.json("subgrant", "show", "LP-FY20")["disbursed"] == "2550.00"
    text = books.ok("import", "disbursements", str(_copy(file, tmp_path)), "--allow-duplicates")
    assert "; 3 deliberate repeats (--allow-duplicates)" in text.stdout


def _copy(file: Path, tmp_path: Path) -> Path:
    other = tmp_path / "pay-again.csv"
    other.write_text("# the same payments again\n" + file.read_text())
    return other


def test_a_reused_reference_is_recorded_with_a_warning_naming_the_earlier_payment(
    books: Cli, tmp_path: Path
) -> None:
    first = books.json("disburse", "--subgrant", "LP-FY20", "--client", "LP-0001", "--category",
                       "rent", "--amount", "850", "--date", "2019-11-01",
                       "--reference", "CHK-1182")["entry"]  # fmt: skip
    file = tmp_path / "pay.csv"
    file.write_text(
        HEADER
        + "2019-11-02,LP-FY20,LP-0001,travel,20,CHK-1182\n"
        + "2019-11-03,LP-FY20,LP-0001,rent,5,CHK-7\n"
        + "2019-11-04,LP-FY20,LP-0001,rent,6,CHK-7\n"
        + "2019-11-04,NMILC-FY20,LP-0001,civil-legal,6,CHK-7\n"
    )
    with today_is(date(2020, 6, 30)):  # in FY2020: the references' warnings alone
        result = books.ok("import", "disbursements", str(file))
    assert result.stderr.splitlines() == [
        f"Warning: pay.csv:2: reference 'CHK-1182' was already used on subgrant LP-FY20 by "
        f"entry {first}; recorded anyway (one check can pay for two things) — void it if it "
        "is a mistake",
        "Warning: pay.csv:4: reference 'CHK-7' was already used on subgrant LP-FY20 by line 3; "
        "recorded anyway (one check can pay for two things) — void it if it is a mistake",
    ]
    assert result.stdout.startswith("Imported 4 disbursements ($37.00) from pay.csv")
    assert books.json("subgrant", "show", "LP-FY20")["disbursed"] == "881.00"
