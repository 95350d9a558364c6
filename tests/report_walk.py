"""Every report, found the way a user finds them (``report --help``, and ``deadlines``), with
the arguments each needs, and ways to write and read what they make.

A report added later is walked too: give it its required arguments in ``ARGUMENTS``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from support import Cli

FIXED = "2020-07-15T09:00:00Z"
MADE_AT = {"FUNDTRACK_REPORT_TIME": FIXED}
GENESIS = {"entry": 0, "hash": "0" * 64}
#: What each report needs besides its options (all else defaults); a report not named here
#: is run with none.
ARGUMENTS: dict[str, tuple[str, ...]] = {
    "victims-served": ("--fy", "2020"),
    "pmt": ("--fy", "FFY2020"),
    "balances": ("--as-of", "2020-06-30"),
    "fiscal-year": ("FY2020",),
    "deadlines": ("--from", "2019-07-01", "--within", "2000"),
    "match": ("--as-of", "2020-06-30"),
    "sf425": ("VOCA-FFY20", "--quarter", "FFY2020-Q2"),
    "sefa": ("--fy", "FY2020"),
}
#: Reports about one record, which books just initialised do not hold yet.
NEEDS_A_RECORD = frozenset({"sf425"})


def report_commands(cli: Cli) -> list[tuple[str, ...]]:
    """Every report as ``report --help`` lists it, and ``deadlines``."""
    listing = cli.ok("report", "--help").stdout.split("Commands:", 1)[1]
    names = re.findall(r"^\s{2}([a-z0-9][a-z0-9-]*)\s", listing, flags=re.MULTILINE)
    return [("report", name) for name in names] + [("deadlines",)]


def command(words: tuple[str, ...]) -> tuple[str, ...]:
    return (*words, *ARGUMENTS.get(words[-1], ()))


def about_of(path: Path) -> dict[str, Any]:
    rows = [[c.value for c in row] for row in load_workbook(path)["About"].iter_rows()]
    return {label: value for label, value in rows[1:]}


def every_cell(path: Path) -> dict[tuple[str, str], tuple[Any, str, str]]:
    """Every cell of every sheet: its value, type and number format, by sheet and address."""
    book = load_workbook(path)
    return {
        (ws.title, c.coordinate): (c.value, c.data_type, c.number_format)
        for ws in book
        for row in ws.iter_rows()
        for c in row
    }


def write(cli: Cli, path: Path, words: tuple[str, ...], env: dict[str, str] | None = None) -> Path:
    result = cli.run(*command(words), "-o", str(path), env=env)
    assert (result.exit_code, result.stderr) == (0, ""), (words, result.output)
    return path
