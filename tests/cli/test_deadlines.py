"""``deadlines -o FILE``: an iCalendar file a real parser reads, the table as CSV and as a
workbook, the JSON; and refusals that leave no file and no change behind."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from openpyxl import load_workbook

from deadline_scenario import add_deadline_awards
from refusals import assert_refused
from support import Cli, snapshot

WINDOW = ("--from", "2019-07-01", "--within", "2000")
MADE_AT = {"FUNDTRACK_REPORT_TIME": "2020-07-15T09:00:00Z"}


@pytest.fixture
def scenario(books: Cli) -> Cli:
    return add_deadline_awards(books)


def written(cli: Cli, target: Path, *args: str, made_at: str = "2020-07-15T09:00:00Z") -> Path:
    result = cli.run("deadlines", *WINDOW, *args, "-o", str(target),
                     env={"FUNDTRACK_REPORT_TIME": made_at})  # fmt: skip
    assert (result.exit_code, result.stderr, result.stdout) == (0, "", f"Wrote {target}.\n")
    return target


def expected(cli: Cli) -> list[dict[str, Any]]:
    deadlines: list[dict[str, Any]] = cli.json("deadlines", *WINDOW)["deadlines"]
    assert len(deadlines) == 34
    return deadlines


def events(path: Path) -> list[Any]:
    calendar = Calendar.from_ical(path.read_bytes())
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//fundtrack//fundtrack deadlines//EN"
    return list(calendar.walk("VEVENT"))


def test_the_calendar_holds_every_deadline_as_an_all_day_event(
    scenario: Cli, tmp_path: Path
) -> None:
    found = events(written(scenario, tmp_path / "deadlines.ics"))
    wanted = expected(scenario)
    assert len(found) == len(wanted)
    for event, deadline in zip(found, wanted, strict=True):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is date and type(end) is date, "an all-day event has dates, no time"
        assert start.isoformat() == deadline["date"]
        assert (end - start).days == 1
        assert str(event["SUMMARY"]) == deadline["what"]
        assert event.decoded("DTSTAMP") == datetime.fromisoformat("2020-07-15T09:00:00+00:00")
        assert str(event["TRANSP"]) == "TRANSPARENT"
    subgrant = wanted[0]["subgrant"]
    assert str(found[0]["UID"]) == (f"ffata/VOCA-FFY20/{subgrant}/2019-12-31@deadlines.fundtrack")
    assert str(found[1]["UID"]) == "sf425/DOJ-2020//2020-01-30@deadlines.fundtrack"
    assert len({str(e["UID"]) for e in found}) == len(found), "every event its own UID"


def test_a_later_file_gives_each_deadline_the_same_uid(scenario: Cli, tmp_path: Path) -> None:
    first = events(written(scenario, tmp_path / "july.ics"))
    again = events(written(scenario, tmp_path / "august.ics", made_at="2020-08-01T12:00:00Z"))
    assert [str(e["UID"]) for e in first] == [str(e["UID"]) for e in again]
    assert {e.decoded("DTSTAMP").date() for e in again} == {date(2020, 8, 1)}
    # A narrower window is a subset: the same deadlines keep their UIDs.
    later = scenario.run("deadlines", "--from", "2021-01-01", "--within", "200",
                         "-o", str(tmp_path / "later.ics"))  # fmt: skip
    assert later.exit_code == 0, later.stderr
    narrow = {str(e["UID"]) for e in events(tmp_path / "later.ics")}
    assert narrow and narrow < {str(e["UID"]) for e in first}


def test_the_calendar_file_follows_rfc_5545_line_rules(scenario: Cli, tmp_path: Path) -> None:
    """Checked without the library: CRLF line ends, lines of at most 75 octets (longer
    ones folded), components opened and closed in pairs, the properties every event needs."""
    raw = written(scenario, tmp_path / "deadlines.ics").read_bytes()
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    physical = raw.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in physical)
    logical: list[str] = []
    for line in physical:
        if line[:1] in (b" ", b"\t"):
            logical[-1] += line[1:].decode("utf-8")
        else:
            logical.append(line.decode("utf-8"))
    assert logical[0] == "BEGIN:VCALENDAR" and logical[-1] == "END:VCALENDAR"
    blocks = "\n".join(logical).split("BEGIN:VEVENT\n")[1:]
    assert len(blocks) == 34
    for block in blocks:
        names = {line.split(":", 1)[0].split(";", 1)[0] for line in block.splitlines()}
        assert {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "END"} <= names
        assert any(line.startswith("DTSTART;VALUE=DATE:") for line in block.splitlines())


def test_the_csv_and_json_files_hold_what_json_prints(scenario: Cli, tmp_path: Path) -> None:
    wanted = expected(scenario)
    with written(scenario, tmp_path / "d.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows == [{k.title(): v or "" for k, v in d.items()} for d in wanted]
    saved = json.loads(written(scenario, tmp_path / "d.json").read_text(encoding="utf-8"))
    assert saved == {"deadlines": wanted, "as_recorded": scenario.as_recorded()}


def test_the_workbook_has_dates_a_frozen_header_and_definitions(
    scenario: Cli, tmp_path: Path
) -> None:
    wanted = expected(scenario)
    book = load_workbook(written(scenario, tmp_path / "d.xlsx"))
    assert book.sheetnames == ["Deadlines", "Definitions", "About"]
    sheet = book["Deadlines"]
    header = next(r for r in range(1, 10) if sheet.cell(r, 1).value == "Date")
    assert [c.value for c in sheet[header]] == ["Date", "Kind", "Award", "Subgrant", "What"]
    assert sheet.freeze_panes == f"A{header + 1}"
    first = sheet.cell(header + 1, 1)
    assert first.value == datetime(2019, 12, 31) and first.number_format == "yyyy-mm-dd"
    got = [
        [c.value for c in row]
        for row in sheet.iter_rows(min_row=header + 1, max_row=header + len(wanted))
    ]
    assert got == [
        [datetime.fromisoformat(d["date"]), d["kind"], d["award"], d["subgrant"], d["what"]]
        for d in wanted
    ]
    terms = {row[0].value for row in book["Definitions"].iter_rows()}
    assert {"sf425", "performance", "final-report", "closeout", "sar", "ffata"} <= terms
    assert {"reversion", "retention"} <= terms


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--from", "2020-02-30"),
            "--from '2020-02-30' does not exist on the calendar; "
            "write it as 2020-01-15 or 1/15/2020",
        ),
        (
            ("--from", "31/12/2020"),
            "--from '31/12/2020' is written day first, which fundtrack does not read (it reads "
            "1/15/2020 as January 15); write 2020-12-31",
        ),
        (("--within", "0"), "--within 0 lists no days; give 1 or more (default 365)"),
        (("--within", "-30"), "--within -30 lists no days; give 1 or more (default 365)"),
        (
            ("--within", "3650000"),
            "--within 3650000 is beyond any deadline; give at most 36500 (100 years)",
        ),
    ],
    ids=["impossible-date", "day-first", "zero-days", "negative-days", "millennia"],
)
@pytest.mark.parametrize("suffix", [".ics", ".xlsx"])
def test_a_bad_from_or_within_writes_nothing(
    scenario: Cli, tmp_path: Path, args: tuple[str, ...], message: str, suffix: str
) -> None:
    target = tmp_path / "out" / f"deadlines{suffix}"
    target.parent.mkdir()
    assert_refused(scenario, ["deadlines", *args, "-o", str(target)], message)
    assert list(target.parent.iterdir()) == []


def test_within_that_is_no_number_is_a_usage_error(scenario: Cli, tmp_path: Path) -> None:
    before = snapshot(scenario.url)
    result = scenario.run("deadlines", "--within", "a year", "-o", str(tmp_path / "d.ics"))
    assert result.exit_code == 2
    assert "Invalid value for '--within'" in result.stderr
    assert list(tmp_path.iterdir()) == [] and snapshot(scenario.url) == before


def test_an_unknown_extension_is_refused_naming_the_calendar_too(
    scenario: Cli, tmp_path: Path
) -> None:
    target = tmp_path / "deadlines.ical"
    assert_refused(
        scenario,
        ["deadlines", "-o", str(target)],
        f"cannot write {target}: fundtrack writes .ics, .xlsx, .csv or .json files here; name "
        "the file FILE.ics (a calendar), FILE.xlsx (a workbook), FILE.csv (a table) or FILE.json",
    )
    assert list(tmp_path.iterdir()) == []


def test_other_reports_still_refuse_a_calendar_file(books: Cli, tmp_path: Path) -> None:
    target = tmp_path / "balances.ics"
    result = books.run("report", "balances", "-o", str(target))
    assert result.exit_code == 1 and "writes .xlsx, .csv or .json files" in result.stderr
    assert not target.exists()


def test_the_screen_lists_every_deadline(scenario: Cli) -> None:
    result = scenario.run("deadlines", *WINDOW, env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].strip() == "Deadlines from 2019-07-01 to 2024-12-21"
    rows = [line.split() for line in lines if line.strip()[:4].isdigit()]
    assert [r[:3] for r in rows] == [[d["date"], d["kind"], d["award"]] for d in expected(scenario)]
    assert "LL-VOCA" in rows[0] and rows[0][3] == "LL-VOCA"
