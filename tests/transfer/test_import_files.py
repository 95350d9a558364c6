"""``fundtrack import``: whole files in, or nothing, with every problem named by line.

Line numbers are the lines of the file as a spreadsheet shows them: the header is line 1
(when there are no comment lines above it) and the first record is line 2.
"""

from __future__ import annotations

import csv
import re
import stat
from datetime import date
from pathlib import Path

from openpyxl import Workbook, load_workbook

from support import Cli, snapshot

HEADER = "date,subgrant,client,category,amount,reference,memo\n"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def rows(count: int, *, bad_line: int | None = None) -> str:
    """``count`` $10 rent payments from LP-FY20; the one on ``bad_line`` has a bad amount."""
    lines = [HEADER]
    for line in range(2, count + 2):
        amount = "12.345" if line == bad_line else "10"
        lines.append(f"2019-11-01,LP-FY20,LP-0001,rent,{amount},CHK-{line},\n")
    return "".join(lines)


def test_csv_rows_land_in_the_balances(books: Cli, tmp_path: Path) -> None:
    file = write(
        tmp_path / "lapinon-2019-11.csv",
        "# La Pinon, November 2019 (source note)\n"
        "Amount,DATE,Client,Category,Subgrant,Memo\n"
        "850,2019-11-01,LP-0001,rent,LP-FY20,first month\n"
        '"$1,200.50",11/15/2019,LP-0001,travel,lp-fy20,\n'
        "\n"
        "500,2019-11-20,LP-0001,civil-legal,NMILC-FY20,\n",
    )
    result = books.ok("import", "disbursements", str(file))
    assert result.stdout.startswith(
        "Imported 3 disbursements ($2,550.50) from lapinon-2019-11.csv as batch 1."
    )
    # no progress bar when stderr is not a terminal; only the one late-entry warning line
    assert result.stderr.startswith("Warning: 3 e") and result.stderr.count("\n") == 1
    lp = books.json("subgrant", "show", "LP-FY20")
    assert lp["disbursed"] == "2050.50"
    assert lp["remaining"] == "97761.19"
    assert {c["category"]: c["disbursed"] for c in lp["by_category"]}["travel"] == "1200.50"
    assert books.json("subgrant", "show", "NMILC-FY20")["remaining"] == "49688.31"
    memos = [e["memo"] for e in books.json("log") if e["kind"] == "disbursement"]
    assert memos == ["first month", None, None]


def test_xlsx_workbooks_build_the_books(cli: Cli, tmp_path: Path) -> None:
    def workbook(name: str, *table: list[object]) -> str:
        book = Workbook()
        for row in table:
            book.active.append(row)
        book.save(tmp_path / name)
        return str(tmp_path / name)

    cli.ok(
        "import",
        "awards",
        workbook(
            "awards.xlsx",
            ["Code", "Source", "FY", "Amount", "Name"],
            ["CVRC-HT-FY19", "CVRC-HT", 2019, 145000, "FY2019 appropriation"],
        ),
    )
    cli.ok("import", "subgrantees", workbook("sg.xlsx", ["code", "name"], ["LAPINON", "La Pinon"]))
    cli.ok(
        "import",
        "subgrants",
        workbook(
            "subgrants.xlsx",
            ["code", "award", "subgrantee", "amount", "budget"],
            ["LP-FY19", "CVRC-HT-FY19", "LAPINON", 84811.69, "rent=40000; travel=5000"],
        ),
    )
    result = cli.ok(
        "import",
        "disbursements",
        workbook(
            "nov.xlsx",
            ["date", "subgrant", "client", "category", "amount"],
            [date(2018, 11, 1), "LP-FY19", "LP-0042", "rent", 850.25],
            [date(2018, 11, 2), "LP-FY19", "LP-0043", "travel", 99],
        ),
        "--new-clients",
    )
    assert "2 new clients" in result.stdout
    [award] = cli.json("award", "list")
    assert (award["amount"], award["allocated"], award["disbursed"]) == (
        "145000.00",
        "84811.69",
        "949.25",
    )
    assert award["name"] == "FY2019 appropriation"
    assert [c["client"] for c in cli.json("client", "list")] == ["LP-0042", "LP-0043"]


def test_one_bad_row_in_a_thousand_imports_nothing_and_names_its_line(
    books: Cli, tmp_path: Path
) -> None:
    file = write(tmp_path / "big.csv", rows(1000, bad_line=500))
    before = snapshot(books.url)
    result = books.run("import", "disbursements", str(file))
    assert result.exit_code == 1
    assert result.stderr == (
        "big.csv:500: amount: '12.345' has more than two decimals; round it to cents\n"
        "Error: 1 problem in big.csv (on 1 line); nothing was imported — correct the lines "
        "named and import the file again\n"
    )
    assert snapshot(books.url) == before


def test_overspending_counts_the_rows_before_it(books: Cli, tmp_path: Path) -> None:
    file = write(
        tmp_path / "travel.csv",
        HEADER
        + "2019-11-01,LP-FY20,LP-0001,travel,3000,,\n"
        + "2019-11-02,LP-FY20,LP-0001,travel,2000.01,,\n"
        + "2020-07-01,LP-FY20,LP-0001,rent,1,,\n"
        + "2019-11-03,NMILC-FY20,LP-0001,civil-legal,50188.32,,\n",
    )
    before = snapshot(books.url)
    result = books.run("import", "disbursements", str(file))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:3] == [
        "travel.csv:3: amount: subgrant LP-FY20's travel budget has $2,000.00 left; this "
        "disbursement is $2,000.01 — record a smaller amount or draw on another subgrant",
        "travel.csv:4: date: disbursement date 2020-07-01 is after subgrant LP-FY20's period "
        "of performance 2019-07-01..2020-06-30; use a date inside it or a subgrant whose period "
        "covers it",
        "travel.csv:5: amount: subgrant NMILC-FY20 has $50,188.31 left; this disbursement is "
        "$50,188.32 — record a smaller amount or draw on another subgrant",
    ]
    assert snapshot(books.url) == before


def test_the_same_file_twice_is_refused(books: Cli, tmp_path: Path) -> None:
    file = write(tmp_path / "dec.csv", rows(3))
    books.ok("import", "disbursements", str(file))
    before = snapshot(books.url)
    copy = write(tmp_path / "dec-again.csv", file.read_text())
    result = books.run("import", "disbursements", str(copy), by="other")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: dec-again.csv was already imported as batch 1 (dec.csv, 3 disbursements) on "
    )
    assert result.stderr.endswith(" UTC by clerk; nothing was imported — import only new files\n")
    assert snapshot(books.url) == before


def test_dry_run_shows_totals_and_writes_nothing(books: Cli, tmp_path: Path) -> None:
    file = write(tmp_path / "jan.csv", rows(4) + "2020-01-02,NMILC-FY20,LP-0009,civil-legal,75,,\n")
    before = snapshot(books.url)
    summary = books.json("import", "disbursements", str(file), "--dry-run", "--new-clients")
    assert snapshot(books.url) == before
    assert summary["dry_run"] is True and summary["batch"] is None
    assert (summary["rows"], summary["amount"], summary["clients_added"]) == (5, "115.00", 1)
    assert [(t["subgrant"], t["category"], t["rows"], t["amount"]) for t in summary["totals"]] == [
        ("LP-FY20", "rent", 4, "40.00"),
        ("NMILC-FY20", "civil-legal", 1, "75.00"),
    ]
    # After a dry run the same file still imports.
    books.ok("import", "disbursements", str(file), "--new-clients")


def test_a_misspelled_header_is_refused_before_any_row(books: Cli, tmp_path: Path) -> None:
    file = write(tmp_path / "typo.csv", HEADER.replace("amount", "amout") + rows(2)[len(HEADER) :])
    before = snapshot(books.url)
    result = books.run("import", "disbursements", str(file))
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: typo.csv:1: unknown column 'amout'; did you mean amount? the columns are date, "
        "subgrant, client, category, amount, reference, memo — nothing was imported\n"
    )
    missing = write(tmp_path / "short.csv", "date,subgrant,client,amount\n")
    result = books.run("import", "disbursements", str(missing))
    assert result.stderr == (
        "Error: short.csv:1: missing column category; the file needs date, subgrant, client, "
        "category, amount (optional: reference, memo) — nothing was imported\n"
    )
    assert snapshot(books.url) == before


def test_unknown_clients_need_new_clients(books: Cli, tmp_path: Path) -> None:
    file = write(tmp_path / "new.csv", HEADER + "2019-12-01,LP-FY20,LP-0077,rent,100,,\n")
    result = books.run("import", "disbursements", str(file))
    assert result.stderr.splitlines()[0] == (
        "new.csv:2: client: no client 'LP-0077'; check the reference, or import with "
        "--new-clients to register the file's new clients"
    )
    books.ok("import", "disbursements", str(file), "--new-clients")
    assert [c["client"] for c in books.json("client", "list")] == ["LP-0001", "LP-0077"]


def test_errors_out_lists_every_failing_row_once_with_all_its_problems(
    books: Cli, tmp_path: Path
) -> None:
    text = rows(60).replace("CHK-7,", "123-45-6789,").replace(",10,", ",-10,")
    file = write(tmp_path / "feb.csv", text)
    result = books.run(
        "import", "disbursements", str(file), "--errors-out", str(tmp_path / "e.csv")
    )
    assert result.exit_code == 1
    negative = (
        "'-10' is negative; amounts are positive (to correct an entry, void it with "
        "`fundtrack void`)"
    )
    ssn = "contains what looks like a Social Security number; remove it"
    lines = result.stderr.splitlines()
    assert len(lines) == 52  # the first 50 problems, the count of the rest, the error
    assert lines[:8] == [
        *[f"feb.csv:{line}: amount: {negative}" for line in range(2, 8)],
        f"feb.csv:7: reference: {ssn}",
        f"feb.csv:8: amount: {negative}",
    ]
    assert lines[49] == f"feb.csv:50: amount: {negative}"
    assert lines[50] == f"... and 11 more problems; {tmp_path / 'e.csv'} lists them all"
    assert lines[51].startswith("Error: 61 problems in feb.csv (on 60 lines); nothing was")
    assert stat.S_IMODE((tmp_path / "e.csv").stat().st_mode) == 0o600  # it names clients
    with (tmp_path / "e.csv").open(newline="", encoding="utf-8") as out:
        listed = list(csv.reader(out))
    assert listed[0] == [*HEADER.strip().split(","), "problem"]
    assert len(listed) == 61  # the header and each of the 60 lines once
    assert listed[1] == [
        "2019-11-01",
        "LP-FY20",
        "LP-0001",
        "rent",
        "'-10",  # the original value, kept inert for spreadsheets
        "CHK-2",
        "",
        f"line 2: amount: {negative}",
    ]
    assert listed[6][5:] == ["123-45-6789", "", f"line 7: amount: {negative} | reference: {ssn}"]
    assert [row[-1].split(":")[0] for row in listed[1:]] == [f"line {n}" for n in range(2, 62)]
    books.run("import", "disbursements", str(file), "--errors-out", str(tmp_path / "e.xlsx"))
    sheet = load_workbook(tmp_path / "e.xlsx").active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == [*HEADER.strip().split(","), "problem"]
    assert values[1] == [
        "2019-11-01",
        "LP-FY20",
        "LP-0001",
        "rent",
        "-10",  # exact text in a text cell: a spreadsheet shows it, never computes it
        "CHK-2",
        None,
        f"line 2: amount: {negative}",
    ]
    amount = sheet["E2"]  # the original value, as typed, kept a text cell
    assert (amount.value, amount.data_type, amount.quotePrefix) == ("-10", "s", True)
    assert amount.number_format == "@"
    assert not sheet["F2"].quotePrefix  # CHK-2
    assert stat.S_IMODE((tmp_path / "e.xlsx").stat().st_mode) == 0o600
    assert values[6][7] == f"line 7: amount: {negative} | reference: {ssn}"
    assert len(values) == 61


NOVEMBER = (
    "# La Pinon, November 2019 (source note)\n"
    "Date,Subgrant,Client,Category,Amount,Memo\n"
    "2019-11-01,LP-FY20,LP-0001,rent,850,first month\n"
    "2019-11-02,LP-FY20,LP-0001,rent,12.345,=1+1 nights\n"
    "2019-11-03,LP-FY20,LP-0002,travel,-75,bus\n"
    "2019-11-04,LP-FY20,LP-0001,rent,100,\n"
)
DECIMALS = "amount: '12.345' has more than two decimals; round it to cents"
NEGATIVE = (
    "amount: '-75' is negative; amounts are positive (to correct an entry, void it with "
    "`fundtrack void`)"
)
NO_CLIENT = (
    "client: no client 'LP-0002'; check the reference, or import with --new-clients to "
    "register the file's new clients"
)


def assert_the_corrected_month(books: Cli) -> None:
    """LP-FY20 holds all four rows of NOVEMBER: the two that passed, the two corrected."""
    lp = books.json("subgrant", "show", "LP-FY20")
    assert lp["disbursed"] == "1037.34"
    assert {c["category"]: c["disbursed"] for c in lp["by_category"]} == {
        "rent": "962.34",
        "travel": "75.00",
        "relocation": "0.00",
        "crisis-stabilization": "0.00",
    }
    paid = [(e["amount"], e["memo"]) for e in books.json("log") if e["kind"] == "disbursement"]
    assert paid == [
        ("850.00", "first month"),
        ("12.34", "=1+1 nights"),
        ("75.00", "bus"),
        ("100.00", None),
    ]


def test_a_corrected_errors_out_csv_imports(books: Cli, tmp_path: Path) -> None:
    file = write(tmp_path / "nov.csv", NOVEMBER)
    errors = tmp_path / "nov-errors.csv"
    before = snapshot(books.url)
    result = books.run("import", "disbursements", str(file), "--errors-out", str(errors))
    assert result.stderr.splitlines()[:3] == [
        f"nov.csv:4: {DECIMALS}",
        f"nov.csv:5: {NEGATIVE}",
        f"nov.csv:5: {NO_CLIENT}",
    ]
    assert snapshot(books.url) == before
    # Every row comes back: nothing of the file went in, the good rows included.
    assert errors.read_text(encoding="utf-8") == (
        "Date,Subgrant,Client,Category,Amount,Memo,problem\n"
        "2019-11-01,LP-FY20,LP-0001,rent,850,first month,\n"
        f"2019-11-02,LP-FY20,LP-0001,rent,12.345,'=1+1 nights,line 4: {DECIMALS}\n"
        f'2019-11-03,LP-FY20,LP-0002,travel,\'-75,bus,"line 5: {NEGATIVE} | {NO_CLIENT}"\n'
        "2019-11-04,LP-FY20,LP-0001,rent,100,,\n"
    )
    again = tmp_path / "nov-errors-again.csv"
    result = books.run("import", "disbursements", str(errors), "--errors-out", str(again))
    assert result.exit_code == 1
    assert again.read_text(encoding="utf-8").splitlines()[:3] == [
        "Date,Subgrant,Client,Category,Amount,Memo,problem",  # one problem column, rewritten
        "2019-11-01,LP-FY20,LP-0001,rent,850,first month,",
        f"2019-11-02,LP-FY20,LP-0001,rent,12.345,'=1+1 nights,line 3: {DECIMALS}",
    ]
    corrected = (
        errors.read_text(encoding="utf-8")
        .replace(",12.345,", ",12.34,")
        .replace("LP-0002,travel,'-75,", "LP-0001,travel,75,")
    )
    write(errors, corrected)
    result = books.ok("import", "disbursements", str(errors))
    # The refused imports recorded nothing (on PostgreSQL they may use up batch numbers).
    assert re.match(
        r"Imported 4 disbursements \(\$1,037\.34\) from nov-errors\.csv as batch \d+\.\n",
        result.stdout,
    )
    assert_the_corrected_month(books)


def test_a_corrected_errors_out_workbook_imports(books: Cli, tmp_path: Path) -> None:
    file = write(tmp_path / "nov.csv", NOVEMBER)
    errors = tmp_path / "nov-errors.xlsx"
    before = snapshot(books.url)
    result = books.run("import", "disbursements", str(file), "--errors-out", str(errors))
    assert result.exit_code == 1
    assert snapshot(books.url) == before
    book = load_workbook(errors)
    sheet = book.active
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["Date", "Subgrant", "Client", "Category", "Amount", "Memo", "problem"],
        ["2019-11-01", "LP-FY20", "LP-0001", "rent", "850", "first month", None],
        [
            "2019-11-02",
            "LP-FY20",
            "LP-0001",
            "rent",
            "12.345",
            "=1+1 nights",
            f"line 4: {DECIMALS}",
        ],
        [
            "2019-11-03",
            "LP-FY20",
            "LP-0002",
            "travel",
            "-75",
            "bus",
            f"line 5: {NEGATIVE} | {NO_CLIENT}",
        ],
        ["2019-11-04", "LP-FY20", "LP-0001", "rent", "100", None, None],
    ]
    assert {sheet["F3"].data_type, sheet["E4"].data_type} == {"s"}  # text, never a formula
    sheet["E3"] = "12.34"
    sheet["C4"] = "LP-0001"
    sheet["E4"] = 75
    book.save(errors)
    result = books.ok("import", "disbursements", str(errors))
    # The refused imports recorded nothing (on PostgreSQL they may use up batch numbers).
    assert re.match(
        r"Imported 4 disbursements \(\$1,037\.34\) from nov-errors\.xlsx as batch \d+\.\n",
        result.stdout,
    )
    assert_the_corrected_month(books)


def test_the_problem_column_is_ignored_in_every_kind(books: Cli, tmp_path: Path) -> None:
    books.ok(
        "import",
        "subgrantees",
        str(
            write(
                tmp_path / "sg.csv", "problem,code,name\nline 9: name: too long,TLL,The Life Link\n"
            )
        ),
    )
    assert "TLL" in [s["code"] for s in books.json("subgrantee", "list")]
    books.ok(
        "import",
        "clients",
        str(write(tmp_path / "c.csv", "Client,Problem\nLP-0002,x\n,only a note\n")),
    )
    assert [c["client"] for c in books.json("client", "list")] == ["LP-0001", "LP-0002"]
    before = snapshot(books.url)
    for kind in ("awards", "subgrantees", "subgrants", "clients", "disbursements"):
        result = books.run("import", kind, str(write(tmp_path / f"{kind}.csv", "problem\n")))
        assert result.exit_code == 1
        assert result.stderr.startswith(f"Error: {kind}.csv:1: missing column")
        assert "problem" not in result.stderr  # not one of the kind's columns
    twice = write(tmp_path / "twice.csv", "client,problem,Problem\nLP-0003,,\n")
    assert books.run("import", "clients", str(twice)).stderr == (
        "Error: twice.csv:1: column problem appears twice; keep one — nothing was imported\n"
    )
    plural = write(tmp_path / "plural.csv", "client,problems\nLP-0003,\n")
    assert books.run("import", "clients", str(plural)).stderr == (
        "Error: plural.csv:1: unknown column 'problems'; the columns are client — nothing was "
        "imported\n"
    )
    assert snapshot(books.url) == before


def test_small_kinds_are_all_or_nothing(books: Cli, tmp_path: Path) -> None:
    file = write(
        tmp_path / "subgrants.csv",
        "code,award,subgrantee,amount,budget\n"
        "TLL-FY19,DOJ-2018,LAPINON,10,\n"
        "TLL2-FY19,DOJ-2019,LAPINON,10,\n"
        "TLL3-FY19,DOJ-2018,NMILC,10,rent=20\n"
        "TLL4-FY19,DOJ-2018,NMILC,1.5.0,\n"
        "TLL5-FY19,DOJ-2018,NMILC,990.01,\n",
    )
    books.ok("award", "add", "DOJ-2018", "--source", "DOJ", "--fy", "2019", "--amount", "1000")
    before = snapshot(books.url)
    result = books.run("import", "subgrants", str(file))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:4] == [
        "subgrants.csv:3: award: no award 'DOJ-2019'; did you mean DOJ-2018?",
        "subgrants.csv:4: budget: the subgrant has $10.00 in all; its budget is $20.00 — "
        "budget no more than the subgrant amount",
        "subgrants.csv:5: amount: '1.5.0' is not an amount of money; write it like 1234.56 or "
        "$1,234.56",
        "subgrants.csv:6: amount: award DOJ-2018 has $990.00 unallocated; this subgrant is "
        "$990.01 — reduce the subgrant or use another award",
    ]
    assert snapshot(books.url) == before
    clients = write(tmp_path / "clients.csv", "client\nLP-0002\nlp-0002\nLP-0001\nJohn Smith\n")
    result = books.run("import", "clients", str(clients))
    assert result.stderr.splitlines()[:3] == [
        "clients.csv:3: client: 'LP-0002' is already on line 2",
        "clients.csv:4: client: 'LP-0001' is already registered",
        "clients.csv:5: client: reference 'John Smith' has characters other than letters, "
        "digits and single dashes; use an opaque code of 3-32 letters, digits and dashes with "
        "at least one letter (e.g. LP-0042) — never a name, birth date or SSN",
    ]
    assert snapshot(books.url) == before


def test_files_without_rows_or_of_other_types_are_refused(books: Cli, tmp_path: Path) -> None:
    cases = {
        "empty.csv": ("", "Error: empty.csv has no header line; its first line must name the "
                      "columns (code, name)\n"),
        "only.csv": ("# a note\ncode,name\n", "Error: only.csv has no subgrantees under its "
                     "header\n"),
        "names.txt": ("code,name\n", "Error: names.txt is neither a .csv file nor an .xlsx "
                      "workbook; save it as one\n"),
    }  # fmt: skip
    before = snapshot(books.url)
    for name, (content, message) in cases.items():
        result = books.run("import", "subgrantees", str(write(tmp_path / name, content)))
        assert (result.exit_code, result.stderr) == (1, message)
    assert snapshot(books.url) == before


def test_a_misspelled_kind_is_refused_with_a_suggestion(books: Cli, tmp_path: Path) -> None:
    before = snapshot(books.url)
    result = books.run("import", "disbursments", str(write(tmp_path / "d.csv", rows(1))))
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: unknown kind 'disbursments'; did you mean disbursements? choose one of awards, "
        "subgrantees, subgrants, clients, disbursements, services, match\n",
    )
    assert snapshot(books.url) == before


def test_a_budget_naming_a_category_twice_is_refused_as_on_the_command_line(
    books: Cli, tmp_path: Path
) -> None:
    file = write(
        tmp_path / "subgrants.csv",
        "code,award,subgrantee,amount,budget\nTLL-FY19,DOJ-2018,LAPINON,100,rent=10; RENT=90\n",
    )
    books.ok("award", "add", "DOJ-2018", "--source", "DOJ", "--fy", "2019", "--amount", "1000")
    before = snapshot(books.url)
    result = books.run("import", "subgrants", str(file))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "subgrants.csv:2: budget: the budget names RENT twice; give each category once"
    )
    assert snapshot(books.url) == before
    budgets = ("--budget", "rent=10", "--budget", "RENT=90")
    command = books.run(
        "subgrant", "add", "TLL-FY19", "--award", "DOJ-2018", "--subgrantee", "LAPINON",
        "--amount", "100", *budgets,
    )  # fmt: skip
    assert command.stderr == "Error: --budget names RENT twice; give each category once\n"
    assert snapshot(books.url) == before
