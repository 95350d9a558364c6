"""The root command: --version, help for every command, and where the database is."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from fundtrack import __version__
from fundtrack.cli.app import app
from fundtrack.clock import today_is
from fundtrack.db import Database
from refusals import assert_refused
from support import Cli, entry_of, snapshot


def _leaf_commands() -> list[tuple[str, ...]]:
    """Every command path under ``fundtrack`` (``award add``, ``disburse``, ...)."""
    found: list[tuple[str, ...]] = []

    def walk(command: Any, path: tuple[str, ...]) -> None:
        if hasattr(command, "commands"):  # a group; the root loads its commands when asked
            for name in command.list_commands(None):
                walk(command.get_command(None, name), (*path, name))
        else:
            found.append(path)

    walk(typer.main.get_command(app), ())
    return sorted(found)


CORE_COMMANDS = [
    ("init",),
    ("source", "add"), ("source", "list"),
    ("award", "add"), ("award", "list"), ("award", "show"),
    ("subgrantee", "add"), ("subgrantee", "list"),
    ("subgrant", "add"), ("subgrant", "list"), ("subgrant", "show"),
    ("category", "add"), ("category", "list"),
    ("client", "add"), ("client", "list"),
    ("disburse",), ("void",), ("log",),
]  # fmt: skip


def test_the_core_commands_exist() -> None:
    assert set(CORE_COMMANDS) <= set(_leaf_commands())


@pytest.mark.parametrize("command", _leaf_commands(), ids=" ".join)
def test_every_command_has_help_with_an_example(command: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.stdout
    example = " ".join(result.stdout.split("Example:", 1)[1].split())
    without_root_options = re.sub(r" --(?:db|by) \S+", "", example)
    assert f"fundtrack {' '.join(command)}" in without_root_options


def _groups() -> list[tuple[str, ...]]:
    """The root command and every command group (``award``, ``report``, ...)."""
    root: Any = typer.main.get_command(app)
    named = [(name, root.get_command(None, name)) for name in root.list_commands(None)]
    return [()] + [(name,) for name, sub in named if hasattr(sub, "commands")]


@pytest.mark.parametrize("group", _groups(), ids=lambda g: " ".join(g) or "fundtrack")
def test_every_group_has_help_with_an_example(group: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*group, "--help"])
    assert result.exit_code == 0, result.output
    example = " ".join(result.stdout.split("Example:", 1)[1].split())
    assert example.startswith(f"fundtrack {' '.join(group)}".rstrip())


def test_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert (result.exit_code, result.stdout) == (0, f"fundtrack {__version__}\n")


def test_a_missing_database_file_is_reported_and_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "books.db"
    result = CliRunner().invoke(app, ["--db", str(missing), "award", "list"])
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: there is no fundtrack database at {missing}; run `fundtrack init` to create "
        "one, or point --db / FUNDTRACK_DB at yours\n",
    )
    assert not missing.parent.exists()


@pytest.mark.parametrize(
    ("make", "detail"),
    [
        (lambda p: p.write_text("a spreadsheet saved under the wrong name\n" * 200),
         "file is not a database"),
        (lambda p: p.mkdir(), "unable to open database file"),
    ],
    ids=["text file", "folder"],
)  # fmt: skip
def test_a_path_that_is_not_a_database_is_named_and_left_alone(
    tmp_path: Path, make: Any, detail: str
) -> None:
    path = tmp_path / "books.db"
    make(path)
    before = path.read_bytes() if path.is_file() else None
    result = CliRunner().invoke(app, ["--db", str(path), "award", "list"])
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {path} is not a fundtrack database ({detail}); point --db / FUNDTRACK_DB at "
        "your books, or run `fundtrack init` on a new path\n",
    )
    assert (path.read_bytes() if path.is_file() else None) == before


def test_fundtrack_db_names_the_database_when_db_is_not_given(db_url: str) -> None:
    runner = CliRunner(env={"FUNDTRACK_DB": db_url})
    result = runner.invoke(app, ["--by", "clerk", "subgrantee", "add", "SG", "--name", "x"])
    assert result.exit_code == 0, result.stderr
    assert Cli(db_url, runner).json("subgrantee", "list") == [{"code": "SG", "name": "x"}]


@pytest.mark.parametrize(
    "command",
    [
        ("award", "list"),
        ("log",),
        ("client", "add", "LP-0001"),
        ("disburse", "--subgrant", "S", "--client", "LP-1", "--category", "rent", "--amount",
         "1", "--date", "2020-01-01"),
    ],
    ids=" ".join,
)  # fmt: skip
def test_an_uninitialised_database_is_refused(blank_url: str, command: tuple[str, ...]) -> None:
    db = Database(blank_url)
    path = Path(blank_url)
    if db.is_sqlite:  # an empty file where the books should be (its folder exists)
        path.touch(mode=0o600)
    before = snapshot(blank_url)
    assert_refused(
        Cli(blank_url, CliRunner()),
        command,
        f"{db.display} is not a fundtrack database yet; run `fundtrack init`",
        code=2,
    )
    assert snapshot(blank_url) == before == {}


# --- --db and --by after the command ---------------------------------------------------------

PAY = ("disburse", "--subgrant", "LP-FY20", "--client", "LP-0001", "--category", "rent",
       "--amount", "850", "--date", "2019-11-01")  # fmt: skip


def fundtrack(*args: str) -> Any:
    """Run ``fundtrack ARGS`` exactly as given: no --db or --by added before the command."""
    return CliRunner(env={"COLUMNS": "120", "FUNDTRACK_DB": None, "FUNDTRACK_USER": None}).invoke(
        app, list(args)
    )


@pytest.mark.parametrize("command", _leaf_commands(), ids=" ".join)
def test_every_command_takes_db_and_by_after_its_name(command: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "--db PATH-OR-URL" in result.stdout and "--by " in result.stdout


def test_db_and_by_after_the_command_mean_what_they_mean_before_it(books: Cli) -> None:
    with today_is(date(2020, 6, 30)):  # in FY2020: not a late entry, no warning
        result = fundtrack(*PAY, "--db", books.url, "--by", "maria")
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    paid = entry_of(result)
    assert result.stdout == (
        f"Entry {paid}: $850.00 rent for LP-0001 from LP-FY20; $98,961.69 left.\n"
    )
    balances = fundtrack("report", "balances", "--db", books.url, "--json")
    assert json.loads(balances.stdout)["awards"][0]["disbursed"] == "850.00"
    [entry] = json.loads(fundtrack("log", "--json", "--last", "1", "--db", books.url).stdout)
    assert (entry["id"], entry["recorded_by"]) == (paid, "maria")
    again = fundtrack("--db", books.url, "--by", "maria", "void", str(paid), "--reason", "twice",
                      "--by", "maria", "--db", books.url)  # fmt: skip
    voided = f"Entry {paid + 1}: voided entry {paid} (-$850.00).\n"
    assert (again.exit_code, again.stdout) == (0, voided)


def test_by_after_the_command_is_checked_like_by_before_it(books: Cli) -> None:
    before = snapshot(books.url)
    result = fundtrack(*PAY, "--db", books.url, "--by", "   ")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: who is recording (' ') must be 1-64 printable characters on one line; pass a "
        "short name with --by or FUNDTRACK_USER\n",
    )
    assert snapshot(books.url) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--db", "{url}", "log", "--db", "other.db"),
            "--db is given twice, '{url}' before the command and 'other.db' after it; give it once",
        ),
        (
            ("--db", "{url}", "--by", "maria", *PAY, "--by", "jose"),
            "--by is given twice, 'maria' before the command and 'jose' after it; give it once",
        ),
    ],
    ids=["db", "by"],
)
def test_db_or_by_given_twice_must_agree(
    books: Cli, args: tuple[str, ...], message: str, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.chdir(tmp_path)
    before = snapshot(books.url)
    result = fundtrack(*(a.replace("{url}", books.url) for a in args))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"Error: {message.replace('{url}', books.url)}\n"
    assert snapshot(books.url) == before
    assert list(tmp_path.iterdir()) == []
