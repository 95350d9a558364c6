"""A command imports only what it uses: checked in real processes, from ``sys.modules``.

`fundtrack --help` imports no command's module; a report with ``--json`` and one
``disburse`` import no workbook library, no Rich table, no migrations, no PostgreSQL driver
on SQLite, and not pydantic's converters for their text options.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from typing import Any

import pytest
import typer

from fundtrack.cli.app import COMMANDS, app
from fundtrack.cli.lazy import load
from support import Cli

NEVER_ON_A_READ = ("openpyxl", "xlsxwriter", "alembic", "rich.table", "typer._adapters")


def _run_and_list_modules(*args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run fundtrack with ``args`` in a fresh process; its exit code, output and modules."""
    code = (
        "import json, sys\n"
        "from fundtrack.cli.app import app\n"
        "try:\n"
        "    app(args=sys.argv[1:], prog_name='fundtrack')\n"
        "except SystemExit as done:\n"
        "    code = done.code\n"
        "sys.stderr.write('\\nMODULES ' + json.dumps(sorted(sys.modules)) + '\\n')\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "FUNDTRACK_USER": "clerk", **(env or {})},
    )
    err, _, modules = done.stderr.rpartition("\nMODULES ")
    return {
        "code": done.returncode,
        "out": done.stdout,
        "err": err,
        "modules": set(json.loads(modules)),
    }


def _sqlite(url: str) -> bool:
    return not url.startswith("postgresql")


def test_help_lists_every_command_without_importing_any() -> None:
    done = _run_and_list_modules("--help")

    assert done["code"] == 0, done["err"]
    listed = done["out"].split("Commands:", 1)[1]
    assert [line.split()[0] for line in listed.splitlines() if line[:3].strip()] == list(COMMANDS)
    loaded = {m for m in done["modules"] if m.startswith("fundtrack.")}
    assert loaded == {
        "fundtrack.cli",
        "fundtrack.cli.app",
        "fundtrack.cli.base",
        "fundtrack.cli.lazy",
        "fundtrack.cli.options",
        "fundtrack.errors",
    }
    assert not {"sqlalchemy", "sqlmodel", "pydantic", "rich"} & done["modules"]


@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_table_shows_each_commands_own_one_line_help(name: str) -> None:
    command = load(name, COMMANDS[name])

    assert command.get_short_help_str(limit=1000) == COMMANDS[name].summary


def test_every_command_in_the_tree_is_in_the_table() -> None:
    root: Any = typer.main.get_command(app)

    assert root.list_commands(None) == list(COMMANDS)
    assert all(root.get_command(None, name) is not None for name in COMMANDS)


def test_a_misspelt_command_is_refused_with_the_nearest_names() -> None:
    done = _run_and_list_modules("dizburse")

    assert done["code"] == 2
    assert "No such command 'dizburse'. Did you mean 'disburse'?" in done["err"]
    assert "fundtrack.cli.ledger" not in done["modules"]


def test_a_json_report_loads_no_workbook_table_or_migration_library(books: Cli) -> None:
    done = _run_and_list_modules("--db", books.url, "report", "balances", "--json")

    assert done["code"] == 0, done["err"]
    assert json.loads(done["out"])["awards"][0]["award"] == "CVRC-HT-FY20"
    assert not set(NEVER_ON_A_READ) & done["modules"]
    if _sqlite(books.url):
        assert "psycopg" not in done["modules"]


def test_one_disbursement_loads_no_workbook_table_or_migration_library(books: Cli) -> None:
    args = ("--subgrant", "LP-FY20", "--client", "LP-0001", "--category", "rent")
    done = _run_and_list_modules(
        "--db", books.url, "disburse", *args, "--amount", "12.50", "--date", "2020-01-15"
    )

    assert done["code"] == 0, done["err"]
    assert re.match(r"Entry \d+: \$12\.50 rent for LP-0001", done["out"])
    assert not set(NEVER_ON_A_READ) & done["modules"]
    if _sqlite(books.url):
        assert "psycopg" not in done["modules"]


def test_a_workbook_report_does_load_the_workbook_writer(books: Cli, tmp_path: Any) -> None:
    """The checks above can fail: the same harness sees the writer when it is used."""
    out = tmp_path / "balances.xlsx"
    done = _run_and_list_modules("--db", books.url, "report", "balances", "-o", str(out))

    assert done["code"] == 0, done["err"]
    assert "xlsxwriter" in done["modules"]


def test_a_fresh_process_lists_every_report_each_module_adds() -> None:
    """`report match`, `sf425` and `sefa` are declared in cli/federal.py: a process that has
    imported nothing else must still list and run them."""
    done = _run_and_list_modules("report", "--help")
    assert done["code"] == 0, done["err"]
    listed = re.findall(r"^\s{2}([a-z0-9][a-z0-9-]*)\s", done["out"], flags=re.MULTILINE)
    assert {"victims-served", "balances", "match", "sf425", "sefa"} <= set(listed)
    assert _run_and_list_modules("report", "sf425", "--help")["code"] == 0
