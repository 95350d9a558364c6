"""Tables in a file and on a narrow terminal: every column is shown, or named as left out."""

from __future__ import annotations

from decimal import Decimal

import pytest

from report_scenarios import add_federal, pay
from support import Cli

#: Output captured with no width asked for, as in ``fundtrack report balances > bal.txt``.
TO_A_FILE: dict[str, str | None] = {"COLUMNS": None}
LOG_HEADER = [
    "Id", "Kind", "Date", "Amount", "Account", "Category", "Client", "Reference", "Reason",
    "Recorded (UTC)", "By",
]  # fmt: skip


def header_of(stdout: str, first: str) -> str:
    """The one line whose first words are ``first``."""
    words = first.split()
    [line] = [line for line in stdout.splitlines() if line.split()[: len(words)] == words]
    return line


def with_a_void(books: Cli) -> Cli:
    """``books`` and a payment by maria.g, voided: the two newest entries (``paid_id``)."""
    books.ok(
        "disburse", "--subgrant", "LP-FY20", "--client", "LP-0001", "--category", "rent",
        "--amount", "850", "--date", "2019-11-01", "--reference", "CHK-1182", by="maria.g",
    )  # fmt: skip
    books.ok("void", str(paid_id(books)), "--reason", "keyed twice")
    return books


def paid_id(books: Cli) -> int:
    return books.entries("disbursement")[0]


def test_balances_sent_to_a_file_have_every_column_in_full(books: Cli) -> None:
    add_federal(books)
    pay(books, "LP-FY20", "LP-0001", "2019-11-01", "1200")
    result = books.run("report", "balances", "--as-of", "2020-06-30", env=TO_A_FILE)
    assert (result.exit_code, result.stderr) == (0, "")
    assert header_of(result.stdout, "Award Source").split() == [
        "Award", "Source", "FY", "Ends", "Amount", "Allocated", "Unallocated", "Disbursed",
        "Remaining", "Forecast", "Spent", "Status",
    ]  # fmt: skip
    assert header_of(result.stdout, "CVRC-HT-FY20").split() == [
        "CVRC-HT-FY20", "CVRC-HT", "2020", "2020-06-30", "$150,000.00", "$150,000.00", "$0.00",
        "$1,200.00", "$148,800.00", "$148,800.00", "0.8%", "at", "risk",
    ]  # fmt: skip
    assert header_of(result.stdout, "Subgrant Award").split() == [
        "Subgrant", "Award", "Subgrantee", "Amount", "Disbursed", "Remaining"
    ]  # fmt: skip


def test_the_log_sent_to_a_file_shows_reference_reason_when_and_who(books: Cli) -> None:
    result = with_a_void(books).run("log", env=TO_A_FILE)
    assert (result.exit_code, result.stderr) == (0, "")
    header = header_of(result.stdout, "Id")
    assert [column for column in LOG_HEADER if column in header] == LOG_HEADER
    number = paid_id(books)
    paid, void = header_of(result.stdout, str(number)), header_of(result.stdout, str(number + 1))
    assert paid.split()[:8] == [
        str(number), "paid", "2019-11-01", "$850.00", "LP-FY20", "rent", "LP-0001", "CHK-1182"
    ]  # fmt: skip
    assert paid.split()[-1] == "maria.g"
    assert void.split()[:3] == [str(number + 1), "void", f"#{number}"]
    assert "keyed twice" in void and void.split()[-1] == "clerk"


def test_the_log_on_an_80_column_terminal_names_the_columns_it_leaves_out(books: Cli) -> None:
    result = with_a_void(books).run("log", env={"COLUMNS": "80"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines), result.stdout
    shown = [column for column in LOG_HEADER if column in header_of(result.stdout, "Id")]
    left_out = [column for column in LOG_HEADER if column not in shown]
    assert left_out, "the log is wider than 80 columns: something must be left out or wrap"
    assert result.stderr == (
        f"Note: Ledger entries: left out {', '.join(left_out)} to fit 80 columns; widen the "
        "terminal or send the output to a file to see every column\n"
    )
    assert shown[:4] == ["Id", "Kind", "Date", "Amount"]


def test_a_table_that_fits_says_nothing_more(books: Cli) -> None:
    result = books.run("subgrantee", "list", env={"COLUMNS": "80"})
    assert (result.exit_code, result.stderr) == (0, "")
    assert "NM Immigrant Law Center" in result.stdout


def test_figures_are_never_cut_to_fit_a_very_narrow_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from fundtrack.cli.output import print_table

    monkeypatch.setenv("COLUMNS", "24")
    print_table(
        "Balances",
        ["Subgrant", "Amount", "Disbursed"],
        [("LP-FY20", Decimal("1234567.89"), Decimal("7654321.00"))],
        money=("Amount", "Disbursed"),
    )
    out, err = capsys.readouterr()
    assert "…" not in out and err == ""
    [row] = [line for line in out.splitlines() if "LP-FY20" in line]
    assert row.split() == ["LP-FY20", "$1,234,567.89", "$7,654,321.00"]
