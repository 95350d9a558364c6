"""report victims-served: who counts, in which fiscal year, for which source."""

from __future__ import annotations

from pathlib import Path

from refusals import assert_untouched
from report_scenarios import add_federal, counts, pay, void
from support import Cli, snapshot


def test_a_client_served_by_two_sources_counts_once_in_each_and_once_in_all(books: Cli) -> None:
    add_federal(books)
    pay(books, "LP-FY20", "LP-0001", "2019-11-01")
    pay(books, "LL-VOCA", "LP-0001", "2020-02-01")
    pay(books, "LP-FY20", "LP-0002", "2020-03-01")
    pay(books, "LP-FY20", "LP-0002", "2020-04-01")  # a second payment: still one client
    assert books.json("report", "victims-served", "--fy", "2020") == {
        "calendar": "state",
        "all_sources": "All sources (unduplicated)",
        "rows": [
            {"fiscal_year": 2020, "source": "CVRC-HT", "victims_served": 2},
            {"fiscal_year": 2020, "source": "DOJ", "victims_served": 0},
            {"fiscal_year": 2020, "source": "VOCA", "victims_served": 1},
            {"fiscal_year": 2020, "source": None, "victims_served": 2},
        ],
        "as_recorded": books.as_recorded(),
    }


def test_state_fiscal_years_turn_over_between_june_30_and_july_1(books: Cli) -> None:
    add_federal(books)
    pay(books, "LL-VOCA", "LL-0001", "2020-06-30")
    pay(books, "LL-VOCA", "LL-0002", "2020-07-01")
    found = counts(books, "--fy", "FY20-FY21", "--source", "VOCA")
    assert found == {
        (2020, "VOCA"): 1,
        (2020, None): 1,
        (2021, "VOCA"): 1,
        (2021, None): 1,
        (None, "VOCA"): 2,
        (None, None): 2,
    }


def test_federal_fiscal_years_turn_over_between_september_30_and_october_1(books: Cli) -> None:
    add_federal(books)
    pay(books, "LL-DOJ", "LL-0001", "2019-09-30")
    pay(books, "LL-DOJ", "LL-0002", "2019-10-01")
    pay(books, "LL-DOJ", "LL-0003", "2020-09-30")
    pay(books, "LL-DOJ", "LL-0004", "2020-10-01")
    report = books.json(
        "report", "victims-served", "--fy", "2019..2021", "--calendar", "federal", "--source", "DOJ"
    )
    assert report["calendar"] == "federal"
    found = {(r["fiscal_year"], r["source"]): r["victims_served"] for r in report["rows"]}
    assert found == {
        (2019, "DOJ"): 1,
        (2019, None): 1,
        (2020, "DOJ"): 2,
        (2020, None): 2,
        (2021, "DOJ"): 1,
        (2021, None): 1,
        (None, "DOJ"): 4,
        (None, None): 4,
    }
    # The state calendar turns over on July 1: 2019-09-30 and 2019-10-01 are both FY2020,
    # 2020-09-30 and 2020-10-01 both FY2021.
    state = counts(books, "--fy", "2020..2021", "--source", "DOJ")
    assert state[(2020, "DOJ")] == 2 and state[(2021, "DOJ")] == 2


def test_a_voided_disbursement_drops_out(books: Cli) -> None:
    only = pay(books, "LP-FY20", "LP-0001", "2019-11-01")
    first = pay(books, "LP-FY20", "LP-0002", "2019-11-02")
    pay(books, "LP-FY20", "LP-0002", "2019-11-03")
    assert counts(books, "--fy", "2020", "--source", "CVRC-HT")[(2020, "CVRC-HT")] == 2
    void(books, first)  # LP-0002 still has a payment that stands
    assert counts(books, "--fy", "2020", "--source", "CVRC-HT")[(2020, "CVRC-HT")] == 2
    void(books, only)  # LP-0001's only payment: the client is no longer counted
    assert counts(books, "--fy", "2020", "--source", "CVRC-HT") == {
        (2020, "CVRC-HT"): 1,
        (2020, None): 1,
    }


def test_a_multi_year_range_counts_each_client_once_per_source_and_once_overall(
    books: Cli,
) -> None:
    add_federal(books)
    pay(books, "LP-FY20", "LP-0001", "2019-11-01")
    pay(books, "LL-VOCA", "LP-0001", "2020-08-01")  # FY2021
    pay(books, "LL-VOCA", "LP-0001", "2021-02-01")  # FY2021 again
    pay(books, "LL-VOCA", "LL-0009", "2020-01-15")  # FY2020
    pay(books, "LL-VOCA", "LL-0009", "2021-01-15")  # FY2021
    found = counts(books, "--fy", "FY20-FY21")
    assert found[(2020, "CVRC-HT")] == 1 and found[(2020, "VOCA")] == 1
    assert found[(2020, None)] == 2
    assert found[(2021, "VOCA")] == 2 and found[(2021, None)] == 2
    assert found[(None, "CVRC-HT")] == 1
    assert found[(None, "VOCA")] == 2  # not 3: LL-0009 served in both years counts once
    assert found[(None, "DOJ")] == 0
    assert found[(None, None)] == 2  # not 4 (the sum of the years) nor 3 (of the sources)


def test_rows_come_in_year_order_with_the_range_rows_last(books: Cli) -> None:
    pay(books, "LP-FY20", "LP-0001", "2019-11-01")
    rows = books.json("report", "victims-served", "--fy", "2019..2020", "--source", "cvrc-ht")
    assert [(r["fiscal_year"], r["source"]) for r in rows["rows"]] == [
        (2019, "CVRC-HT"),
        (2019, None),
        (2020, "CVRC-HT"),
        (2020, None),
        (None, "CVRC-HT"),
        (None, None),
    ]


def test_without_fy_the_years_with_disbursements_are_shown(books: Cli) -> None:
    pay(books, "LP-FY20", "LP-0001", "2020-06-30")
    assert counts(books, "--source", "CVRC-HT") == {(2020, "CVRC-HT"): 1, (2020, None): 1}


def test_unknown_fiscal_years_calendars_and_sources_are_refused(books: Cli) -> None:
    before = snapshot(books.url)
    cases = {
        ("--fy", "2020/21"): "Error: fiscal year '2020/21' is not one I can read; write 2020, "
        "FY2020, FY20 or fy20 (a range: 2016..2020 or FY16-FY20)\n",
        ("--fy", "2021..2020"): "Error: fiscal years '2021..2020' run backwards; write the "
        "earlier year first\n",
        ("--calendar", "lunar"): "Error: calendar 'lunar' is not known; use 'state' or 'federal'\n",
        ("--source", "VOCAA"): "Error: no source 'VOCAA'; did you mean VOCA?\n",
    }
    for args, message in cases.items():
        result = books.run("report", "victims-served", *args)
        assert (result.exit_code, result.stderr) == (1, message), args
    assert snapshot(books.url) == before


def test_an_ffy_year_is_counted_in_the_federal_calendar(books: Cli) -> None:
    add_federal(books)
    pay(books, "LL-DOJ", "LL-0001", "2019-09-30")  # FFY2019; state FY2020
    pay(books, "LL-DOJ", "LL-0002", "2019-10-01")  # FFY2020; state FY2020
    pay(books, "LL-DOJ", "LL-0003", "2020-07-01")  # FFY2020; state FY2021
    report = books.json("report", "victims-served", "--fy", "FFY2020", "--source", "DOJ")
    assert report["calendar"] == "federal"
    federal = {(2020, "DOJ"): 2, (2020, None): 2}
    assert counts(books, "--fy", "FFY2020", "--source", "DOJ") == federal
    assert counts(books, "--fy", "FFY2020", "--calendar", "federal", "--source", "DOJ") == federal
    # FY2020 and 2020 are neutral: the state calendar unless --calendar says otherwise.
    state = {(2020, "DOJ"): 2, (2020, None): 2}
    assert counts(books, "--fy", "FY2020", "--source", "DOJ") == state
    assert counts(books, "--fy", "2020", "--calendar", "federal", "--source", "DOJ") == federal
    assert books.json("report", "victims-served", "--fy", "FFY19..FFY20")["calendar"] == "federal"
    table = books.ok("report", "victims-served", "--fy", "FFY2020", "--source", "DOJ").stdout
    assert [line.split()[0] for line in table.splitlines() if "FY2020" in line] == ["FFY2020"]


def test_an_ffy_year_with_the_state_calendar_is_refused_as_contradictory(
    books: Cli, tmp_path: Path
) -> None:
    target = tmp_path / "victims.xlsx"
    for args in (
        ("victims-served", "--fy", "FFY2020", "--calendar", "state"),
        ("victims-served", "--fy", "FFY2019..FFY2020", "--calendar", "state", "-o", str(target)),
    ):
        assert_untouched(
            books,
            ("report", *args),
            f"Error: {args[2]} is a federal fiscal year, but --calendar state was given; "
            "drop --calendar, or write the year without FFY to read it in the state calendar\n",
        )
    assert_untouched(
        books,
        ("report", "fiscal-year", "FFY2020", "--calendar", "state", "-o", str(target)),
        "Error: FFY2020 is a federal fiscal year, but --calendar state was given; drop "
        "--calendar, or write the year without FFY to read it in the state calendar\n",
    )
    assert not target.exists()


def test_the_fiscal_year_workbook_of_an_ffy_year_is_federal_and_says_so(
    books: Cli, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    add_federal(books)
    pay(books, "LL-DOJ", "LL-0003", "2020-07-01")  # FFY2020; state FY2021
    target = tmp_path / "ffy2020.xlsx"
    books.ok("report", "fiscal-year", "FFY2020", "-o", str(target))
    book = load_workbook(target)
    texts = {str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value}
    assert any("FFY2020" in t and "2019-10-01" in t for t in texts)
    served = [row[0].value for row in book["Victims served"].iter_rows()]
    assert "FFY2020" in served and "FY2020" not in served
    assert book["Balances"]["C4"].value == "FFY2019"  # DOJ-2019, a federal grant
