"""Awards: the calendar a fiscal year is named in, and when a period of performance may start."""

from __future__ import annotations

from pathlib import Path

import pytest

from refusals import assert_untouched
from support import Cli

NOT_STATE = (
    "FFY2022 is a federal fiscal year, but source CVRC-HT keeps the state calendar; write "
    "FY2022 for its state fiscal year, or record the award under a federal source"
)


def test_ffy_on_a_state_source_is_refused(cli: Cli) -> None:
    args = ("award", "add", "CVRC-HT-FY22", "--source", "CVRC-HT", "--fy", "FFY2022",
            "--amount", "150000")  # fmt: skip
    assert_untouched(cli, args, f"Error: {NOT_STATE}\n")
    assert cli.json("award", "list") == []


@pytest.mark.parametrize(
    ("source", "fy", "said"),
    [
        ("CVRC-HT", "FY2022", "FY2022, 2021-07-01..2022-06-30"),
        ("CVRC-HT", "2022", "FY2022, 2021-07-01..2022-06-30"),
        ("DOJ", "FFY2022", "FFY2022, 2021-10-01..2022-09-30"),
        ("DOJ", "FY2022", "FFY2022, 2021-10-01..2022-09-30"),  # neutral: the source's calendar
    ],
)
def test_fy_and_a_bare_year_are_read_in_the_sources_calendar(
    cli: Cli, source: str, fy: str, said: str
) -> None:
    done = cli.ok("award", "add", "A-22", "--source", source, "--fy", fy, "--amount", "100")
    assert done.stdout == f"Recorded award A-22: $100.00 from {source}, {said}.\n"


def test_an_import_row_naming_ffy_on_a_state_source_is_refused(cli: Cli, tmp_path: Path) -> None:
    file = tmp_path / "awards.csv"
    file.write_text("code,source,fy,amount\nCVRC-HT-FY22,CVRC-HT,FFY2022,150000\n")
    assert_untouched(
        cli,
        ("import", "awards", str(file)),
        f"awards.csv:2: fy: {NOT_STATE}\nError: 1 problem in awards.csv (on 1 line); nothing "
        "was imported — correct the lines named and import the file again\n",
    )


def test_award_list_with_an_ffy_year_shows_only_federal_awards(cli: Cli) -> None:
    cli.ok("award", "add", "CVRC-HT-FY20", "--source", "CVRC-HT", "--fy", "2020", "--amount", "1")
    cli.ok("award", "add", "DOJ-2020", "--source", "DOJ", "--fy", "2020", "--amount", "1")
    assert [a["award"] for a in cli.json("award", "list", "--fy", "FFY2020")] == ["DOJ-2020"]
    both = [a["award"] for a in cli.json("award", "list", "--fy", "FY2020")]
    assert both == ["CVRC-HT-FY20", "DOJ-2020"]


@pytest.mark.parametrize(
    ("source", "fy", "start", "end"),
    [
        ("DOJ", "FFY2018", "2018-10-01", "2021-09-30"),  # the grant: the day after FFY2018
        ("DOJ", "FFY2018", "2017-10-01", "2018-09-30"),  # the first day of its year
        ("CVRC-HT", "FY2020", "2021-06-30", "2022-06-30"),  # a year after FY2020 ends
        ("CVRC-HT", "FY2040", None, None),  # a future appropriation, recorded before its year
    ],
)
def test_periods_that_start_in_or_soon_after_their_year_are_kept(
    cli: Cli, source: str, fy: str, start: str | None, end: str | None
) -> None:
    period = ("--start", start, "--end", end) if start and end else ()
    cli.ok("award", "add", "A-1", "--source", source, "--fy", fy, "--amount", "100", *period)
    shown = cli.json("award", "show", "A-1")
    if start:
        assert (shown["start"], shown["end"]) == (start, end)


@pytest.mark.parametrize(
    ("fy", "start", "end", "when"),
    [
        ("FY2020", "2023-01-01", "2023-06-30", "more than a year after"),
        ("FY2020", "2021-07-01", "2022-06-30", "more than a year after"),
        ("FY2020", "2019-06-30", "2020-06-30", "before"),
    ],
)
def test_a_period_far_from_its_fiscal_year_is_refused(
    cli: Cli, fy: str, start: str, end: str, when: str
) -> None:
    assert_untouched(
        cli,
        (
            "award",
            "add",
            "CVRC-HT-FY20",
            "--source",
            "CVRC-HT",
            "--fy",
            fy,
            "--amount",
            "1",
            "--start",
            start,
            "--end",
            end,
        ),
        f"Error: the award's period cannot start on {start}, {when} FY2020 "
        "(2019-07-01..2020-06-30); it may start from 2019-07-01 to 2021-06-30; check --start "
        "or the fiscal year\n",
    )
